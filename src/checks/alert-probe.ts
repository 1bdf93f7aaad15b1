/**
 * BG-012's probe: run an alert rule's OWN query over a synthetic sign-in by
 * one declared account — no sign-in happens, nothing is written.
 *
 * KQL lets a query bind a name with `let`; a tabular `let` named like a
 * workspace table shadows it for the rest of the query
 * (https://learn.microsoft.com/kusto/query/let-statement), and `datatable`
 * builds the rows inline (https://learn.microsoft.com/kusto/query/datatable-operator).
 * So `let SigninLogs = datatable(…)[…] | extend TimeGenerated = now(-1m);`
 * followed by the rule's query is the rule, run by Log Analytics itself, over
 * exactly one fake success (or one fake failure) of that account.
 *
 * Schemas follow the Azure Monitor table reference:
 *   https://learn.microsoft.com/azure/azure-monitor/reference/tables/signinlogs
 *   https://learn.microsoft.com/azure/azure-monitor/reference/tables/aadnoninteractiveusersigninlogs
 * (LocationDetails, Status, DeviceDetail, ConditionalAccessPolicies are dynamic in
 * SigninLogs and strings in the non-interactive table). A rule that reads a column
 * not modelled here fails to run, and BG-012 reports that as an error — never a pass.
 */

/** Sign-in tables a break-glass alert reads. */
export const PROBED_TABLES = ['SigninLogs', 'AADNonInteractiveUserSignInLogs'] as const;
export type ProbedTable = (typeof PROBED_TABLES)[number];

export type Outcome = 'success' | 'failure';

export interface ProbeAccount {
  upn: string;
  id: string;
  displayName?: string | null;
  tenantId?: string;
}

/** Entra's "Invalid username or password" — what a fumbled emergency sign-in logs. https://learn.microsoft.com/entra/identity-platform/reference-error-codes */
export const FAILURE_CODE = 50126;
/** The Azure portal's application id (https://learn.microsoft.com/entra/identity/authentication/concept-mandatory-multifactor-authentication). */
const AZURE_PORTAL_APP = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c';

type ColType = 'string' | 'bool' | 'dynamic' | 'long';

function columns(table: ProbedTable): [string, ColType][] {
  const d: ColType = table === 'SigninLogs' ? 'dynamic' : 'string';
  return [
    ['TenantId', 'string'],
    ['AADTenantId', 'string'],
    ['OperationName', 'string'],
    ['Category', 'string'],
    ['ResultType', 'string'],
    ['ResultSignature', 'string'],
    ['ResultDescription', 'string'],
    ['Identity', 'string'],
    ['UserPrincipalName', 'string'],
    ['AlternateSignInName', 'string'],
    ['UserDisplayName', 'string'],
    ['UserId', 'string'],
    ['UserType', 'string'],
    ['AppDisplayName', 'string'],
    ['AppId', 'string'],
    ['ResourceDisplayName', 'string'],
    ['IPAddress', 'string'],
    ['Location', 'string'],
    ['LocationDetails', d],
    ['DeviceDetail', d],
    ['Status', d],
    ['ConditionalAccessPolicies', d],
    ['ConditionalAccessStatus', 'string'],
    ['ClientAppUsed', 'string'],
    ['UserAgent', 'string'],
    ['IsInteractive', 'bool'],
    ['AuthenticationRequirement', 'string'],
    ['AuthenticationDetails', 'string'],
    ['AuthenticationMethodsUsed', 'string'],
    ['RiskLevelDuringSignIn', 'string'],
    ['RiskState', 'string'],
    ['CorrelationId', 'string'],
    ['Id', 'string'],
    ['Type', 'string'],
  ];
}

const kqlString = (s: string): string => JSON.stringify(s); // a JSON string is a valid KQL "…" literal
const kqlDynamic = (v: unknown, type: ColType): string =>
  type === 'dynamic' ? `dynamic(${JSON.stringify(v)})` : kqlString(JSON.stringify(v));

