/**
 * The break-glass set-up of the `healthy` practice scenario as `breakglass check` flags, as a pipeline would
 * pass them: its two accounts, its exclusion group and its Log Analytics workspace.
 */
export const HEALTHY_CHECK_FLAGS = [
  '--accounts',
  'bg-admin-01@contosopractice.onmicrosoft.com,bg-admin-02@contosopractice.onmicrosoft.com',
  '--group',
  'SG-BreakGlass-Exclude',
  '--workspace',
  '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security',
];
