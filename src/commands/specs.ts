/**
 * Every command's options, once: the table drives the check of a command
 * line (unknown option → "did you mean", missing value → an example) and the
 * per-command help (`breakglass <command> --help`). Data only, so `--help`
 * loads nothing else. A command's own parser takes the same names.
 */

export interface OptionSpec {
  /** Long name without the dashes. */
  name: string;
  short?: string;
  /** A value option names its value (FILE, DIR, NAME …); a switch has none. */
  value?: string;
  /** May be given more than once. */
  multiple?: boolean;
  help: string;
}

export interface CommandSpec {
  summary: string;
  /** The shape of the command line. */
  usage: string;
  options: OptionSpec[];
  /** Command lines to copy, each with what it does. */
  examples: [string, string][];
  /** Sub-commands (`keys create`, `practice serve` …) take the options listed; checked by name only. */
  subcommands?: string[];
}

const STATE_DIR: OptionSpec = {
  name: 'state-dir',
  value: 'DIR',
  help: 'where runs, journals and reports live (default $BREAKGLASS_STATE_DIR, else the platform data folder)',
};
const TENANT: OptionSpec = {
  name: 'tenant',
  value: 'practice|ID',
  help: 'the tenant: "practice" (the built-in emulator, default) or a tenant id / domain',
};
const SCENARIO: OptionSpec = {
  name: 'scenario',
  value: 'NAME',
  help: 'practice tenant scenario: healthy, drifted, smb-security-defaults, conditional-access-new, or a .yaml file',
};
/** How breakglass signs in to a live tenant (docs/tenant-connection.md). */
export const SIGN_IN: OptionSpec[] = [
  { name: 'client-id', value: 'ID', help: 'your own app registration (default: Microsoft Graph Command Line Tools)' },
  { name: 'cloud', value: 'NAME', help: 'public (default), usgov (GCC High), usgovdod (DoD) or china' },
  {
    name: 'flow',
    value: 'FLOW',
    help: 'device-code (default), interactive, client-certificate, client-secret or workload-identity (a pipeline OIDC token, no stored secret)',
  },
  { name: 'certificate', value: 'FILE', help: 'PEM with the certificate and key (client-certificate flow)' },
  {
    name: 'certificate-passphrase-env',
    value: 'VAR',
    help: 'NAME of the environment variable holding the certificate key passphrase',
  },
  { name: 'secret-env', value: 'VAR', help: 'NAME of the environment variable holding the client secret' },
];
export const RUN_OPTIONS: OptionSpec[] = [
  TENANT,
  SCENARIO,
  {
    name: 'input',
    value: 'NAME=VALUE',
    multiple: true,
    help: 'a runbook input (asked up front when not given); repeat for several',
  },
  { name: 'plain', help: 'line-by-line prompts instead of the full-screen UI (screen readers, dumb terminals)' },
  { name: 'answers', value: 'FILE', help: 'scripted answers (YAML) instead of a person at the keyboard' },
  STATE_DIR,
  { name: 'operator', value: 'NAME', help: 'who runs it (recorded with overrides and in the report)' },
  {
    name: 'time-scale',
    value: 'N',
    help: 'practice only: simulated seconds per real second (1-10000), so a 5-minute alert rule fires in seconds',
  },
  {
    name: 'practice-approve-after',
    value: 'SECONDS',
    help: 'practice only: how long the sign-in code stays on screen before the practice tenant approves it (default 5)',
  },
  { name: 'config', value: 'FILE', help: 'tenant configuration file (tenant, client id, cloud, flow)' },
  ...SIGN_IN,
];

