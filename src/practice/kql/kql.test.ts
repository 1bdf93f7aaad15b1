import { describe, it, expect } from 'vitest';
import { runQuery, toLogsApiBody, KqlError, type Table, type Row } from './index.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const min = (m: number) => new Date(NOW - m * 60_000);

const SIGNIN_COLS = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'UserPrincipalName', type: 'string' },
  { name: 'ResultType', type: 'string' },
  { name: 'ResultDescription', type: 'string' },
  { name: 'IPAddress', type: 'string' },
  { name: 'LocationDetails', type: 'dynamic' },
  { name: 'AppDisplayName', type: 'string' },
  { name: 'ClientAppUsed', type: 'string' },
  { name: 'ConditionalAccessStatus', type: 'string' },
  { name: 'AuthenticationDetails', type: 'string' },
  { name: 'AppId', type: 'string' },
];

function signin(m: number, upn: string, result: string, method: string, city = 'London'): Row {
  return {
    TimeGenerated: min(m),
    UserPrincipalName: upn,
    ResultType: result,
    ResultDescription: result === '0' ? '' : 'Invalid username or password',
    IPAddress: '203.0.113.10',
    LocationDetails: { city, countryOrRegion: 'GB' },
    AppDisplayName: 'Azure Portal',
    ClientAppUsed: 'Browser',
    ConditionalAccessStatus: 'notApplied',
    AuthenticationDetails: JSON.stringify([{ authenticationMethod: method, succeeded: result === '0' }]),
    AppId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
  };
}

const SIGNINS: Table = {
  columns: SIGNIN_COLS,
  rows: [
    signin(5, 'bg-admin-01@contoso.onmicrosoft.com', '0', 'FIDO2 security key'),
    signin(10, 'bg-admin-02@contoso.onmicrosoft.com', '50126', 'Password', 'Paris'),
    signin(30, 'alex@contoso.com', '0', 'Password'),
    signin(60 * 24 * 3, 'bg-admin-02@contoso.onmicrosoft.com', '0', 'Password'),
    signin(60 * 24 * 40, 'bg-admin-01@contoso.onmicrosoft.com', '0', 'FIDO2 security key'),
  ],
};

const AUDIT_COLS = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'OperationName', type: 'string' },
  { name: 'InitiatedBy', type: 'dynamic' },
  { name: 'TargetResources', type: 'dynamic' },
];
const AUDITS: Table = {
  columns: AUDIT_COLS,
  rows: [
    {
      TimeGenerated: min(10),
      OperationName: 'Add member to group',
      InitiatedBy: { user: { userPrincipalName: 'mallory@contoso.com' } },
      TargetResources: [
        {
          displayName: 'Sam Staff',
          type: 'User',
          modifiedProperties: [{ displayName: 'Group.DisplayName', newValue: '"SG-BreakGlass-Exclude"' }],
        },
      ],
    },
    {
      TimeGenerated: min(20),
      OperationName: 'Add member to group',
      InitiatedBy: { user: { userPrincipalName: 'alex@contoso.com' } },
      TargetResources: [
        {
          displayName: 'Pat',
          type: 'User',
          modifiedProperties: [{ displayName: 'Group.DisplayName', newValue: '"Marketing"' }],
        },
      ],
    },
    {
      TimeGenerated: min(30),
      OperationName: 'Add member to role',
      InitiatedBy: { user: { userPrincipalName: 'alex@contoso.com' } },
      TargetResources: [
        {
          displayName: 'bg-admin-03',
          type: 'User',
          modifiedProperties: [{ displayName: 'Role.DisplayName', newValue: '"Global Administrator"' }],
        },
      ],
    },
    {
      TimeGenerated: min(90),
      OperationName: 'Add member to group',
      InitiatedBy: { user: { userPrincipalName: 'alex@contoso.com' } },
      TargetResources: [
        {
          displayName: 'x',
          type: 'User',
          modifiedProperties: [{ displayName: 'Group.DisplayName', newValue: '"SG-BreakGlass-Exclude"' }],
        },
      ],
    },
  ],
};

const ctx = { table: (n: string) => (n === 'SigninLogs' ? SIGNINS : n === 'AuditLogs' ? AUDITS : undefined), now: NOW };
const q = (s: string) => runQuery(s, ctx);

