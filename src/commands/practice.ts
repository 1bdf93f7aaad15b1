/**
 * `breakglass practice …` — run and drive the practice tenant.
 *
 *   practice serve [--port N] [--scenario NAME] [--time-scale X] [--auto-approve MS] [--seed N] [--json]
 *   practice approve <code> [--as UPN] [--method fido2|password]
 *   practice signin <upn> --method fido2|password [--fail]
 *   practice register-key <upn> --tap TAP [--model MODEL]
 *   practice faults [JSON]          show or set fault injection (e.g. '{"rate429":0.2}')
 *   practice counters               request / mutation counters
 *   practice advance <minutes>      move the simulated clock forward
 *   practice status
 *
 * `serve` writes <state-dir>/practice/server.json (mode 0600: it holds the
 * admin key) so the other sub-commands find the running server; --url,
 * --admin-key and --ca, else BREAKGLASS_PRACTICE_URL / _ADMIN_KEY / _CA (as
 * `run` and `check` read them), come before it.
 */
import { parseArgs } from 'node:util';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../core/exit-codes.js';
import { BreakglassError, UsageError } from '../core/errors.js';
import { reportError } from './report-error.js';
import { adminErrorMessage, type AdminAnswer } from '../practice/admin-client.js';

const USAGE = `Usage:
  breakglass practice serve [--port N] [--scenario NAME] [--time-scale X] [--auto-approve MS] [--seed N] [--json]
  breakglass practice approve <code> [--as UPN] [--method fido2|password]
  breakglass practice signin <upn> --method fido2|password [--fail]
  breakglass practice register-key <upn> --tap TAP [--model MODEL]
  breakglass practice faults [JSON]        e.g. '{"rate429":0.2,"retryAfterSeconds":1}'; '{}' clears
  breakglass practice counters
  breakglass practice advance <minutes>
  breakglass practice status
Options for the client commands: --url URL --admin-key KEY --ca FILE
  (else BREAKGLASS_PRACTICE_URL, BREAKGLASS_PRACTICE_ADMIN_KEY, BREAKGLASS_PRACTICE_CA;
  else the state file of the \`practice serve\` started with the same --state-dir)
Common: --state-dir DIR`;

interface ServerState {
  url: string;
  port: number;
  pid: number;
  adminKey: string;
  caPath: string;
  tenantId: string;
  endpoints: { authorityHost: string; graph: string; logs: string; arm: string };
  scenario: string;
  startedAt: string;
}

async function stateFile(stateDirFlag: string | undefined): Promise<string> {
  const { resolveStateDir } = await import('../state/paths.js');
  return join(resolveStateDir(stateDirFlag), 'practice', 'server.json');
}

