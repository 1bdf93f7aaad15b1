/**
 * writeReport: what the run command calls when a run completes or is aborted
 * (an aborted emergency is evidence too). Builds the statement from the run
 * directory, signs the PAE bytes with every signer present, and writes
 * report.dsse.json, report.md and report.html. Passphrases are used to open
 * the keys and dropped; they never reach any file.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { buildStatement, ReportBuildError, type KnownSigner } from './build.js';
import { serializeEnvelope, signPae, type DsseEnvelope } from './dsse.js';
import { KeyError, loadPrivateKey, publicPem } from './keys.js';
import { DSSE_PAYLOAD_TYPE, type Statement } from './model.js';
import { renderHtml, type HtmlExtras } from './render-html.js';
import type { TrendPoint } from './trend.js';
import { renderMarkdown } from './render-md.js';
import { slotStatus } from './slots.js';

export interface WriteReportOptions {
  runDir: string;
  /** Signers present now. A signer without keyPath is recorded as an open slot for a later `breakglass sign`. */
  signers: { role: string; name: string; keyPath: string; passphrase: string }[];
  requiredRoles?: string[];
  outDir?: string;
  /** Signers expected later whose keys are not here (name known, key maybe). */
  expected?: { role: string; name: string; publicKeyPem?: string }[];
  now?: Date;
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
  );
  const st = slotStatus(built.statement.predicate, new Set(envelope.signatures.map((s) => s.keyid)));
  return {
    ...paths,
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
): Promise<{ envelopePath: string; markdownPath: string; htmlPath: string }> {
  // report.dsse.json → report.md + report.html (any other name: same stem).
  const stem = envelopePath.replace(/(\.dsse)?\.json$/, '');
  const markdownPath = `${stem}.md`;
  const htmlPath = `${stem}.html`;
  const signedKeyids = new Set(envelope.signatures.map((s) => s.keyid));
  const view = {
    statement,
    signedKeyids,
    payloadDigest: createHash('sha256').update(Buffer.from(envelope.payload, 'base64')).digest('hex'),
  };
  await atomicWrite(envelopePath, serializeEnvelope(envelope));
  await atomicWrite(markdownPath, renderMarkdown(view));
  await atomicWrite(htmlPath, renderHtml(view, extras));
  return { envelopePath, markdownPath, htmlPath };
}

export { ReportBuildError };

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
