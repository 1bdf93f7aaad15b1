/**
 * writeReport: what the run command calls when a run completes or is aborted
 * (an aborted emergency is evidence too). Builds the statement from the run
 * directory, signs the PAE bytes with every signer present, and writes
 * report.dsse.json, report.md and report.html. Passphrases are used to open
 * the keys and dropped; they never reach any file.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { buildStatement, ReportBuildError, type KnownSigner } from './build.js';
import { serializeEnvelope, signPae, type DsseEnvelope } from './dsse.js';
import { KeyError, loadPrivateKey, publicPem } from './keys.js';
import { DSSE_PAYLOAD_TYPE, type Statement } from './model.js';
import { renderHtml, type HtmlExtras } from './render-html.js';
import type { TrendPoint } from './trend.js';
import { renderMarkdown } from './render-md.js';
import { slotStatus } from './slots.js';
import { reportVerdict } from './end-summary.js';
import type { SignHint } from './view.js';
import type { ReportVerdict } from '../core/events.js';

export interface WriteReportOptions {
  runDir: string;
  /** Signers present now. A signer without keyPath is recorded as an open slot for a later `breakglass sign`. */
  signers: { role: string; name: string; keyPath: string; passphrase: string }[];
  requiredRoles?: string[];
  outDir?: string;
  /** Signers expected later whose keys are not here (name known, key maybe). */
  expected?: { role: string; name: string; publicKeyPem?: string }[];
  now?: Date;
  /** How the end screen names the command that adds a missing signature. */
  signHint?: Omit<SignHint, 'envelopePath'>;
}

export interface WriteReportResult {
  envelopePath: string;
  markdownPath: string;
  htmlPath: string;
  payloadDigest: string;
  signedBy: string[];
  missingRoles: string[];
  /** Signers whose key could not be opened (the report is written anyway, without their signature). */
  warnings: string[];
  /** The headline and attention list of the written report, for the end screen. */
  verdict: ReportVerdict;
}

async function atomicWrite(path: string, data: string, mode = 0o644): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data, { mode });
  await rename(tmp, path);
}

export async function writeReport(opts: WriteReportOptions): Promise<WriteReportResult> {
  // A key that cannot be opened must not cost the run its report (an aborted emergency is evidence too):
  // that signer becomes an open slot, the report is written, and they can `breakglass sign` it later.
  const keys = [] as {
    role: string;
    name: string;
    keyid: string;
    privateKey: import('node:crypto').KeyObject;
    pem: string;
  }[];
  const warnings: string[] = [];
  const unsigned: KnownSigner[] = [];
  for (const s of opts.signers) {
    if (!s.keyPath) {
      unsigned.push({ role: s.role, name: s.name });
      continue;
    }
    try {
      const k = await loadPrivateKey(s.keyPath, s.passphrase);
      keys.push({ role: s.role, name: s.name, keyid: k.keyid, privateKey: k.privateKey, pem: publicPem(k.publicKey) });
    } catch (e) {
      if (!(e instanceof KeyError)) throw e;
      warnings.push(
        `${s.role} ${s.name}: ${e.message}. The report was written without this signature; add it with \`breakglass sign\`.`,
      );
      unsigned.push({ role: s.role, name: s.name });
    }
  }
  const known: KnownSigner[] = keys.map((k) => ({ role: k.role, name: k.name, keyid: k.keyid, publicKey: k.pem }));
  known.push(...unsigned);
  for (const e of opts.expected ?? []) {
    if (e.publicKeyPem) {
      const { parsePublicKey } = await import('./keys.js');
      const pk = parsePublicKey(e.publicKeyPem, `the public key of ${e.role} ${e.name}`);
      known.push({ role: e.role, name: e.name, keyid: pk.keyid, publicKey: e.publicKeyPem });
    } else known.push({ role: e.role, name: e.name });
  }
  const built = await buildStatement({
    runDir: opts.runDir,
    signers: known,
    ...(opts.requiredRoles ? { requiredRoles: opts.requiredRoles } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
  const seen = new Set<string>();
  const envelope: DsseEnvelope = {
    payloadType: DSSE_PAYLOAD_TYPE,
    payload: built.payload.toString('base64'),
    signatures: [],
  };
  for (const k of keys) {
    if (seen.has(k.keyid)) continue;
    seen.add(k.keyid);
    envelope.signatures.push(signPae(DSSE_PAYLOAD_TYPE, built.payload, k.privateKey, k.keyid));
  }
  const outDir = opts.outDir ?? opts.runDir;
  await mkdir(outDir, { recursive: true });
  const trend = await priorLatencies(opts.runDir, built.statement);
  const paths = await writeRenderedFiles(
    join(outDir, 'report.dsse.json'),
    envelope,
    built.statement,
    trend.length > 1 ? { trend } : {},
    envelope.signatures.map((s) => s.keyid),
  );
  const st = slotStatus(built.statement.predicate, new Set(envelope.signatures.map((s) => s.keyid)));
  const verdict = reportVerdict(
    {
      statement: built.statement,
      signedKeyids: new Set(envelope.signatures.map((s) => s.keyid)),
      payloadDigest: createHash('sha256').update(built.payload).digest('hex'),
    },
    { ...opts.signHint, envelopePath: paths.envelopePath },
  );
  return {
    ...paths,
    verdict,
    payloadDigest: createHash('sha256').update(built.payload).digest('hex'),
    signedBy: st.slots.filter((s) => s.signed).map((s) => `${s.role}: ${s.name}`),
    missingRoles: st.missingRoles,
    warnings,
  };
}

/** Writes the envelope and its two renderings side by side (also used by `breakglass sign` after adding a signature). */
export async function writeRenderedFiles(
  envelopePath: string,
  envelope: DsseEnvelope,
  statement: Statement,
  extras: HtmlExtras = {},
  /** keyids whose signatures were added just now (their time is recorded). */
  added: string[] = [],
): Promise<{ envelopePath: string; markdownPath: string; htmlPath: string }> {
  // report.dsse.json → report.md + report.html (any other name: same stem).
  const stem = envelopePath.replace(/(\.dsse)?\.json$/, '');
  const markdownPath = `${stem}.md`;
  const htmlPath = `${stem}.html`;
  const signedKeyids = new Set(envelope.signatures.map((s) => s.keyid));
  const signedAt = await recordSignedAt(`${stem}.signed-at.json`, signedKeyids, added);
  const view = {
    statement,
    signedKeyids,
    payloadDigest: createHash('sha256').update(Buffer.from(envelope.payload, 'base64')).digest('hex'),
    signedAt,
  };
  await atomicWrite(envelopePath, serializeEnvelope(envelope));
  await atomicWrite(markdownPath, renderMarkdown(view));
  await atomicWrite(htmlPath, renderHtml(view, extras));
  return { envelopePath, markdownPath, htmlPath };
}

export { ReportBuildError };

/** The recorded signing times beside an envelope (report.dsse.json → report.signed-at.json); {} when none. */
export async function readSignedAt(envelopePath: string): Promise<Record<string, string>> {
  const path = `${envelopePath.replace(/(\.dsse)?\.json$/, '')}.signed-at.json`;
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed as Record<string, unknown>).filter(
        (e): e is [string, string] => typeof e[1] === 'string' && !Number.isNaN(Date.parse(e[1])),
      ),
    );
  } catch {
    return {};
  }
}