function num(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a number between ${min} and ${max} (got "${v}").`);
  return n;
}

async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      scenario: { type: 'string' },
      'time-scale': { type: 'string' },
      'auto-approve': { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
      'state-dir': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const port = num('port', values.port, 0, 65535);
  const timeScale = num('time-scale', values['time-scale'], 0.001, 100_000);
  const autoApprove = num('auto-approve', values['auto-approve'], 0, 3_600_000);
  const seed = num('seed', values.seed, 0, 2 ** 31);
  const scenario = values.scenario ?? 'healthy';
  const { startPracticeServer } = await import('../practice/server.js');
  const { resolveStateDir, practiceKeyStore } = await import('../state/paths.js');
  let server: Awaited<ReturnType<typeof startPracticeServer>>;
  try {
    server = await startPracticeServer({
      scenario,
      port,
      timeScale,
      autoApproveDeviceCodeAfterMs: autoApprove ?? null,
      seed,
      keyStore: practiceKeyStore(resolveStateDir(values['state-dir'])),
    });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if ((e as { code?: string }).code === 'EADDRINUSE') {
      process.stderr.write(
        `breakglass practice: port ${port} is already in use. Pick another with --port, or --port 0 for any free port.\n`,
      );
    } else {
      process.stderr.write(`breakglass practice: could not start the practice tenant: ${msg}\n`);
    }
    return EXIT.FAIL;
  }
  const file = await stateFile(values['state-dir']);
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  const state: ServerState = {
    url: server.url,
    port: server.port,
    pid: process.pid,
    adminKey: server.adminKey,
    caPath: server.caPath,
    tenantId: server.tenantId,
    endpoints: server.endpoints,
    scenario: typeof scenario === 'string' ? scenario : 'custom',
    startedAt: new Date().toISOString(),
  };
  writeFileSync(file, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);

  if (values.json) {
    process.stdout.write(JSON.stringify({ ...state, stateFile: file }) + '\n');
  } else {
    const e = server.endpoints;
    process.stdout.write(
      [
        'PRACTICE TENANT — an emulator on this machine, not Microsoft.',
        `  URL         ${server.url}`,
        `  Tenant      ${server.tenantId}  (scenario: ${state.scenario})`,
        `  CA          ${server.caPath}`,
        `  Endpoints   authority ${e.authorityHost}  graph ${e.graph}  logs ${e.logs}  arm ${e.arm}`,
        `  Admin key   ${server.adminKey}   (header x-practice-admin-key; also in ${file})`,
        '',
        'Try:',
        `  curl --cacert ${server.caPath} ${server.url}/`,
        `  curl --cacert ${server.caPath} -H "x-practice-admin-key: ${server.adminKey}" ${server.url}/admin/counters`,
        '  breakglass practice approve <code>      approve a device-code sign-in',
        '',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
  }

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.once('SIGHUP', stop);
  });
  await server.close();
  try {
    const cur = JSON.parse(readFileSync(file, 'utf8')) as ServerState;
    if (cur.pid === process.pid) rmSync(file, { force: true });
  } catch {
    /* already gone */
  }
  if (!values.json) process.stdout.write('Practice tenant stopped.\n');
  return EXIT.OK;
}

interface Conn {
  url: string;
  adminKey: string;
  ca: string;
}

/**
 * Which practice tenant a client sub-command talks to, each of URL, admin key
 * and CA as everywhere else: the flag, else the environment `run` and `check`
 * read (BREAKGLASS_PRACTICE_URL, BREAKGLASS_PRACTICE_ADMIN_KEY,
 * BREAKGLASS_PRACTICE_CA: practice/target.ts), else the state file `practice
 * serve` wrote. The state file's key and CA are only paired with its own URL:
 * never sent to a server it does not describe.
 */
async function connection(
  values: {
    url?: string;
    'admin-key'?: string;
    ca?: string;
    'state-dir'?: string;
  },
  env: NodeJS.ProcessEnv = process.env,
): Promise<Conn> {
  const fromEnv = (name: string): string | undefined => env[name]?.trim() || undefined;
  const given = {
    url: values.url ?? fromEnv('BREAKGLASS_PRACTICE_URL'),
    adminKey: values['admin-key'] ?? fromEnv('BREAKGLASS_PRACTICE_ADMIN_KEY'),
    caPath: values.ca ?? fromEnv('BREAKGLASS_PRACTICE_CA'),
  };
  let state: Partial<ServerState> = {};
  let file: string | undefined;
  if (!given.url || !given.adminKey || !given.caPath) {
    file = await stateFile(values['state-dir']);
    if (existsSync(file)) {
      try {
        state = JSON.parse(readFileSync(file, 'utf8')) as ServerState;
      } catch {
        throw new UsageError(`${file} is not valid JSON. Restart \`breakglass practice serve\`.`);
      }
    } else if (!given.url) {
      throw new UsageError(
        `No running practice tenant found (${file} does not exist). Start one with \`breakglass practice serve\`, or pass --url, --admin-key and --ca (or set BREAKGLASS_PRACTICE_URL, BREAKGLASS_PRACTICE_ADMIN_KEY and BREAKGLASS_PRACTICE_CA).`,
      );
    }
  }
  const url = given.url ?? state.url;
  const same = !!url && !!state.url && url.replace(/\/+$/, '') === state.url.replace(/\/+$/, '');
  const adminKey = given.adminKey ?? (same ? state.adminKey : undefined);
  const caPath = given.caPath ?? (same ? state.caPath : undefined);
  if (!url || !adminKey || !caPath) {
    const missing = [
      !adminKey ? '--admin-key (or BREAKGLASS_PRACTICE_ADMIN_KEY)' : '',
      !caPath ? '--ca (or BREAKGLASS_PRACTICE_CA)' : '',
    ].filter(Boolean);
    throw new UsageError(
      url
        ? `Need ${missing.join(' and ')} for the practice tenant at ${url}${file && state.url ? ` (${file} describes ${state.url})` : ''}: \`breakglass practice serve\` prints them.`
        : 'Need --url, --admin-key and --ca (or a running `breakglass practice serve`).',
    );
  }
  let ca: string;
  try {
    ca = readFileSync(caPath, 'utf8');
  } catch {
    throw new UsageError(
      `Cannot read the practice CA at ${caPath}. Is the server still running? Restart \`breakglass practice serve\`.`,
    );
  }
  return { url: url.replace(/\/+$/, ''), adminKey, ca };
}

