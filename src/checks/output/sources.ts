/**
 * A check's `source` is one or more citations separated by "; ", each a URL a
 * reader can open on Microsoft Learn. The output formats turn them into links;
 * a citation that is not a Learn URL is a bug (src/checks/sources.test.ts
 * keeps it from shipping; a peer tool's baseline is cited on the check's page).
 */
export interface SourceLink {
  url: string;
  /** Short label: host and last path segment, e.g. "learn.microsoft.com · security-emergency-access". */
  label: string;
}

export function sourceLinks(source: string): SourceLink[] {
  return source
    .split(/;\s*/)
    .map((s) => s.trim())
    .filter((s) => /^https:\/\/\S+$/.test(s))
    .map((url) => {
      const u = new URL(url);
      const last = u.pathname.split('/').filter(Boolean).pop() ?? '';
      return { url, label: `${u.host}${last ? ` · ${last}` : ''}${u.hash ? ` ${u.hash}` : ''}` };
    });
}
