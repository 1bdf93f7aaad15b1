/** `breakglass sign <report.dsse.json> --key FILE --role witness --name NAME`: add a signature to a report. */
import { parseArgs } from 'node:util';
import { EXIT } from '../core/exit-codes.js';
import { reportError } from './report-error.js';

const USAGE = 'breakglass sign <report.dsse.json> --key FILE --role witness --name NAME';

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { key: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
    });
  } catch (e) {
    process.stderr.write(`breakglass sign: ${(e as Error).message}\nUsage: ${USAGE}\n`);
    return EXIT.USAGE;
  }
  const { key, role, name } = parsed.values;
  const file = parsed.positionals[0];
  if (!file || parsed.positionals.length > 1 || !key || !role || !name) {
    process.stderr.write(`breakglass sign: need the report file, --key, --role and --name\nUsage: ${USAGE}\n`);
    return EXIT.USAGE;
  }
  const { addSignature, readEnvelope } = await import('../report/sign.js');
  const { spaced } = await import('../report/keys.js');
  const { askPassphrase } = await import('../report/passphrase.js');
  try {
    // Say what the signature will vouch for BEFORE the passphrase is asked: a witness signs a runbook, a tenant and a verdict.
    process.stdout.write(await describeForSigning((await readEnvelope(file)).statement, role, name));
    const res = await addSignature({
      envelopePath: file,
      keyPath: key,
      passphrase: await askPassphrase(`Passphrase for ${key}`),
      role,
      name,
    });
    process.stdout.write(
      `Signed as ${res.role} ${res.name} with key ${spaced(res.keyid)}\n` +
        `  ${res.envelopePath} (renderings refreshed)\n` +
        (res.openSlot
          ? `  The report named ${res.name} but not their key: auditors need your public key to count this signature (breakglass verify --pubkey <your .pub.pem>).\n`
          : ''),
    );
    return EXIT.OK;
  } catch (e) {
    return reportError('sign', e);
  }
}

/** What a signer is about to sign: runbook, PRACTICE or LIVE, the verdict, and as whom. */
export async function describeForSigning(
  statement: import('../report/model.js').Statement,
  role: string,
  name: string,
): Promise<string> {
  const { sanitize } = await import('../util/sanitize.js');
  const { RESULT_LABEL } = await import('../report/view.js');
  const r = statement.predicate;
  const practice = r.practice || r.tenant.mode === 'practice';
  const overridden = r.steps.filter((s) => s.status === 'overridden').length;
  return (
    'You are about to sign:\n' +
    `  Runbook  ${sanitize(r.runbook.id)} ${sanitize(r.runbook.version)} — ${sanitize(r.runbook.title)}\n` +
    `  Tenant   ${practice ? 'PRACTICE (not evidence of a live drill)' : 'LIVE'} · ${sanitize(r.tenant.label)}${r.tenant.tenantId ? ` · ${sanitize(r.tenant.tenantId)}` : ''}\n` +
    `  Verdict  ${RESULT_LABEL[r.result]}${overridden ? ` (${overridden} step${overridden > 1 ? 's' : ''} overridden)` : ''}\n` +
    `  Run      ${sanitize(r.runId)}, ${r.startedAt} → ${r.finishedAt ?? 'unfinished'}\n` +
    `  As       ${sanitize(role)} ${sanitize(name)}\n`
  );
}