async function adminCall(conn: Conn, method: string, path: string, body?: unknown): Promise<AdminAnswer> {
  const { adminRequest } = await import('../practice/admin-client.js');
  try {
    return await adminRequest({ url: conn.url, adminKey: conn.adminKey, caPem: conn.ca }, method, path, body);
  } catch (e) {
    const message =
      (e as Error).message === 'no answer within 15 s'
        ? 'the practice tenant did not answer within 15 s'
        : (e as Error).message;
    throw new BreakglassError(
      `Cannot reach the practice tenant at ${conn.url}: ${message}. Is \`breakglass practice serve\` running?`,
      { exitCode: EXIT.FAIL },
    );
  }
}

function report(r: AdminAnswer, ok: (b: unknown) => string): number {
  if (r.status >= 200 && r.status < 300) {
    process.stdout.write(ok(r.body) + '\n');
    return EXIT.OK;
  }
  const msg = adminErrorMessage(r.body) ?? JSON.stringify(r.body);
  process.stderr.write(`breakglass practice: ${msg}\n`);
  return EXIT.FAIL;
}

const CLIENT_OPTS = {
  url: { type: 'string' },
  'admin-key': { type: 'string' },
  ca: { type: 'string' },
  'state-dir': { type: 'string' },
} as const;

async function client(sub: string, args: string[]): Promise<number> {
  switch (sub) {
    case 'approve': {
      const { values, positionals } = parseArgs({
        args,
        options: { ...CLIENT_OPTS, as: { type: 'string' }, method: { type: 'string' } },
        strict: true,
        allowPositionals: true,
      });
      if (values.method !== undefined && values.method !== 'fido2' && values.method !== 'password')
        throw new UsageError('practice approve --method takes fido2 (the default) or password.');
      if (positionals.length !== 1)
        throw new UsageError(
          'practice approve takes exactly one device code, e.g. `breakglass practice approve ABCD2EFGH`.',
        );
      const code = positionals[0]!;
      const r = await adminCall(
        await connection(values),
        'POST',
        `/admin/device-codes/${encodeURIComponent(code)}/approve`,
        { ...(values.as ? { upn: values.as } : {}), ...(values.method ? { method: values.method } : {}) },
      );
      return report(
        r,
        () => `Approved device code ${code.toUpperCase()}: the waiting sign-in completes on its next poll.`,
      );
    }
    case 'signin': {
      const { values, positionals } = parseArgs({
        args,
        options: { ...CLIENT_OPTS, method: { type: 'string' }, fail: { type: 'boolean' } },
        strict: true,
        allowPositionals: true,
      });
      if (positionals.length !== 1)
        throw new UsageError(
          'practice signin takes one user, e.g. `breakglass practice signin bg1@contoso.onmicrosoft.com --method fido2`.',
        );
      if (values.method !== 'fido2' && values.method !== 'password')
        throw new UsageError('--method must be fido2 or password.');
      const r = await adminCall(await connection(values), 'POST', '/admin/signins', {
        upn: positionals[0],
        method: values.method,
        fail: values.fail === true,
      });
      return report(
        r,
        () =>
          `Simulated a ${values.fail ? 'FAILED' : 'successful'} ${values.method} sign-in for ${positionals[0]}. It reaches the sign-in logs after the scenario's ingestion delay.`,
      );
    }
    case 'register-key': {
      const { values, positionals } = parseArgs({
        args,
        options: { ...CLIENT_OPTS, tap: { type: 'string' }, model: { type: 'string' } },
        strict: true,
        allowPositionals: true,
      });
      if (positionals.length !== 1)
        throw new UsageError(
          'practice register-key takes one user, e.g. `breakglass practice register-key bg1@contoso.onmicrosoft.com --tap <TAP>`.',
        );
      if (!values.tap)
        throw new UsageError('--tap is required: the Temporary Access Pass the runbook created for this account.');
      const r = await adminCall(await connection(values), 'POST', '/admin/fido2', {
        upn: positionals[0],
        tap: values.tap,
        ...(values.model ? { model: values.model } : {}),
      });
      return report(
        r,
        () => `Registered a FIDO2 security key for ${positionals[0]}${values.model ? ` (${values.model})` : ''}.`,
      );
    }
    case 'faults': {
      const { values, positionals } = parseArgs({ args, options: CLIENT_OPTS, strict: true, allowPositionals: true });
      const conn = await connection(values);
      if (positionals.length === 0)
        return report(await adminCall(conn, 'GET', '/admin/faults'), (b) => JSON.stringify(b, null, 2));
      let cfg: unknown;
      try {
        cfg = JSON.parse(positionals.join(' '));
      } catch {
        throw new UsageError('practice faults takes a JSON object, e.g. \'{"rate429":0.2,"rate5xx":0.05}\'.');
      }
      return report(await adminCall(conn, 'PUT', '/admin/faults', cfg), (b) => `Faults set: ${JSON.stringify(b)}`);
    }
    case 'counters': {
      const { values } = parseArgs({ args, options: CLIENT_OPTS, strict: true, allowPositionals: false });
      return report(await adminCall(await connection(values), 'GET', '/admin/counters'), (b) =>
        JSON.stringify(b, null, 2),
      );
    }
    case 'advance': {
      const { values, positionals } = parseArgs({ args, options: CLIENT_OPTS, strict: true, allowPositionals: true });
      const minutes = Number(positionals[0]);
      if (positionals.length !== 1 || !Number.isFinite(minutes) || minutes < 0)
        throw new UsageError('practice advance takes a number of minutes, e.g. `breakglass practice advance 10`.');
      return report(
        await adminCall(await connection(values), 'POST', '/admin/time', { advanceMinutes: minutes }),
        () => `Advanced the practice tenant's clock by ${minutes} minute(s).`,
      );
    }
    case 'status': {
      const { values } = parseArgs({ args, options: CLIENT_OPTS, strict: true, allowPositionals: false });
      const conn = await connection(values);
      return report(await adminCall(conn, 'GET', '/admin/status'), (body) => {
        const b = body as { tenantId?: string; pendingDeviceCodes?: { userCode: string }[] };
        const pending = b.pendingDeviceCodes ?? [];
        return `Practice tenant ${b.tenantId ?? '?'} at ${conn.url}\nPending device codes: ${pending.length ? pending.map((p) => p.userCode).join(', ') : 'none'}`;
      });
    }
    default:
      throw new UsageError(`Unknown practice sub-command "${sub}".`);
  }
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  try {
    if (!sub) throw new UsageError('Which practice sub-command?');
    if (sub === 'serve') return await serve(rest);
    return await client(sub, rest);
  } catch (e) {
    const err =
      e instanceof Error && (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')
        ? new UsageError(e.message)
        : e;
    return reportError('practice', err, { usageHint: USAGE });
  }
}
