/**
 * A comma-separated flag value as a list. Its own module so that `check`
 * reads --accounts and --checks without loading the declaration reader
 * (YAML and zod), which only --config needs.
 */
export function splitList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}
