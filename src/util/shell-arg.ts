/** Quotes one argument for a POSIX shell only when it needs it, so a printed command can be copied as it is. */
export function shellArg(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