function row(table: ProbedTable, a: ProbeAccount, outcome: Outcome, probeId: string): Record<string, unknown> {
  const ok = outcome === 'success';
  const code = ok ? 0 : FAILURE_CODE;
  const reason = ok ? '' : 'Invalid username or password or Invalid on-premise username or password.';
  return {
    TenantId: a.tenantId ?? '',
    AADTenantId: a.tenantId ?? '',
    OperationName: 'Sign-in activity',
    Category: table === 'SigninLogs' ? 'SignInLogs' : 'NonInteractiveUserSignInLogs',
    ResultType: String(code),
    ResultSignature: ok ? 'SUCCESS' : 'FAILURE',
    ResultDescription: reason,
    Identity: a.displayName ?? a.upn,
    UserPrincipalName: a.upn,
    AlternateSignInName: a.upn,
    UserDisplayName: a.displayName ?? a.upn,
    UserId: a.id,
    UserType: 'Member',
    AppDisplayName: 'Azure Portal',
    AppId: AZURE_PORTAL_APP,
    ResourceDisplayName: 'Windows Azure Service Management API',
    IPAddress: '192.0.2.10', // TEST-NET-1 (RFC 5737): never a real client
    Location: '',
    LocationDetails: { city: '', state: '', countryOrRegion: '' },
    DeviceDetail: {
      deviceId: '',
      displayName: '',
      operatingSystem: 'Windows',
      browser: 'Edge',
      isCompliant: false,
      isManaged: false,
      trustType: '',
    },
    Status: ok ? { errorCode: 0 } : { errorCode: code, failureReason: reason },
    ConditionalAccessPolicies: [],
    ConditionalAccessStatus: ok ? 'success' : 'notApplied',
    ClientAppUsed: 'Browser',
    UserAgent: 'breakglass-probe',
    IsInteractive: table === 'SigninLogs',
    AuthenticationRequirement: 'multiFactorAuthentication',
    AuthenticationDetails: JSON.stringify([
      { authenticationMethod: ok ? 'FIDO2 security key' : 'Password', succeeded: ok },
    ]),
    AuthenticationMethodsUsed: ok ? 'FIDO2 security key' : 'Password',
    RiskLevelDuringSignIn: 'none',
    RiskState: 'none',
    CorrelationId: probeId,
    Id: probeId,
    Type: table,
  };
}

/** `let <table> = datatable(<schema>)[<rows>] | extend TimeGenerated = now(-1m);` */
export function shadow(table: ProbedTable, rows: Record<string, unknown>[]): string {
  const cols = columns(table);
  const schema = cols.map(([n, t]) => `${n}:${t}`).join(', ');
  const values = rows
    .map((r) =>
      cols
        .map(([n, t]) => {
          const v = r[n];
          if (t === 'bool') return v ? 'true' : 'false';
          if (t === 'long') return String(Number(v));
          if (typeof v === 'string') return kqlString(v);
          return kqlDynamic(v, t);
        })
        .join(', '),
    )
    .join(',\n  ');
  return `let ${table} = datatable(${schema})[\n  ${values}\n] | extend TimeGenerated = now(-1m);`;
}

/**
 * The probe text: every sign-in table the rule reads is shadowed; only the
 * interactive table (where a portal sign-in lands) carries the synthetic row.
 */
export function probeQuery(
  ruleQuery: string,
  tables: readonly ProbedTable[],
  a: ProbeAccount,
  outcome: Outcome,
  probeId: string,
): string {
  const lets = tables.map((t) => shadow(t, t === 'SigninLogs' ? [row(t, a, outcome, probeId)] : []));
  return `${lets.join('\n')}\n${ruleQuery}`;
}

/** Comparison operators of scheduledQueryRules criteria and Sentinel triggerOperator. */
export function compare(op: string | undefined, value: number, threshold: number): boolean | undefined {
  switch ((op ?? '').toLowerCase()) {
    case 'greaterthan':
      return value > threshold;
    case 'greaterthanorequal':
      return value >= threshold;
    case 'lessthan':
      return value < threshold;
    case 'lessthanorequal':
      return value <= threshold;
    case 'equal':
      return value === threshold;
    case 'notequal':
      return value !== threshold;
    default:
      return undefined;
  }
}

export interface ProbeTable {
  columns: { name: string; type: string }[];
  rows: unknown[][];
}

/**
 * The measured value of an Azure Monitor log search alert over the probe's
 * result: Count = number of rows; Average/Minimum/Maximum/Total over
 * metricMeasureColumn (scheduledQueryRules criteria, api-version 2023-12-01:
 * https://learn.microsoft.com/azure/templates/microsoft.insights/2023-12-01/scheduledqueryrules).
 */
export function measure(
  t: ProbeTable,
  timeAggregation: string | undefined,
  column: string | undefined,
): { value: number } | { error: string } {
  const agg = (timeAggregation ?? 'Count').toLowerCase();
  if (agg === 'count' && !column) return { value: t.rows.length };
  const idx = column ? t.columns.findIndex((c) => c.name === column) : -1;
  if (idx < 0) return { error: `the rule aggregates column "${column ?? '?'}", which its query does not return` };
  const nums = t.rows.map((r) => Number(r[idx])).filter((n) => !Number.isNaN(n));
  if (agg === 'count') return { value: nums.length };
  if (nums.length === 0) return { value: 0 };
  switch (agg) {
    case 'total':
      return { value: nums.reduce((x, y) => x + y, 0) };
    case 'average':
      return { value: nums.reduce((x, y) => x + y, 0) / nums.length };
    case 'minimum':
      return { value: Math.min(...nums) };
    case 'maximum':
      return { value: Math.max(...nums) };
    default:
      return { error: `unknown timeAggregation "${timeAggregation}"` };
  }
}
