/**
 * Verifies a signed completion report. Fails closed: a byte that does not
 * parse, a signature that does not check, a keyid that does not name the key
 * that made the signature, a payload outside the schema, a journal whose
 * chain or digest does not match — each makes the report INVALID (exit 1).
 * A valid report with fewer signatures than the runbook requires is
 * INCOMPLETE (exit 2). Signatures by keys we cannot check are reported as
 * unknown, never silently ignored.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EnvelopeSchema, serializeEnvelope, strictBase64, verifyPae, type DsseEnvelope } from './dsse.js';
import { checkJournal } from '../journal/journal.js';
import { keyIdOf, parsePublicKey } from './keys.js';
import { DSSE_PAYLOAD_TYPE, StatementSchema, type Statement } from './model.js';
import { slotStatus, type SlotState } from './slots.js';

export interface PinnedKey {
  keyid: string;
  publicKey: KeyObject;
  source: string;
}

export type SignatureStatus =
  /** Checks against a trusted key. */
  | 'valid'
  /** Checks against a key recorded in the report, but that key is not trusted (not a trust anchor, not --pubkey): does not count. */
  | 'untrusted'
  /** No public key available for this keyid: cannot be checked. */
  | 'unknown-key'
  /** Does not check: the payload or the signature was altered. */
  | 'invalid'
  /** Checks only against a different key than its keyid names: the envelope was altered. */
  | 'keyid-mismatch';

export interface SignatureReport {
  keyid: string;
  status: SignatureStatus;
  /** The slot it fills, if any. */
  role?: string;
  name?: string;
  message: string;
}

export interface VerifyResult {
  valid: boolean;
  complete: boolean;
  exitCode: 0 | 1 | 2;
  practice: boolean;
  statement?: Statement;
  payloadDigest?: string;
  signatures: SignatureReport[];
  slots: SlotState[];
  missingRoles: string[];
  /** Every counted signature was checked against a trusted key (a trust anchor or --pubkey). */
  pinned: boolean;
  /** --allow-unpinned counted at least one signature by a key known only from the report itself. */
  unpinned: boolean;
  /** A required role was signed for only by keys that are not trusted (one of the problems). */
  untrusted: boolean;
  journalChecked: boolean;
  problems: string[];
  warnings: string[];
}

/** A trusted key and the role it may sign for (trust anchors, src/report/trust.ts). */
export interface AnchorKey {
  keyid: string;
  role: string;
  name: string;
  key: KeyObject;
}

export interface VerifyOptions {
  /** Keys pinned on the command line (--pubkey): trusted for any role. */
  pubkeys?: PinnedKey[];
  /** The organisation's trust anchors (`breakglass keys trust`). */
  anchors?: AnchorKey[];
  /** Count signatures by keys known only from the report itself (integrity, not identity). */
  allowUnpinned?: boolean;
  runDir?: string;
  requireLive?: boolean;
  requirePassed?: boolean;
  /** With requirePassed: accept `passed-with-overrides` (a failure someone chose to go past). */
  allowOverrides?: boolean;
}

/** Deeper than any report breakglass writes; bounds recursion in everything that walks the payload (zod, JSON output). */
export const MAX_JSON_DEPTH = 128;

/** True when JSON text nests arrays/objects deeper than max (a linear scan; strings skipped). */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });
const sha256 = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');

function fail(problems: string[], warnings: string[] = []): VerifyResult {
  return {
    valid: false,
    complete: false,
    exitCode: 1,
    practice: false,
    signatures: [],
    slots: [],
    missingRoles: [],
    pinned: false,
    unpinned: false,
    untrusted: false,
    journalChecked: false,
    problems,
    warnings,
  };
}

function parseEnvelope(bytes: Uint8Array): { env?: DsseEnvelope; problem?: string; reformatted?: boolean } {
  let text: string;
  try {
    text = fatalUtf8.decode(bytes);
  } catch {
    return { problem: 'the report file is not valid UTF-8 (corrupted or altered)' };
  }
  if (jsonTooDeep(text))
    return { problem: `the report file nests deeper than ${MAX_JSON_DEPTH} levels (not a breakglass report)` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: 'the report file is not valid JSON (corrupted or altered)' };
  }
  const p = EnvelopeSchema.safeParse(json);
  if (!p.success) {
    const i = p.error.issues[0]!;
    return { problem: `the report file is not a DSSE envelope: ${i.path.join('.') || '(top level)'}: ${i.message}` };
  }
  const canonical = serializeEnvelope(p.data);
  // Byte-exact: the file must be exactly as breakglass wrote it (CRLF line endings from a Windows checkout tolerated).
  const reformatted = text !== canonical && text !== canonical.replace(/\n/g, '\r\n');
  return { env: p.data, reformatted };
}

