import { describe, it, expect } from 'vitest';
import { runQuery, KqlError, type Table } from './index.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const REAL: Table = {
  columns: [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'UserPrincipalName', type: 'string' },
    { name: 'ResultType', type: 'string' },
  ],
  rows: [{ TimeGenerated: new Date(NOW - 60_000), UserPrincipalName: 'alex@contoso.com', ResultType: '0' }],
};
const ctx = {
  table: (n: string) => (n === 'SigninLogs' || n === 'AADNonInteractiveUserSignInLogs' ? REAL : undefined),
  now: NOW,
};
const q = (s: string) => runQuery(s, ctx);

// Shadowing a workspace table with synthetic rows is how BG-012 runs an alert rule's own query
// without a sign-in (https://learn.microsoft.com/kusto/query/let-statement, …/datatable-operator).
const SHADOW = `let SigninLogs = datatable(TimeGenerated:datetime, UserPrincipalName:string, ResultType:string, Status:dynamic, IsInteractive:bool, N:long)
[
  datetime(2026-03-01T11:59:00Z), "bg-admin-01@contoso.onmicrosoft.com", "0", dynamic({"errorCode":0}), true, 1,
  datetime(2026-03-01T11:59:00Z), "bg-admin-01@contoso.onmicrosoft.com", "50126", dynamic({"errorCode":50126,"failureReason":"Invalid username or password"}), true, 2,
];
`;

describe('KQL: datatable, tabular let, union', () => {
  it('a tabular let named like a workspace table shadows it', () => {
    const t = q(
      `${SHADOW}SigninLogs | where UserPrincipalName startswith "bg-admin-" | project UserPrincipalName, ResultType, Code = toint(Status.errorCode)`,
    );
    expect(t.rows).toEqual([
      { UserPrincipalName: 'bg-admin-01@contoso.onmicrosoft.com', ResultType: '0', Code: 0 },
      { UserPrincipalName: 'bg-admin-01@contoso.onmicrosoft.com', ResultType: '50126', Code: 50126 },
    ]);
    expect(t.columns.map((c) => c.type)).toEqual(['string', 'string', 'int']);
  });

  it('the rule’s own filters decide: a success-only rule keeps only the successful row', () => {
    expect(q(`${SHADOW}SigninLogs | where ResultType == 0`).rows).toHaveLength(1);
    expect(q(`${SHADOW}SigninLogs | where ResultType != "0" | count`).rows).toEqual([{ Count: 1 }]);
  });

  it('ago() over a datatable compares datetimes', () => {
    expect(q(`${SHADOW}SigninLogs | where TimeGenerated > ago(5m) | count`).rows).toEqual([{ Count: 2 }]);
    expect(q(`${SHADOW}SigninLogs | where TimeGenerated > ago(30s) | count`).rows).toEqual([{ Count: 0 }]);
  });

  it('a rule that begins with its own lets still sees the shadowed table', () => {
    const t = q(
      `${SHADOW}let bg = dynamic(["bg-admin-01@contoso.onmicrosoft.com"]);\nSigninLogs | where UserPrincipalName in (bg) | count`,
    );
    expect(t.rows).toEqual([{ Count: 2 }]);
  });

  it('tabular let over another table, and extend replacing a column', () => {
    const t = q(
      `let recent = SigninLogs | where TimeGenerated > ago(1h) | extend TimeGenerated = now(-1m);\nrecent | project TimeGenerated`,
    );
    expect(t.rows).toEqual([{ TimeGenerated: new Date(NOW - 60_000) }]);
  });

  it('union (outer) of tables and parenthesised pipelines, with isfuzzy', () => {
    const t =
      q(`${SHADOW}let AADNonInteractiveUserSignInLogs = datatable(UserPrincipalName:string, Extra:string)["x@y", "e"];
union isfuzzy=true SigninLogs, (AADNonInteractiveUserSignInLogs | where Extra == "e")
| project UserPrincipalName, Extra`);
    expect(t.rows.map((r) => r.UserPrincipalName)).toEqual([
      'bg-admin-01@contoso.onmicrosoft.com',
      'bg-admin-01@contoso.onmicrosoft.com',
      'x@y',
    ]);
    expect(t.rows.map((r) => r.Extra ?? null)).toEqual([null, null, 'e']);
  });

  it('an empty datatable keeps its schema: references are still checked', () => {
    expect(
      q(`let SigninLogs = datatable(UserPrincipalName:string)[];\nSigninLogs | where UserPrincipalName == "a" | count`)
        .rows,
    ).toEqual([{ Count: 0 }]);
    expect(() =>
      q(`let SigninLogs = datatable(UserPrincipalName:string)[];\nSigninLogs | where ResultType == 0`),
    ).toThrow(/ResultType/);
  });

  it('refuses what it does not model, naming the token', () => {
    expect(() => q('datatable(A:string)["a", "b", "c"] | take 1')).not.toThrow();
    expect(() => q('datatable(A:string, B:long)["a", 1, "b"]')).toThrow(/whole rows/);
    expect(() => q('datatable(A:long)["a"]')).toThrow(/not a number/);
    expect(() => q('datatable(A:blob)["a"]')).toThrow(/unknown column type/);
    expect(() => q('datatable(A:string)[UserPrincipalName]')).toThrow(/literals/);
    expect(() => q('union kind=inner SigninLogs, SigninLogs')).toThrow(KqlError);
    expect(() => q('SigninLogs | join (SigninLogs) on UserPrincipalName')).toThrow(KqlError);
    expect(() => q('let x = dynamic({"a":);\nSigninLogs')).toThrow(/dynamic/);
  });
});