describe('KQL: break-glass sign-in and membership queries', () => {
  it('detection query with let, startswith, project with strcat/tostring renames, order by', () => {
    const t = q(`let bgPrefix = "bg-admin-";
SigninLogs
| where TimeGenerated > ago(15m)
| where UserPrincipalName startswith bgPrefix
| project
TimeGenerated,
UserPrincipalName,
ResultType, // 0 == success
ResultDescription,
IPAddress,
Location = strcat(tostring(LocationDetails.city), ", ", tostring(LocationDetails.countryOrRegion)),
AppDisplayName,
ClientAppUsed,
ConditionalAccessStatus
| order by TimeGenerated desc`);
    expect(t.columns.map((c) => c.name)).toEqual([
      'TimeGenerated',
      'UserPrincipalName',
      'ResultType',
      'ResultDescription',
      'IPAddress',
      'Location',
      'AppDisplayName',
      'ClientAppUsed',
      'ConditionalAccessStatus',
    ]);
    expect(t.columns.find((c) => c.name === 'Location')!.type).toBe('string');
    expect(t.rows.map((r) => r.UserPrincipalName)).toEqual([
      'bg-admin-01@contoso.onmicrosoft.com',
      'bg-admin-02@contoso.onmicrosoft.com',
    ]);
    expect(t.rows[1]!.Location).toBe('Paris, GB');
  });

  it('NRT rule query with extend', () => {
    const t = q(
      'let bgPrefix = "bg-admin-";\nSigninLogs\n| where UserPrincipalName startswith bgPrefix\n| extend AccountCustomEntity = UserPrincipalName, IPCustomEntity = IPAddress',
    );
    expect(t.rows).toHaveLength(4);
    expect(t.columns.at(-1)).toEqual({ name: 'IPCustomEntity', type: 'string' });
    expect(t.rows[0]!.AccountCustomEntity).toBe(t.rows[0]!.UserPrincipalName);
  });

  it('audit query with in(), mv-expand, has on dynamic, or, InitiatedBy path', () => {
    const t = q(`AuditLogs
| where TimeGenerated > ago(1h)
| where OperationName in ("Add member to group", "Add member to role")
| mv-expand tr = TargetResources
| extend target = tostring(tr.displayName), modifiedProps = tr.modifiedProperties
| where modifiedProps has "SG-BreakGlass-Exclude"
or modifiedProps has "Global Administrator"
or target startswith "bg-admin-"
| project TimeGenerated, OperationName, Initiator = tostring(InitiatedBy.user.userPrincipalName), target`);
    expect(t.rows.map((r) => r.Initiator)).toEqual(['mallory@contoso.com', 'alex@contoso.com']);
    expect(t.rows.map((r) => r.target)).toEqual(['Sam Staff', 'bg-admin-03']);
    expect(t.columns.map((c) => c.type)).toEqual(['datetime', 'string', 'string', 'string']);
  });

  it('validation query: summarize arg_max by, !has', () => {
    const t = q(`SigninLogs
| where UserPrincipalName startswith "bg-admin-"
| where ResultType == 0
| summarize arg_max(TimeGenerated, AuthenticationDetails) by UserPrincipalName
| extend methods = tostring(AuthenticationDetails)
| where methods !has "FIDO2" and methods !has "Passkey"
| project UserPrincipalName, TimeGenerated, methods`);
    // bg-admin-02's last success was a password sign-in → flagged; bg-admin-01's was FIDO2 → not
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0]!.UserPrincipalName).toBe('bg-admin-02@contoso.onmicrosoft.com');
    expect(t.columns.map((c) => c.name)).toEqual(['UserPrincipalName', 'TimeGenerated', 'methods']);
  });
});

describe('KQL: alerting and service-principal queries', () => {
  it('UPN equality with tolower() (single quotes)', () => {
    const t = q("SigninLogs\n| where UserPrincipalName == tolower('BG-ADMIN-02@CONTOSO.ONMICROSOFT.COM')");
    expect(t.rows).toHaveLength(2);
  });
  it('AppId in (...) within 48h', () => {
    const t = q(
      'SigninLogs\n| where TimeGenerated > ago(48h)\n| where AppId in ("c44b4083-3bb0-49c1-b47d-974e53cbdf3c")',
    );
    expect(t.rows).toHaveLength(3);
  });
});

