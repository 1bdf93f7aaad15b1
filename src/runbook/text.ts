/**
 * Bytes → text for a runbook: refuse binary, strip a BOM, normalise line
 * endings. CRLF → LF keeps line and column numbers identical (CR sits at
 * the end of a line), so positions stay exact for the original file.
 */
export type DecodeResult =
  { ok: true; text: string } | { ok: false; message: string; hint: string; line: number; col: number };

function posOfIndex(text: string, index: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < index; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, col: index - last };
}

/** Decode file bytes strictly as UTF-8. */
export function decodeRunbookBytes(bytes: Uint8Array): DecodeResult {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, nul));
    return {
      ok: false,
      message: 'not a text file (contains NUL bytes)',
      hint: 'a runbook is a UTF-8 markdown file',
      ...posOfIndex(head, head.length),
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return {
      ok: false,
      message: 'not a text file (invalid UTF-8)',
      hint: 'save the runbook as UTF-8',
      line: 1,
      col: 1,
    };
  }
  return { ok: true, text };
}

/** Normalise already-decoded text: BOM, CRLF/CR. Returns a problem for control characters. */
export function normaliseRunbookText(raw: string): DecodeResult {
  let text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  text = text.replace(/\r\n?/g, '\n');
  // NUL and other C0 controls (except tab/newline) mean binary, or a terminal-escape trick.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10) || c === 0x7f) {
      const p = posOfIndex(text, i);
      const what =
        c === 0
          ? 'NUL bytes'
          : c === 27
            ? 'an ESC control character'
            : `control character U+${c.toString(16).padStart(4, '0').toUpperCase()}`;
      return {
        ok: false,
        message: c === 0 ? 'not a text file (contains NUL bytes)' : `not a text file (contains ${what})`,
        hint: 'a runbook is a UTF-8 markdown file; remove control characters',
        ...p,
      };
    }
  }
  return { ok: true, text };
}