export const COMMANDS: Record<string, CommandSpec> = {
  list: {
    summary: 'list shipped and your own runbooks',
    usage: 'breakglass list [--json]',
    options: [{ name: 'json', help: 'machine-readable output' }, STATE_DIR],
    examples: [['breakglass list', 'every runbook with its id, title and cadence']],
  },
  validate: {
    summary: 'check runbooks without a tenant (file:line:col errors)',
    usage: 'breakglass validate <file|folder…> [--json]',
    options: [{ name: 'json', help: 'machine-readable diagnostics' }],
    examples: [
      ['breakglass validate runbooks/my-drill.md', 'every problem as file:line:col'],
      ['breakglass validate runbooks/', 'every runbook (*.md) in the folder'],
    ],
  },
  run: {
    summary: 'run a runbook (full-screen UI, or --plain)',
    usage: 'breakglass run <runbook|id> [options]',
    options: RUN_OPTIONS,
    examples: [
      ['breakglass run security-defaults-fido2', 'on the practice tenant, with the scenario the runbook names'],
      [
        'breakglass run emergency-sign-in --input account=bg-admin-01@contoso.onmicrosoft.com',
        'an input given up front',
      ],
      ['breakglass run quarterly-validation --tenant contoso.onmicrosoft.com --plain', 'on your tenant, line by line'],
      ['breakglass run alert-verification-drill --scenario healthy --time-scale 60', 'a drill rehearsed fast'],
    ],
  },
  resume: {
    summary: 'list unfinished runs, or continue one',
    usage: 'breakglass resume [run-id] [options]',
    // --tenant and --scenario are refused with a reason: a resumed run keeps the tenant it began with.
    options: RUN_OPTIONS,
    examples: [
      ['breakglass resume', 'list unfinished runs'],
      ['breakglass resume 20260114-093012-quarterly-validation-3f9a', 'continue one exactly where it stopped'],
      [
        'breakglass resume 20260114-093012-emergency-sign-in-3f9a --input account=bg-admin-02@contoso.onmicrosoft.com',
        'continue with a corrected input (journaled; finished steps keep what they did)',
      ],
    ],
  },
  check: {
    summary: 'headless read-only checks for pipelines',
    usage: 'breakglass check [runbook|--all] [options] | breakglass check --explain BG-0NN',
    options: [
      { name: 'all', help: 'run every built-in check' },
      TENANT,
      SCENARIO,
      { name: 'accounts', value: 'UPN,UPN', help: "the break-glass accounts' user principal names, comma-separated" },
      { name: 'group', value: 'ID|NAME', help: 'the exclusion group: object id or display name' },
      {
        name: 'workspace',
        value: 'RESOURCE-ID',
        help: 'Log Analytics workspace resource id (/subscriptions/…/workspaces/…)',
      },
      { name: 'checks', value: 'BG-001,…', help: 'only these checks' },
      {
        name: 'config',
        value: 'FILE',
        help: "the tenant's declaration (JSON or YAML): tenant, cloud, clientId, accounts, group, workspace, emergencyApp, checks … — docs/declaration.md; flags override it",
      },
      { name: 'emergency-app', value: 'APPID|none', help: "the emergency application's appId, or none" },
      { name: 'what-if', help: 'also run BG-018 (Conditional Access What-If, Graph beta)' },
      { name: 'format', value: 'FORMAT', help: 'text (default), json, junit, sarif or markdown' },
      { name: 'output', short: 'o', value: 'FILE', help: 'write the result to FILE instead of standard output' },
      {
        name: 'also',
        value: 'FORMAT=FILE',
        multiple: true,
        help: 'the same results in another format as well, e.g. junit=out/checks.xml (repeatable; one set of reads)',
      },
      { name: 'verbose', help: 'show the evidence of every check' },
      {
        name: 'explain',
        value: 'BG-0NN',
        help: "print the check's page — what it judges, why, how to fix — and exit (docs/checks/)",
      },
      STATE_DIR,
      ...SIGN_IN,
    ],
    examples: [
      [
        'breakglass check --all --scenario healthy',
        'every check on the practice tenant (its break-glass set-up is in the scenario)',
      ],
      [
        'breakglass check --all --tenant contoso.onmicrosoft.com --accounts bg1@contoso.onmicrosoft.com,bg2@contoso.onmicrosoft.com --group SG-BreakGlass-Exclude --format sarif',
        'in a pipeline',
      ],
      [
        'breakglass check --all --config tenants/contoso.yaml --format sarif -o contoso.sarif',
        'one tenant of a fleet, from its declaration file',
      ],
      ['breakglass check --explain BG-007', 'what BG-007 judges, why, and how to fix it'],
    ],
  },
  export: {
    summary: 'write the break-glass accounts into Maester, ScubaGear or Zero Trust Assessment config',
    usage: 'breakglass export --to maester|scubagear|zta|prowler [--output FILE|DIR] [options]',
    options: [
      {
        name: 'to',
        value: 'TOOL',
        help: 'maester, scubagear, zta (Zero Trust Assessment) or prowler (explains why Prowler has no such setting)',
      },
      {
        name: 'output',
        short: 'o',
        value: 'FILE|DIR',
        help: "an existing file is merged into (other settings kept); a directory gets the tool's file name; default: standard output",
      },
      { name: 'config', value: 'FILE', help: "the tenant's declaration (docs/declaration.md); flags override it" },
      TENANT,
      SCENARIO,
      { name: 'accounts', value: 'UPN|ID,…', help: "the break-glass accounts' UPNs or object ids, comma-separated" },
      { name: 'group', value: 'ID|NAME', help: 'the exclusion group: object id or display name' },
      { name: 'emergency-app', value: 'APPID|none', help: 'the emergency app (named in the output as not exported)' },
      ...SIGN_IN,
    ],
    examples: [
      [
        'breakglass export --to maester --config tenants/contoso.yaml --output tests/',
        'maester-config.<tenant id>.json',
      ],
      [
        'breakglass export --to scubagear --config tenants/contoso.yaml --output scuba.yaml',
        'merged into your ScubaGear config',
      ],
      [
        'breakglass export --to zta --scenario healthy --accounts bg-admin-01@contosopractice.onmicrosoft.com',
        'try it',
      ],
    ],
  },
  verify: {
    summary: 'verify a signed completion report',
    usage: 'breakglass verify <report.dsse.json> [options]',
    options: [
      {
        name: 'pubkey',
        value: 'FILE',
        multiple: true,
        help: "a signer's public key (.pub.pem); repeat for each signer",
      },
      { name: 'run-dir', value: 'DIR', help: "also check the report against the run's journal" },
      { name: 'json', help: 'machine-readable result' },
      { name: 'require-live', help: 'fail a practice report' },
      { name: 'require-passed', help: 'fail a report whose run did not pass (or passed only with overrides)' },
      { name: 'allow-overrides', help: 'with --require-passed: accept a run that passed with overrides' },
      {
        name: 'allow-unpinned',
        help: "count the report's own keys when no trusted key signed (the output says so first)",
      },
      STATE_DIR,
    ],
    examples: [
      [
        'breakglass verify <run-dir>/report.dsse.json',
        'signatures against your trusted keys (`breakglass keys trust`)',
      ],
      ['breakglass verify <run-dir>/report.dsse.json --pubkey olivia.pub.pem', 'signature, content and completeness'],
    ],
  },
  sign: {
    summary: 'add a signature (e.g. the witness) to a report',
    usage: 'breakglass sign <report.dsse.json> --key FILE --role ROLE --name NAME',
    options: [
      { name: 'key', value: 'FILE', help: 'your private signing key (from `breakglass keys create`)' },
      { name: 'role', value: 'ROLE', help: 'the sign-off role, e.g. witness' },
      { name: 'name', value: 'NAME', help: 'your name as it appears in the report' },
    ],
    examples: [
      [
        'breakglass sign <run-dir>/report.dsse.json --key walter.key.pem --role witness --name "Walter Witness"',
        'the witness signs later',
      ],
    ],
  },
  keys: {
    summary: 'create and show signing keys',
    usage:
      'breakglass keys create --name NAME [--out DIR] | keys show FILE | keys trust PUB.pem --as ROLE --name NAME | keys list | keys untrust KEYID|PUB.pem',
    options: [
      { name: 'name', value: 'NAME', help: 'whose key it is' },
      { name: 'out', value: 'DIR', help: 'where to write the key files (default: the keys folder)' },
      { name: 'as', value: 'ROLE', help: 'trust: the sign-off role the key is trusted for (operator, witness)' },
      STATE_DIR,
    ],
    subcommands: ['create', 'show', 'trust', 'list', 'untrust'],
    examples: [
      ['breakglass keys create --name "Olivia Operator"', 'an Ed25519 key, encrypted with a passphrase you choose'],
    ],
  },
  history: {
    summary: 'past reports, next due dates, alert-latency trend',
    usage: 'breakglass history [options]',
    options: [
      { name: 'tenant', value: 'ID', help: 'only reports of this tenant' },
      { name: 'runbook', value: 'ID', help: 'only reports of this runbook' },
      {
        name: 'pubkey',
        value: 'FILE',
        multiple: true,
        help: 'also count signatures by this public key, e.g. a witness who signed later; repeat for each',
      },
      { name: 'json', help: 'machine-readable output' },
      { name: 'html', value: 'FILE', help: 'also write an HTML page' },
      STATE_DIR,
    ],
    examples: [['breakglass history --runbook quarterly-validation', 'when it was last done and when it is due']],
  },
  practice: {
    summary: 'the practice tenant (serve, approve, signin, register-key)',
    usage: 'breakglass practice <serve|approve|signin|register-key|faults|counters|advance|status> [options]',
    options: [
      { name: 'port', value: 'N', help: 'serve: the port (default: any free port)' },
      SCENARIO,
      { name: 'time-scale', value: 'N', help: 'serve: simulated seconds per real second' },
      { name: 'auto-approve', value: 'MS', help: 'serve: approve every device code after MS milliseconds' },
      { name: 'seed', value: 'N', help: 'serve: seed of fault injection' },
      { name: 'json', help: 'serve: print the connection details as JSON' },
      { name: 'method', value: 'fido2|password', help: 'signin: how the account signs in' },
      { name: 'fail', help: 'signin: a failed sign-in' },
      { name: 'tap', value: 'TAP', help: 'register-key: the Temporary Access Pass the runbook created' },
      { name: 'model', value: 'MODEL', help: 'register-key: the security key model' },
      {
        name: 'url',
        value: 'URL',
        help: 'client commands: the practice tenant (default $BREAKGLASS_PRACTICE_URL, else the one `practice serve` started)',
      },
      {
        name: 'admin-key',
        value: 'KEY',
        help: 'its admin key (default $BREAKGLASS_PRACTICE_ADMIN_KEY, else from serve)',
      },
      { name: 'ca', value: 'FILE', help: 'its CA certificate (default $BREAKGLASS_PRACTICE_CA, else from serve)' },
      STATE_DIR,
    ],
    subcommands: ['serve', 'approve', 'signin', 'register-key', 'faults', 'counters', 'advance', 'status'],
    examples: [
      ['breakglass practice serve --scenario drifted', 'a practice tenant curl or Graph PowerShell can talk to'],
      ['breakglass practice approve ABCD-EFGH', 'approve a device code shown by a run'],
      [
        'BREAKGLASS_PRACTICE_URL=… BREAKGLASS_PRACTICE_CA=… BREAKGLASS_PRACTICE_ADMIN_KEY=… breakglass practice status',
        'the practice tenant `run` and `check` use from the environment',
      ],
    ],
  },
};