describe('KQL: operators and functions', () => {
  it('comparisons, =~, !=, not, isnotempty, take, count, summarize count() by', () => {
    expect(q('SigninLogs | where UserPrincipalName =~ "ALEX@CONTOSO.COM"').rows).toHaveLength(1);
    expect(q('SigninLogs | where ResultType != "0"').rows).toHaveLength(1);
    expect(q('SigninLogs | where not(ResultType == "0")').rows).toHaveLength(1);
    expect(q('SigninLogs | where isnotempty(ResultDescription)').rows).toHaveLength(1);
    expect(q('SigninLogs | take 2').rows).toHaveLength(2);
    expect(q('SigninLogs | count').rows[0]).toEqual({ Count: 5 });
    const s = q('SigninLogs | summarize count() by UserPrincipalName | order by count_ desc');
    expect(s.columns).toEqual([
      { name: 'UserPrincipalName', type: 'string' },
      { name: 'count_', type: 'long' },
    ]);
    expect(s.rows[0]).toEqual({ UserPrincipalName: 'bg-admin-01@contoso.onmicrosoft.com', count_: 2 });
    expect(q('SigninLogs | where TimeGenerated >= ago(1d) and TimeGenerated < ago(8m)').rows).toHaveLength(2);
    expect(q('SigninLogs | summarize Attempts = count()').rows).toEqual([{ Attempts: 5 }]);
    expect(q('SigninLogs | where UserPrincipalName has "contoso"').rows).toHaveLength(5);
    expect(q('SigninLogs | where UserPrincipalName has "conto"').rows).toHaveLength(0);
    expect(q('SigninLogs | order by TimeGenerated asc | take 1').rows[0]!.UserPrincipalName).toBe(
      'bg-admin-01@contoso.onmicrosoft.com',
    );
  });

  it('serializes like the Logs API', () => {
    const body = toLogsApiBody(q('SigninLogs | take 1 | project TimeGenerated, LocationDetails, n = 1'));
    expect(body.tables[0]!.rows[0]).toEqual([min(5).toISOString(), '{"city":"London","countryOrRegion":"GB"}', 1]);
  });

  it('rejects unsupported syntax with the token and its position', () => {
    const cases: [string, string, number, number][] = [
      ['SigninLogs\n| join kind=inner (AuditLogs) on Id', 'join', 2, 3],
      ['SigninLogs | where A between (1 .. 2)', 'between', 1, 22],
      ['union kind=inner SigninLogs, AuditLogs', 'inner', 1, 12],
      ['SigninLogs | where x == "unterminated', '"unterminated', 1, 25],
    ];
    for (const [src, token, line, pos] of cases) {
      try {
        q(src);
        expect.unreachable(`${src} should fail`);
      } catch (e) {
        expect(e).toBeInstanceOf(KqlError);
        const k = e as KqlError;
        expect(k.token.startsWith(token)).toBe(true);
        expect([k.line, k.pos]).toEqual([line, pos]);
      }
    }
  });

  it('rejects unknown columns, functions and tables even when no rows match (never silently empty)', () => {
    expect(() => q('SigninLogs | where UserPrincipleName startswith "bg-"')).toThrow(
      /Failed to resolve scalar expression named 'UserPrincipleName'/,
    );
    expect(() => q('SigninLogs | where TimeGenerated > ago(1m) | where Nope == 1')).toThrow(/Nope/);
    expect(() => q('SigninLogs | extend x = base64_encode_tostring(IPAddress)')).toThrow(/Unknown function/);
    expect(() => q('SignInLogs | take 1')).toThrow(/Failed to resolve table/);
    expect(() => q('SigninLogs | where count() > 1')).toThrow(/only be used in summarize/);
  });
});

describe('KQL: bin()', () => {
  it('summarize count() by bin(TimeGenerated, 1d)', () => {
    const t = q('SigninLogs | where TimeGenerated > ago(1h) | summarize count() by bin(TimeGenerated, 1d)');
    expect(t.columns).toEqual([
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'count_', type: 'long' },
    ]);
    expect(t.rows).toEqual([{ TimeGenerated: new Date('2026-03-01T00:00:00Z'), count_: 3 }]);
  });
});
