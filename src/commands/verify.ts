/**
 * `breakglass verify <report.dsse.json> [--pubkey FILE…] [--state-dir DIR] [--run-dir DIR] [--json]
 *    [--require-live] [--require-passed [--allow-overrides]] [--allow-unpinned]`
 * Signatures count only by trusted keys: the trust anchors in the state dir (`breakglass keys trust`)
 * and --pubkey. Exit: 0 valid, complete and trusted · 1 invalid (bad signature, altered, schema,
 * --require-*, or signed only by keys that are not trusted) · 2 valid but a signature is missing.
 */
import { parseArgs } from 'node:util';
import { EXIT } from '../core/exit-codes.js';
import type { VerifyResult } from '../report/verify.js';

const USAGE =
  'breakglass verify <report.dsse.json> [--pubkey FILE…] [--state-dir DIR] [--run-dir DIR] [--json] [--require-live] [--require-passed [--allow-overrides]] [--allow-unpinned]';

/** The first line of output when --allow-unpinned let keys from the report itself count. */
export const UNPINNED_NOTICE =
  'KEYS NOT TRUSTED (--allow-unpinned): signatures were checked against keys recorded in the report itself; this proves the report is intact, not who signed it.';

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        pubkey: { type: 'string', multiple: true },
        'run-dir': { type: 'string' },
        json: { type: 'boolean' },
        'require-live': { type: 'boolean' },
        'require-passed': { type: 'boolean' },
        'allow-overrides': { type: 'boolean' },
        'allow-unpinned': { type: 'boolean' },
        'state-dir': { type: 'string' },
      },
    });
  } catch (e) {
    process.stderr.write(`breakglass verify: ${(e as Error).message}\nUsage: ${USAGE}\n`);
    return EXIT.USAGE;
  }
  const file = parsed.positionals[0];
  if (!file || parsed.positionals.length > 1) {
    process.stderr.write(`breakglass verify: give one report file (report.dsse.json)\nUsage: ${USAGE}\n`);
    return EXIT.USAGE;
  }
  if (/\.(md|html?)$/i.test(file)) {
    // The markdown and HTML reports are renderings; the signature is on the envelope written beside them.
    const envelope = file.replace(/[^/\\]*$/, 'report.dsse.json');
    process.stderr.write(
      `breakglass verify: ${file} is a rendering of the report, not what was signed. Verify the signed envelope beside it:\n  breakglass verify ${envelope}${(parsed.values.pubkey ?? []).map((p) => ` --pubkey ${p}`).join('')}\n`,
    );
    return EXIT.USAGE;
  }
  const { readFile } = await import('node:fs/promises');
  const { KeyError, loadPublicKey } = await import('../report/keys.js');
  const { verifyEnvelopeBytes } = await import('../report/verify.js');
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    process.stderr.write(
      `breakglass verify: cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(e)}\n`,
    );
    return EXIT.NO_INPUT;
  }
  const pubkeys = [];
  for (const p of parsed.values.pubkey ?? []) {
    try {
      const k = await loadPublicKey(p);
      pubkeys.push({ keyid: k.keyid, publicKey: k.publicKey, source: p });
    } catch (e) {
      if (!(e instanceof KeyError)) throw e;
      process.stderr.write(`breakglass verify: --pubkey ${e.message}\n`);
      return EXIT.NO_INPUT;
    }
  }
  const { loadTrustAnchors } = await import('../report/trust.js');
  const { resolveStateDir } = await import('../state/paths.js');
  let anchors;
  try {
    anchors = await loadTrustAnchors(resolveStateDir(parsed.values['state-dir']));
  } catch (e) {
    if (!(e instanceof KeyError)) throw e;
    process.stderr.write(`breakglass verify: ${e.message}\n`);
    return EXIT.NO_INPUT;
  }
  const res = await verifyEnvelopeBytes(bytes, {
    pubkeys,
    anchors,
    allowUnpinned: !!parsed.values['allow-unpinned'],
    allowOverrides: !!parsed.values['allow-overrides'],
    ...(parsed.values['run-dir'] ? { runDir: parsed.values['run-dir'] } : {}),
    requireLive: !!parsed.values['require-live'],
    requirePassed: !!parsed.values['require-passed'],
  });
  if (res.unpinned) process.stderr.write(UNPINNED_NOTICE + '\n');
  if (parsed.values.json) {
    const { statement, ...rest } = res;
    const { safeJsonStringify } = await import('../util/json-text.js');
    process.stdout.write(
      safeJsonStringify(
        {
          ...(res.unpinned ? { notice: UNPINNED_NOTICE } : {}),
          file,
          ...rest,
          subject: statement?.subject,
          report: statement?.predicate,
        },
        2,
      ) + '\n',
    );
  } else {
    process.stdout.write(await formatVerify(file, res));
  }
  return res.exitCode;
}

