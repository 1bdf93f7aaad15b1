/**
 * Renders docs/permissions.md from the permission table. The test beside it
 * keeps the committed file equal to this rendering; regenerate with
 * `BREAKGLASS_WRITE_DOCS=1 npx vitest run test/permission-table.test.ts`.
 */
import {
  LICENCE_ERRORS,
  PERMISSION_TABLE,
  type PermissionChoice,
  type PermissionRow,
} from '../src/config/permission-table.js';
import { LICENCE_NAMES } from '../src/config/licences.js';

const API_LABEL: Record<PermissionRow['api'], string> = {
  graph: 'Graph v1.0',
  'graph-beta': 'Graph beta',
  arm: 'ARM',
  logs: 'Log Analytics',
};
const WHEN: Record<NonNullable<PermissionRow['when']>, string> = {
  'selects-signInActivity': 'when `$select` names signInActivity',
  'selects-basic-profile': 'when `$select` names only basic-profile properties',
  'body-isAssignableToRole': 'when the body sets isAssignableToRole: true',
  'body-includesServicePrincipals': 'when the policy names service principals (conditions.clientApplications)',
  'target-group-role-assignable': 'when the group is role-assignable',
};

const set = (s: string[]): string => (s.length ? s.join(' + ') : '—');
const cell = (s: string): string => s.replace(/\|/g, '\\|');

function choice(c: PermissionChoice | null): string {
  if (!c) return 'not documented';
  return set(c.least);
}

function higher(c: PermissionChoice | null): string {
  if (!c || c.higher.length === 0) return '—';
  return c.higher.map(set).join('; ');
}

