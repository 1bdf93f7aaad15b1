/**
 * Microsoft Zero Trust Assessment: the JSON passed as
 * `Invoke-ZtAssessment -ConfigurationFile zt-config.json` may hold
 * `GlobalSettings.EmergencyAccessAccounts` in Maester's shape
 * (microsoft/zerotrustassessment src/powershell/public/Invoke-ZtAssessment.ps1,
 * src/powershell/private/tests-shared/Get-ZtEmergencyAccessAccounts.ps1).
 * The setting is not in the user documentation, a group needs its Id, and
 * only test 21815 reads it; test 21835 still finds emergency-access accounts
 * by heuristics. The output says so.
 */
import { renderEmergencyAccessAccounts } from './emergency-access-accounts.js';
import type { ExportTarget } from './target.js';

const SOURCE =
  'https://github.com/microsoft/zerotrustassessment/blob/main/src/powershell/public/Invoke-ZtAssessment.ps1';

export const zta: ExportTarget = {
  id: 'zta',
  tool: 'Zero Trust Assessment',
  docs: [
    SOURCE,
    'https://github.com/microsoft/zerotrustassessment/blob/main/src/powershell/private/tests-shared/Get-ZtEmergencyAccessAccounts.ps1',
  ],
  fileName: () => 'zt-config.json',
  render({ resolved, existing }) {
    const out = renderEmergencyAccessAccounts(resolved, existing);
    return {
      text: out.text,
      notes: [
        ...out.notes,
        'run it with Invoke-ZtAssessment -ConfigurationFile zt-config.json',
        'the Zero Trust Assessment reads this undocumented setting in test 21815 only (privileged roles activated just in time); ' +
          'test 21835 ("emergency access accounts are configured appropriately") still identifies them by heuristics and ignores it',
        ...(resolved.emergencyApp
          ? [
              `not exported: the emergency app (appId ${resolved.emergencyApp.appId}) — the Zero Trust Assessment has no setting for apps`,
            ]
          : []),
      ],
    };
  },
};
