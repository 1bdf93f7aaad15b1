/**
 * Which tenant to connect to, and how: resolved from (highest first)
 * command-line flags, environment variables, the config file
 * (<env-paths('breakglass').config>/config.json) and finally the default —
 * the practice tenant, so a first run can never touch a real tenant by accident.
 *
 * Secrets are never accepted here: a client secret comes from an environment
 * variable (named by --secret-env / BREAKGLASS_SECRET_ENV, default
 * BREAKGLASS_CLIENT_SECRET) or a prompt, never from argv or the config file.
 * See docs/tenant-connection.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCloudName, type CloudName } from './clouds.js';
import { BreakglassError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';

export type SignInFlow = 'device-code' | 'interactive' | 'client-certificate' | 'client-secret' | 'workload-identity';
export const SIGN_IN_FLOWS: readonly SignInFlow[] = [
  'device-code',
  'interactive',
  'client-certificate',
  'client-secret',
  'workload-identity',
];
/** Flows that sign in as the app itself (client-credentials grant), not as a person. */
export const APP_ONLY_FLOWS: readonly SignInFlow[] = ['client-certificate', 'client-secret', 'workload-identity'];

/**
 * "Microsoft Graph Command Line Tools" — a Microsoft first-party public client
 * present in every tenant, widely used (Microsoft Graph PowerShell, many CLIs)
 * for delegated device-code / interactive sign-in. Organisations that block it
 * register their own app (docs/tenant-connection.md) and pass --client-id.
 */
export const DEFAULT_PUBLIC_CLIENT_ID = '14d82eec-204b-4c2f-b7e8-296a70dab67e';
export const DEFAULT_SECRET_ENV = 'BREAKGLASS_CLIENT_SECRET';

export interface TenantFlags {
  tenant?: string;
  clientId?: string;
  cloud?: string;
  flow?: string;
  certificate?: string;
  /** Name of the env var holding the certificate's passphrase (never the passphrase itself). */
  certificatePassphraseEnv?: string;
  secretEnv?: string;
}

export type ConfigSource = 'flag' | 'env' | 'file' | 'default';

export interface TenantConfig {
  mode: 'practice' | 'live';
  /** 'practice', a GUID or a verified domain (contoso.onmicrosoft.com). */
  tenantId: string;
  clientId: string;
  cloud: CloudName;
  flow: SignInFlow;
  certificatePath?: string;
  certificatePassphraseEnv?: string;
  secretEnv: string;
  /** Where each value came from, for `breakglass` to show "tenant: X (from BREAKGLASS_TENANT)". */
  sources: Record<'tenant' | 'clientId' | 'cloud' | 'flow', ConfigSource>;
  configFile: string;
}