export async function formatVerify(file: string, v: VerifyResult): Promise<string> {
  const { oneLine } = await import('../report/sanitize.js');
  const { fmtDuration, fmtTime, RESULT_LABEL, tenantMode } = await import('../report/view.js');
  const { spaced } = await import('../report/keys.js');
  const { readSignedAt } = await import('../report/write.js');
  const signedAt = await readSignedAt(file);
  const o: string[] = [];
  const r = v.statement?.predicate;
  if (v.unpinned) o.push(UNPINNED_NOTICE);
  o.push(`Report ${oneLine(file)}`);
  if (r) {
    if (v.practice) {
      o.push(
        '',
        '  ########################################################',
        '  ##  PRACTICE — not evidence of a live drill            ##',
        '  ########################################################',
        '',
      );
    }
    o.push(`  Runbook    ${oneLine(r.runbook.id)} ${oneLine(r.runbook.version)} — ${oneLine(r.runbook.title)}`);
    o.push(`             sha256 ${r.runbook.sha256}`);
    o.push(
      `  Tenant     ${tenantMode(r) ? `${tenantMode(r)} · ` : ''}${oneLine(r.tenant.label)}${r.tenant.initialDomain ? ` · ${oneLine(r.tenant.initialDomain)}` : ''}${r.tenant.tenantId ? ` · ${oneLine(r.tenant.tenantId)}` : ''}`,
    );
    o.push(`  Result     ${RESULT_LABEL[r.result]}${r.end.reason ? ` — ${oneLine(r.end.reason)}` : ''}`);
    o.push(`  When       ${fmtTime(r.startedAt)} → ${fmtTime(r.finishedAt)} (${fmtDuration(r.durationMs)})`);
    if (r.operator) o.push(`  Operator   ${oneLine(r.operator)}`);
    for (const i of r.identities) o.push(`  Signed in  ${oneLine(i.upn ?? i.appId ?? i.kind)} (oid ${oneLine(i.oid)})`);
    o.push(
      `  Journal    ${r.journal.recordCount} records, final hash ${r.journal.finalHash.slice(0, 16)}… ${v.journalChecked ? '(checked against the run directory)' : '(not checked: pass --run-dir)'}`,
    );
    o.push('', 'Signatures');
    for (const s of v.slots) {
      const mark = s.signed ? 'OK     ' : 'MISSING';
      // The sign-off step's time is when they were named in the run; a signature's own time is kept beside the report.
      const by = s.signed ? (s.by ?? s.keyid) : undefined;
      const when =
        (by && signedAt[by] ? `, signed ${fmtTime(signedAt[by])}` : '') +
        (s.signedOffAt ? `, named at sign-off ${fmtTime(s.signedOffAt)}` : '');
      o.push(
        `  ${mark} ${oneLine(s.role).padEnd(9)} ${oneLine(s.name)}${(s.by ?? s.keyid) ? `  key ${spaced((s.by ?? s.keyid)!)}` : ''}${s.bound ? '' : s.signed ? ' (key not named in the report; a trusted key)' : ''}${when}`,
      );
    }
    for (const s of v.signatures.filter((x) => x.status !== 'valid' || !x.role))
      o.push(`  ${s.status.toUpperCase().padEnd(7)} key ${spaced(s.keyid)}: ${s.message}`);
    if (!v.slots.length && !v.signatures.length) o.push('  (none)');
  }
  for (const w of v.warnings) o.push(`  note: ${w}`);
  o.push('');
  if (!v.valid) {
    o.push('INVALID — do not rely on this report:');
    for (const p of v.problems) o.push(`  - ${oneLine(p)}`);
  } else if (!v.complete) {
    o.push(`INCOMPLETE — valid, but missing required signature(s): ${v.missingRoles.join(', ')}`);
    const { signCommand } = await import('../report/view.js');
    const open = v.slots.filter((s) => !s.signed);
    for (const role of v.missingRoles) {
      const i = open.findIndex((s) => s.role === role);
      const slot = i >= 0 ? open.splice(i, 1)[0] : undefined;
      o.push(
        slot
          ? `  ${oneLine(slot.name)} adds it with: ${oneLine(signCommand(role, slot.name, slot.keyid, { envelopePath: file }))}`
          : `  nobody was named as ${oneLine(role)} at the run's sign-off, so no signature can complete it`,
      );
    }
  } else {
    o.push(
      `VALID and COMPLETE${v.practice ? ' — PRACTICE run (not evidence of a live drill)' : ''}${v.unpinned ? ' — but KEYS NOT TRUSTED (--allow-unpinned)' : ' — signed by trusted keys'}`,
    );
  }
  return o.join('\n') + '\n';
}