/** The options `breakglass` alone (the home screen) takes: those of `run`, for the run it starts. */
export const HOME_OPTIONS: OptionSpec[] = [
  ...RUN_OPTIONS,
  { name: 'home', help: 'open the home screen (the default)' },
];

/** `breakglass <command> --help`: what it does, its usage, every option, examples. */
export function commandHelp(name: string, c: CommandSpec): string {
  const label = (o: OptionSpec): string =>
    `${o.short ? `-${o.short}, ` : ''}--${o.name}${o.value ? ` ${o.value}` : ''}${o.multiple ? ' …' : ''}`;
  const help = '-h, --help';
  const width = Math.min(34, Math.max(help.length, ...c.options.map((o) => label(o).length)) + 2);
  const rows = c.options.map((o) => {
    const l = label(o);
    return l.length >= width ? `  ${l}\n  ${' '.repeat(width)}${o.help}` : `  ${l.padEnd(width)}${o.help}`;
  });
  return [
    `breakglass ${name} — ${c.summary}`,
    '',
    `Usage: ${c.usage}`,
    ...(c.subcommands ? ['', `Sub-commands: ${c.subcommands.join(', ')}`] : []),
    '',
    'Options:',
    ...rows,
    `  ${help.padEnd(width)}this help`,
    '',
    'Examples:',
    ...c.examples.flatMap(([cmd, what]) => [`  ${cmd}`, `      ${what}`]),
    '',
  ].join('\n');
}