/** A configuration problem a person can fix: what is wrong and how to fix it. */
export class ConfigError extends BreakglassError {
  constructor(
    message: string,
    public override readonly hint: string,
  ) {
    super(message, { exitCode: EXIT.USAGE, hint });
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
/** Authority aliases that are not one tenant: a break-glass procedure must target exactly one tenant. */
const MULTI_TENANT = new Set(['common', 'organizations', 'consumers']);

const ENV = {
  tenant: 'BREAKGLASS_TENANT',
  clientId: 'BREAKGLASS_CLIENT_ID',
  cloud: 'BREAKGLASS_CLOUD',
  flow: 'BREAKGLASS_FLOW',
  certificate: 'BREAKGLASS_CERTIFICATE',
  certificatePassphraseEnv: 'BREAKGLASS_CERTIFICATE_PASSPHRASE_ENV',
  secretEnv: 'BREAKGLASS_SECRET_ENV',
} as const;
export const CONFIG_ENV_VARS = ENV;

/** Flags that would put a secret on the command line (visible in `ps`, shell history). Refused. */
const SECRET_FLAGS = ['--client-secret', '--secret', '--password', '--passphrase', '--certificate-passphrase'];

/**
 * Pulls the tenant flags out of argv; returns the flags and the remaining args.
 * Accepts `--flag value` and `--flag=value`.
 */
export function parseTenantFlags(argv: string[]): { flags: TenantFlags; rest: string[] } {
  const map: Record<string, keyof TenantFlags> = {
    '--tenant': 'tenant',
    '--client-id': 'clientId',
    '--cloud': 'cloud',
    '--flow': 'flow',
    '--certificate': 'certificate',
    '--certificate-passphrase-env': 'certificatePassphraseEnv',
    '--secret-env': 'secretEnv',
  };
  const flags: TenantFlags = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (SECRET_FLAGS.includes(name)) {
      throw new ConfigError(
        `${name} is not accepted: secrets on the command line end up in shell history and process lists`,
        `Put the secret in an environment variable (default ${DEFAULT_SECRET_ENV}) and pass its NAME with --secret-env / --certificate-passphrase-env, or leave it unset to be prompted.`,
      );
    }
    const key = map[name];
    if (!key) {
      rest.push(arg);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) {
      throw new ConfigError(`${name} needs a value`, `Example: ${name} ${exampleFor(key)}`);
    }
    flags[key] = value;
  }
  return { flags, rest };
}

function exampleFor(key: keyof TenantFlags): string {
  switch (key) {
    case 'tenant':
      return 'contoso.onmicrosoft.com  (or a tenant id, or "practice")';
    case 'clientId':
      return '00000000-0000-0000-0000-000000000000';
    case 'cloud':
      return 'public | usgov | usgovdod | china';
    case 'flow':
      return SIGN_IN_FLOWS.join(' | ');
    case 'certificate':
      return './breakglass-sp.pfx';
    default:
      return 'MY_ENV_VAR';
  }
}

interface FileConfig {
  tenant?: string;
  clientId?: string;
  cloud?: string;
  flow?: string;
  certificatePath?: string;
  certificatePassphraseEnv?: string;
  secretEnv?: string;
}

const FILE_KEYS: (keyof FileConfig)[] = [
  'tenant',
  'clientId',
  'cloud',
  'flow',
  'certificatePath',
  'certificatePassphraseEnv',
  'secretEnv',
];
/** Keys that must never be in the config file: it is a plain file on disk. */
const FORBIDDEN_FILE_KEYS = /secret$|password|passphrase$|privatekey|token/i;

export async function defaultConfigFile(): Promise<string> {
  // env-paths is tiny, but keep it out of anything `--help` loads.
  const { default: envPaths } = await import('env-paths');
  return join(envPaths('breakglass', { suffix: '' }).config, 'config.json');
}

export function readConfigFile(path: string): FileConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(
      `cannot read the config file ${path}: ${(e as Error).message}`,
      'Check the file permissions, or delete the file to use the defaults.',
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(
      `the config file ${path} is not valid JSON: ${(e as Error).message}`,
      'Fix the JSON, e.g. {"tenant": "contoso.onmicrosoft.com", "flow": "device-code"}.',
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError(
      `the config file ${path} must hold a JSON object`,
      'Example: {"tenant": "contoso.onmicrosoft.com"}',
    );
  }
  const out: FileConfig = {};
  for (const [k, v] of Object.entries(data)) {
    if (FORBIDDEN_FILE_KEYS.test(k) && k !== 'secretEnv' && k !== 'certificatePassphraseEnv') {
      throw new ConfigError(
        `the config file ${path} contains "${k}": secrets do not belong in a config file`,
        `Remove it; put the secret in an environment variable and name that variable with "secretEnv".`,
      );
    }
    if (!FILE_KEYS.includes(k as keyof FileConfig)) {
      throw new ConfigError(`unknown key "${k}" in the config file ${path}`, `Known keys: ${FILE_KEYS.join(', ')}.`);
    }
    if (typeof v !== 'string' || v === '') {
      throw new ConfigError(
        `"${k}" in the config file ${path} must be a non-empty string`,
        `Example: "${k}": "${exampleFor(k === 'certificatePath' ? 'certificate' : (k as keyof TenantFlags))}"`,
      );
    }
    out[k as keyof FileConfig] = v;
  }
  return out;
}

export interface ResolveOptions {
  flags?: TenantFlags;
  env?: NodeJS.ProcessEnv;
  /** Override the config file path (tests; BREAKGLASS_CONFIG also works). */
  configFile?: string;
}

/** Resolves flags → env → file → default into a validated TenantConfig. Throws ConfigError. */
export async function resolveTenantConfig(opts: ResolveOptions = {}): Promise<TenantConfig> {
  const flags = opts.flags ?? {};
  const env = opts.env ?? process.env;
  const configFile = opts.configFile ?? env['BREAKGLASS_CONFIG'] ?? (await defaultConfigFile());
  const file = readConfigFile(configFile);

  function pick(
    flag: string | undefined,
    envName: string,
    fileVal: string | undefined,
  ): [string | undefined, ConfigSource] {
    if (flag !== undefined) return [flag, 'flag'];
    const e = env[envName];
    if (e !== undefined && e !== '') return [e, 'env'];
    if (fileVal !== undefined) return [fileVal, 'file'];
    return [undefined, 'default'];
  }

  const [tenantRaw, tenantSrc] = pick(flags.tenant, ENV.tenant, file.tenant);
  const tenant = (tenantRaw ?? 'practice').trim();
  const mode: 'practice' | 'live' = tenant.toLowerCase() === 'practice' ? 'practice' : 'live';
  if (mode === 'live') validateTenant(tenant, tenantSrc);

  const [cloudRaw, cloudSrc] = pick(flags.cloud, ENV.cloud, file.cloud);
  let cloud: CloudName;
  if (mode === 'practice') {
    if (cloudRaw !== undefined && cloudRaw !== 'practice' && cloudSrc === 'flag') {
      throw new ConfigError(
        `--cloud ${cloudRaw} does not apply to the practice tenant`,
        'Drop --cloud, or pass --tenant <your tenant> to connect to a real tenant.',
      );
    }
    cloud = 'practice';
  } else {
    const c = (cloudRaw ?? 'public').toLowerCase();
    if (!isCloudName(c) || c === 'practice') {
      throw new ConfigError(
        `unknown cloud "${cloudRaw}" (${describeSource(cloudSrc, ENV.cloud)})`,
        'Use one of: public, usgov, usgovdod, china.',
      );
    }
    cloud = c;
  }

  const [flowRaw, flowSrc] = pick(flags.flow, ENV.flow, file.flow);
  const flow = (flowRaw ?? 'device-code') as SignInFlow;
  if (!SIGN_IN_FLOWS.includes(flow)) {
    throw new ConfigError(
      `unknown sign-in flow "${flowRaw}" (${describeSource(flowSrc, ENV.flow)})`,
      `Use one of: ${SIGN_IN_FLOWS.join(', ')}.`,
    );
  }

  const [clientRaw, clientSrc] = pick(flags.clientId, ENV.clientId, file.clientId);
  const clientId = (clientRaw ?? DEFAULT_PUBLIC_CLIENT_ID).trim();
  if (!GUID.test(clientId)) {
    throw new ConfigError(
      `client id "${clientId}" (${describeSource(clientSrc, ENV.clientId)}) is not a GUID`,
      'Use the Application (client) ID from the app registration overview page in the Entra admin center.',
    );
  }
  if (APP_ONLY_FLOWS.includes(flow) && clientRaw === undefined) {
    throw new ConfigError(
      `the ${flow} flow signs in as your own app registration, so it needs its client id`,
      `Pass --client-id <application id> or set ${ENV.clientId}. The default public client only supports device-code and interactive sign-in.`,
    );
  }

  const [certPath] = pick(flags.certificate, ENV.certificate, file.certificatePath);
  if (flow === 'client-certificate' && !certPath) {
    throw new ConfigError(
      'the client-certificate flow needs a certificate file',
      `Pass --certificate ./app.pem (PEM with the private key) or ./app.pfx, or set ${ENV.certificate}.`,
    );
  }
  const [passEnv] = pick(flags.certificatePassphraseEnv, ENV.certificatePassphraseEnv, file.certificatePassphraseEnv);
  const [secretEnvRaw] = pick(flags.secretEnv, ENV.secretEnv, file.secretEnv);
  const secretEnv = secretEnvRaw ?? DEFAULT_SECRET_ENV;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(secretEnv)) {
    throw new ConfigError(
      `"${secretEnv}" is not an environment variable name`,
      'Pass the NAME of the variable holding the secret (e.g. --secret-env BG_SECRET), never the secret itself.',
    );
  }