export async function verifyEnvelopeBytes(bytes: Uint8Array, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const problems: string[] = [];
  const warnings: string[] = [];
  const { env, problem, reformatted } = parseEnvelope(bytes);
  if (!env) return fail([problem!]);
  if (reformatted)
    problems.push(
      'the report file was changed after it was written (its bytes are not the form breakglass signs and writes); get the original file',
    );
  if (env.payloadType !== DSSE_PAYLOAD_TYPE)
    problems.push(`unexpected payloadType "${env.payloadType}" (expected ${DSSE_PAYLOAD_TYPE})`);

  const payload = strictBase64(env.payload);
  if (!payload) return fail([...problems, 'the payload is not canonical base64 (altered)']);
  let statement: Statement;
  try {
    const payloadText = fatalUtf8.decode(payload);
    if (jsonTooDeep(payloadText))
      return fail([...problems, `the payload nests deeper than ${MAX_JSON_DEPTH} levels (not a breakglass report)`]);
    const parsed = StatementSchema.safeParse(JSON.parse(payloadText));
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      return fail([
        ...problems,
        `the payload does not match the report schema (v1): ${i.path.join('.')}: ${i.message}`,
      ]);
    }
    statement = parsed.data;
  } catch {
    return fail([...problems, 'the payload is not valid JSON (altered)']);
  }
  const report = statement.predicate;
  const practice = report.practice || report.tenant.mode === 'practice';

  // Keys: embedded in the payload (bound to a role+name by the signed payload itself) and pinned via --pubkey.
  const embedded = new Map<string, KeyObject>();
  for (const s of report.signoff.signers) {
    if (!s.publicKey) continue;
    try {
      const k = parsePublicKey(s.publicKey, `the public key of ${s.role} ${s.name}`);
      if (k.keyid !== s.keyid)
        problems.push(
          `the public key recorded for ${s.role} ${s.name} does not match its keyid ${s.keyid ?? '(none)'}`,
        );
      else embedded.set(k.keyid, k.publicKey);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  // Trusted keys: --pubkey (any role) and trust anchors (their role). Keys known only from the
  // report count only with --allow-unpinned: anyone can re-sign a forged report with fresh keys.
  const trusted = new Map<
    string,
    { key: KeyObject; source: 'pinned' | 'anchor' | 'report'; role?: string; name?: string }
  >();
  for (const a of opts.anchors ?? [])
    trusted.set(a.keyid, { key: a.key, source: 'anchor', role: a.role, name: a.name });
  for (const k of opts.pubkeys ?? []) trusted.set(k.keyid, { key: k.publicKey, source: 'pinned' });
  if (opts.allowUnpinned)
    for (const [kid, key] of embedded) if (!trusted.has(kid)) trusted.set(kid, { key, source: 'report' });
  const all = new Map<string, KeyObject>([...embedded, ...[...trusted].map(([kid, t]) => [kid, t.key] as const)]);
  for (const [kid, t] of trusted) {
    const e = embedded.get(kid);
    if (t.source !== 'report' && e && keyIdOf(e) === kid && !e.equals(t.key))
      problems.push(`the trusted key ${kid} differs from the key recorded in the report under the same fingerprint`);
  }
  const slotRoleOf = new Map(report.signoff.signers.filter((s) => s.keyid).map((s) => [s.keyid!, s] as const));

  const boundKeyids = new Set(report.signoff.signers.map((s) => s.keyid).filter((k): k is string => !!k));
  const sigReports: SignatureReport[] = [];
  const validBound = new Set<string>();
  const validUnbound: string[] = [];
  const seen = new Set<string>();
  for (const sig of env.signatures) {
    if (seen.has(sig.keyid)) {
      problems.push(`two signatures carry keyid ${sig.keyid}`);
      continue;
    }
    seen.add(sig.keyid);
    const sigBytes = strictBase64(sig.sig);
    if (!sigBytes) {
      sigReports.push({ keyid: sig.keyid, status: 'invalid', message: 'signature is not canonical base64 (altered)' });
      continue;
    }
    const named = all.get(sig.keyid);
    if (named && verifyPae(env.payloadType, payload, sigBytes, named)) {
      const t = trusted.get(sig.keyid);
      const slot = slotRoleOf.get(sig.keyid);
      if (!t) {
        sigReports.push({
          keyid: sig.keyid,
          status: 'untrusted',
          ...(slot ? { role: slot.role, name: slot.name } : {}),
          message:
            'checks against the key recorded in the report, but that key is not trusted (not added with `breakglass keys trust`, not given with --pubkey): anyone can sign with a fresh key under any name, so it does not count',
        });
        continue;
      }
      if (t.role && slot && slot.role !== t.role) {
        sigReports.push({
          keyid: sig.keyid,
          status: 'untrusted',
          role: slot.role,
          name: slot.name,
          message: `the key is trusted for ${t.role} ${t.name}, not for ${slot.role}: it does not count here`,
        });
        continue;
      }
      if (boundKeyids.has(sig.keyid)) validBound.add(sig.keyid);
      else validUnbound.push(sig.keyid);
      sigReports.push({
        keyid: sig.keyid,
        status: 'valid',
        message:
          t.source === 'anchor'
            ? `valid (trusted key of ${t.role} ${t.name})`
            : t.source === 'pinned'
              ? 'valid (key pinned with --pubkey)'
              : 'valid (key from the report itself, NOT trusted: --allow-unpinned)',
      });
      continue;
    }
    // The keyid is only a hint in DSSE; if another known key made this signature, the hint was altered.
    const other = [...all].find(([kid, k]) => kid !== sig.keyid && verifyPae(env.payloadType, payload, sigBytes, k));
    if (other)
      sigReports.push({
        keyid: sig.keyid,
        status: 'keyid-mismatch',
        message: `made by key ${other[0]}, but labelled ${sig.keyid}: the envelope was altered`,
      });
    else if (named)
      sigReports.push({
        keyid: sig.keyid,
        status: 'invalid',
        message: 'does NOT check: the report or the signature was altered after signing',
      });
    else
      sigReports.push({
        keyid: sig.keyid,
        status: 'unknown-key',
        message:
          'signed by an unknown key: no public key for it in the report or --pubkey, so it cannot be checked and does not count',
      });
  }
  for (const s of sigReports)
    if (s.status === 'invalid' || s.status === 'keyid-mismatch') problems.push(`signature ${s.keyid}: ${s.message}`);

  const st = slotStatus(report, validBound, validUnbound, (kid) => trusted.get(kid)?.role);
  for (const slot of st.slots) {
    if (!slot.by) continue;
    const r = sigReports.find((s) => s.keyid === slot.by);
    if (r) Object.assign(r, { role: slot.role, name: slot.name });
  }
  for (const kid of st.unusedKeyids) {
    const r = sigReports.find((s) => s.keyid === kid);
    if (r) r.message += '; it fills no sign-off slot in this report (an extra signature)';
  }
  const counted = new Set(st.slots.filter((x) => x.by).map((x) => x.by!));
  const unpinned = [...counted].some((kid) => trusted.get(kid)?.source === 'report');
  if (unpinned)
    warnings.push(
      "--allow-unpinned: signatures were checked against keys recorded in the report itself, which proves integrity but not who holds the keys; add the signers' keys with `breakglass keys trust`, or pin them with --pubkey",
    );

  // Run directory: the journal chain, its final hash and the subject digests.
  let journalChecked = false;
  if (opts.runDir) {
    journalChecked = true;
    await checkRunDir(opts.runDir, statement, problems, warnings);
  }

  if (practice && opts.requireLive) problems.push('PRACTICE — not evidence of a live drill (--require-live)');
  if (opts.requirePassed && !report.result.startsWith('passed'))
    problems.push(`the run's result is "${report.result}" (--require-passed)`);
  else if (opts.requirePassed && report.result === 'passed-with-overrides' && !opts.allowOverrides)
    problems.push(
      'the run passed only because failed steps were overridden (--require-passed; add --allow-overrides to accept that, after reading the justifications)',
    );

  // Integrity without a single counted signature attests nothing: never "complete", even if no role is required.
  const signedCount = st.slots.filter((x) => x.signed).length;
  if (signedCount === 0 && st.missingRoles.length === 0)
    st.missingRoles.push('(any signer: this report has no signature that counts)');
  // A role is missing while a signature by an untrusted key claims it: that is not "not yet signed" but "not trusted" (exit 1).
  const untrusted = sigReports.filter((x) => x.status === 'untrusted');
  const notTrusted = st.missingRoles.length > 0 && untrusted.length > 0;
  if (notTrusted) {
    problems.push(
      `NOT TRUSTED: ${untrusted.map((u) => (u.role ? `${u.role} ${u.name} (key ${u.keyid})` : `key ${u.keyid}`)).join(', ')} signed with a key that is not trusted, and no trusted key signed for ${st.missingRoles.join(', ')}. Add the signers' public keys with \`breakglass keys trust\` (after checking their fingerprints with them), or pin them with --pubkey`,
    );
  }
  const valid = problems.length === 0;
  const complete = valid && st.missingRoles.length === 0;
  return {
    valid,
    complete,
    exitCode: !valid ? 1 : !complete ? 2 : 0,
    practice,
    statement,
    payloadDigest: sha256(payload),
    signatures: sigReports,
    slots: st.slots,
    missingRoles: st.missingRoles,
    pinned: counted.size > 0 && !unpinned,
    unpinned,
    untrusted: notTrusted,
    journalChecked,
    problems,
    warnings,
  };
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function checkRunDir(
  runDir: string,
  statement: Statement,
  problems: string[],
  warnings: string[],
): Promise<void> {
  const report = statement.predicate;
  const [rbSubject, jSubject] = [statement.subject[0], statement.subject.find((s) => s.name === 'journal.jsonl')];
  const journal = await readOrUndefined(join(runDir, 'journal.jsonl'));
  const runbook = await readOrUndefined(join(runDir, 'runbook.md'));
  if (journal === undefined) {
    problems.push(
      `${join(runDir, 'journal.jsonl')} not found: cannot check the journal (is --run-dir the run's directory?)`,
    );
  } else {
    const chk = checkJournal(journal);
    const n = report.journal.recordCount;
    if (chk.records.length < n) {
      problems.push(
        `the journal chain breaks before record ${n}: ${chk.problems.join('; ') || `only ${chk.records.length} records`}`,
      );
    } else {
      const atN = n === 0 ? undefined : chk.records[n - 1]!.hash;
      if (atN !== report.journal.finalHash)
        problems.push(`the journal's hash at record ${n} is not the signed final hash (journal replaced or altered)`);
      if (!chk.ok) warnings.push(`the journal has damage after the signed part: ${chk.problems.join('; ')}`);
      if (jSubject && sha256(journal) !== jSubject.digest.sha256) {
        // Records appended after signing are not covered; the signed prefix must still match byte for byte.
        const prefix = journal
          .split('\n')
          .slice(0, n)
          .map((l) => l + '\n')
          .join('');
        if (sha256(prefix) === jSubject.digest.sha256)
          warnings.push(
            `the journal has ${chk.records.length - n} record(s) appended after the report was signed (not covered by the signatures)`,
          );
        else problems.push('journal.jsonl does not match the digest in the signed report (altered)');
      }
    }
  }
  if (runbook === undefined) problems.push(`${join(runDir, 'runbook.md')} not found: cannot check the runbook digest`);
  else if (rbSubject && sha256(runbook) !== rbSubject.digest.sha256)
    problems.push(`runbook.md does not match the digest of ${rbSubject.name} in the signed report (altered)`);
  else if (rbSubject && rbSubject.digest.sha256 !== report.runbook.sha256 && !report.runbook.changedDuringRun) {
    warnings.push('the runbook copy in the run directory differs from the runbook hash recorded when the run started');
  }
}

export async function verifyFile(path: string, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const bytes = await readFile(path);
  return verifyEnvelopeBytes(bytes, opts);
}