export function renderPermissionsDoc(): string {
  const rows = PERMISSION_TABLE;
  const out: string[] = [];
  out.push('# Permissions: every call breakglass makes, and what Microsoft requires for it');
  out.push('');
  out.push('<!-- Rendered from src/config/permission-table.ts; edit the table, then run');
  out.push('     BREAKGLASS_WRITE_DOCS=1 npx vitest run test/permission-table.test.ts -->');
  out.push('');
  out.push(
    "This is the contract for permissions. It lists every request breakglass sends to Microsoft Graph, Azure Resource Manager (ARM) and the Log Analytics query API, with what Microsoft documents for it. The rows live in one table, `src/config/permission-table.ts`; this page is rendered from it. Tests hold three things to the table: every check read, the actions and queries mapped in `test/permission-declarations.test.ts`, and the reads behind run inputs' `suggest:` (`src/config/suggestion-permissions.ts`) declare permissions that the table documents as enough for the calls they make (for a delegated and an app-only caller) and nothing they do not need; the practice tenant accepts exactly the documented permission sets, checks the Entra role of a delegated caller and answers a tenant without the licence with the licence error below; and this page equals the table.",
  );
  out.push('');
  out.push('## How to read a row');
  out.push('');
  out.push(
    '- **Delegated / Application**: the least privileged permission(s) Microsoft documents. `+` means *all together*. Higher privileged sets Microsoft also accepts are listed per row under "Higher privileged"; the practice tenant accepts exactly least ∪ higher, with one exception stated under "Where the documentation is unsettled" (`X.ReadWrite.Y` stands in for `X.Read.Y`).',
  );
  out.push(
    '- **Entra role (delegated, one of)**: a delegated caller also needs one of these roles; Global Administrator holds them all. "—": a member user needs no role. App-only callers need no role unless the note says so.',
  );
  out.push(
    '- **Azure RBAC**: the built-in role (and the action it grants) ARM or the Log Analytics workspace checks. ARM has one delegated scope, `user_impersonation`; Azure RBAC decides the rest. The practice tenant does not model Azure RBAC.',
  );
  out.push(
    `- **Licence**: P1 = ${LICENCE_NAMES.P1}; P2 = ${LICENCE_NAMES.P2}. A tenant without it receives the licence error listed below; breakglass reports "needs …" for it and never passes, never crashes.`,
  );
  out.push('- **Docs**: the Microsoft Learn page whose permissions table and role paragraph the row was taken from.');
  out.push(
    '- Rows marked **unsettled** are where the documentation does not settle a question; the table takes the stricter reading (see "Where the documentation is unsettled").',
  );
  out.push('');
  out.push(`${rows.length} rows.`);
  out.push('');
  out.push(
    '| id | call | delegated (least) | application (least) | Entra role (delegated, one of) | Azure RBAC | licence | docs |',
  );
  out.push('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const call = `${API_LABEL[r.api]} \`${r.method} ${r.path}\`${r.when ? ` ${WHEN[r.when]}` : ''}${r.apiVersion ? ` (api-version ${r.apiVersion})` : ''}`;
    out.push(
      `| ${r.id}${r.unsettled ? ' (unsettled)' : ''} | ${cell(call)} | ${cell(choice(r.delegated))} | ${cell(choice(r.application))} | ${r.entraRoles.length ? r.entraRoles.join(', ') : '—'} | ${cell((r.azureRbac ?? []).join('; ') || '—')} | ${r.licence ?? 'none'} | [Learn](${r.docs}) |`,
    );
  }
  out.push('');
  out.push('## Higher privileged permissions Microsoft also accepts');
  out.push('');
  out.push('| id | delegated | application |');
  out.push('|---|---|---|');
  for (const r of rows) {
    if (r.delegated.higher.length === 0 && (r.application?.higher.length ?? 0) === 0) continue;
    out.push(`| ${r.id} | ${cell(higher(r.delegated))} | ${cell(higher(r.application))} |`);
  }
  out.push('');
  out.push('## What a tenant without the licence receives');
  out.push('');
  out.push('| licence error | status | code | message | rows | source |');
  out.push('|---|---|---|---|---|---|');
  for (const [name, e] of Object.entries(LICENCE_ERRORS)) {
    const ids = rows.filter((r) => r.licenceError === e).map((r) => r.id);
    out.push(
      `| ${name}${e.settled ? '' : ' (unsettled)'} | ${e.status} | \`${e.code}\` | ${cell(e.message)} | ${ids.join(', ')} | ${cell(e.source)} |`,
    );
  }
  out.push('');
  out.push('## Where the documentation is unsettled, and the stricter reading taken');
  out.push('');
  out.push(
    "Where Microsoft's pages contradict each other or say nothing, the table takes the reading that refuses more, and the practice tenant enforces it. The most consequential:",
  );
  out.push('');
  out.push(
    '- **Role-assignable groups ("also")**: the Add member page says a caller adding a member to a role-assignable group must *also* hold `RoleManagement.ReadWrite.Directory`. Whether Graph accepts `RoleManagement.ReadWrite.Directory` alone is not documented. The table reads "also" as *both required*: `GroupMember.ReadWrite.All + RoleManagement.ReadWrite.Directory` (or a higher group permission + `RoleManagement.ReadWrite.Directory`). An emergency application that adds a user to a role-assignable exclusion group must be granted both.',
  );
  out.push(
    '- **Sign-in logs**: the generated table lists `AuditLog.Read.All` alone; earlier revisions say the API requires consent to both `AuditLog.Read.All` and `Directory.Read.All`. The table requires both.',
  );
  out.push(
    "- **Licence errors**: only the sign-in report's message is published; the other answers are field observations or the stricter reading (see the table above).",
  );
  out.push(
    "- **`X.ReadWrite.Y` for `X.Read.Y`** (a less strict reading, and a known gap): breakglass asks only for the write scope when a runbook declares both (Entra refuses a scope nobody consented to), so the practice tenant and the pre-run check let `X.ReadWrite.Y` stand in for `X.Read.Y` even where Microsoft's table for a call does not list the write form (for example `GroupMember.ReadWrite.All` for `GET /users/{id}/transitiveMemberOf`). Not for listing or getting groups: there Microsoft's tables leave `GroupMember.ReadWrite.All` out, so breakglass asks for `GroupMember.Read.All` beside it and the practice tenant refuses the write scope alone (`COVERED_ONLY_BY`, src/core/permission-rules.ts).",
  );
  out.push(
    '- **PIM assignment without P2** (a known gap): `roleAssignmentScheduleRequests.create` is not licence-gated here although PIM is a P2 feature, because the small-business setup assigns Global Administrator through it and the fallback to `POST /roleManagement/directory/roleAssignments` is not built yet.',
  );
  out.push(
    '- **What the practice tenant does not model**: Azure RBAC (ARM and Log Analytics answer any valid token for the workspace), and app-only permissions for Log Analytics.',
  );
  out.push('');
  for (const r of rows) if (r.unsettled && r.note) out.push(`- **${r.id}**: ${r.note}`);
  out.push('');
  out.push('## Notes per row');
  out.push('');
  for (const r of rows) {
    if (r.unsettled || !r.note) continue;
    out.push(`- **${r.id}**: ${r.note}`);
  }
  out.push('');
  out.push('## Where each call is made');
  out.push('');
  out.push('| id | used by | checks |');
  out.push('|---|---|---|');
  for (const r of rows)
    out.push(`| ${r.id} | ${cell(r.usedBy.join('<br>'))} | ${(r.checks ?? []).join(', ') || '—'} |`);
  out.push('');
  return out.join('\n');
}