/**
 * When each signature was added: a DSSE signature carries no time, and the report's payload is
 * fixed before a later witness signs, so the time a person signed is kept beside the envelope
 * (keyid → ISO time), written by whoever adds a signature. It is shown as what it is: the signing
 * machine's clock, not part of what was signed.
 */
async function recordSignedAt(
  path: string,
  keyids: Set<string>,
  added: string[],
  now = new Date(),
): Promise<Record<string, string>> {
  let times: Record<string, string> = {};
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      for (const [k, v] of Object.entries(parsed as Record<string, unknown>))
        if (keyids.has(k) && typeof v === 'string' && !Number.isNaN(Date.parse(v))) times[k] = v;
  } catch {
    times = {}; // none yet (or unreadable: the times of earlier signatures are then unknown, never invented)
  }
  for (const k of added) if (keyids.has(k)) times[k] = now.toISOString();
  if (Object.keys(times).length) await atomicWrite(path, JSON.stringify(times, null, 2) + '\n');
  return times;
}

/**
 * Alert latency of earlier drills of the same runbook in the same state dir
 * (<stateDir>/runs/<runId>/), for the HTML chart. Only reports that still
 * verify are used; the chart is labelled as outside the signed payload.
 */
async function priorLatencies(runDir: string, statement: Statement): Promise<TrendPoint[]> {
  const r = statement.predicate;
  const own = r.measurements.find((m) => m.name === 'alertLatencyMs' && typeof m.value === 'number');
  if (!own) return [];
  const points: TrendPoint[] = [];
  try {
    const { readdir } = await import('node:fs/promises');
    const { verifyFile } = await import('./verify.js');
    const { loadTrustAnchors } = await import('./trust.js');
    const runs = dirname(runDir);
    // Only drills signed by trusted keys of this state dir (`breakglass keys trust`) feed the chart.
    const anchors = await loadTrustAnchors(dirname(runs));
    for (const name of (await readdir(runs)).slice(-200)) {
      if (name === basename(runDir)) continue;
      const v = await verifyFile(join(runs, name, 'report.dsse.json'), { anchors }).catch(() => undefined);
      const p = v?.valid ? v.statement?.predicate : undefined;
      if (!p || p.runbook.id !== r.runbook.id || (p.tenant.tenantId ?? '') !== (r.tenant.tenantId ?? '')) continue;
      const m = p.measurements.find((x) => x.name === 'alertLatencyMs' && typeof x.value === 'number');
      if (m)
        points.push({
          at: p.finishedAt ?? p.startedAt,
          ms: m.value as number,
          ...(p.practice ? { label: 'practice' } : {}),
        });
    }
  } catch {
    return []; // no state dir around this run: no chart
  }
  points.push({ at: r.finishedAt ?? r.startedAt, ms: own.value as number });
  return points.sort((a, b) => a.at.localeCompare(b.at)).slice(-12);
}
