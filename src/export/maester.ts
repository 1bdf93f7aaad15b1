/**
 * Maester: `GlobalSettings.EmergencyAccessAccounts` in maester-config.json
 * (https://maester.dev/docs/configuration/emergency-access-accounts).
 * Entries are `{ Type: "User" | "Group", Id | UserPrincipalName }`; we write
 * object ids. The file is named for the tenant, `maester-config.<tenantId>.json`,
 * which Maester looks for before maester-config.json when it knows the
 * connected tenant (https://maester.dev/docs/multi-tenant/configuration;
 * powershell/internal/Get-MtMaesterConfig.ps1). That file is read *instead of*
 * maester-config.json, so a new one starts from a copy of it when it is there.
 * No schema is published; tests validate against one we derived from the doc.
 */
import { renderEmergencyAccessAccounts } from './emergency-access-accounts.js';
import type { ExportTarget } from './target.js';

export const maester: ExportTarget = {
  id: 'maester',
  tool: 'Maester',
  docs: [
    'https://maester.dev/docs/configuration/emergency-access-accounts',
    'https://maester.dev/docs/multi-tenant/configuration',
  ],
  fileName: (r) => `maester-config.${r.tenantId}.json`,
  seedFrom: ['maester-config.json'],
  render({ resolved, existing }) {
    const out = renderEmergencyAccessAccounts(resolved, existing);
    const notes = [...out.notes];
    if (!existing)
      notes.push(
        `Maester reads maester-config.${resolved.tenantId}.json instead of maester-config.json for this tenant: ` +
          'copy your other settings (TestSettings severities …) into it, or use --output DIR where maester-config.json is so it starts from a copy',
      );
    notes.push(
      'Maester stops auto-detecting ("the user excluded from the most policies") once accounts are configured, and fails a configured entry it cannot find: export again after you change the accounts or the group',
    );
    if (resolved.emergencyApp)
      notes.push(
        `not exported: the emergency app (appId ${resolved.emergencyApp.appId}) — Maester's EmergencyAccessAccounts takes users and groups only`,
      );
    return { text: out.text, notes };
  },
};