  return {
    mode,
    tenantId: mode === 'practice' ? 'practice' : tenant,
    clientId,
    cloud,
    flow,
    ...(certPath ? { certificatePath: certPath } : {}),
    ...(passEnv ? { certificatePassphraseEnv: passEnv } : {}),
    secretEnv,
    sources: { tenant: tenantSrc, clientId: clientSrc, cloud: cloudSrc, flow: flowSrc },
    configFile,
  };
}

function describeSource(src: ConfigSource, envName: string): string {
  switch (src) {
    case 'flag':
      return 'from the command line';
    case 'env':
      return `from ${envName}`;
    case 'file':
      return 'from the config file';
    default:
      return 'default';
  }
}

function validateTenant(tenant: string, src: ConfigSource): void {
  if (MULTI_TENANT.has(tenant.toLowerCase())) {
    throw new ConfigError(
      `"${tenant}" is not a single tenant (${describeSource(src, ENV.tenant)})`,
      'Break-glass procedures act on exactly one tenant: pass its tenant id (a GUID) or a verified domain such as contoso.onmicrosoft.com.',
    );
  }
  if (!GUID.test(tenant) && !DOMAIN.test(tenant)) {
    throw new ConfigError(
      `"${tenant}" is neither a tenant id nor a domain name (${describeSource(src, ENV.tenant)})`,
      'Use the Tenant ID from the Entra admin center overview (a GUID), a verified domain such as contoso.onmicrosoft.com, or "practice" for the built-in practice tenant.',
    );
  }
}
