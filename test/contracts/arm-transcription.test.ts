/**
 * The ARM definitions in src/practice/contracts/data/arm-specs.json are a hand
 * transcription. This test pins what the spec files show, at the commit each
 * entry names, for the members the product sends — so a slip in the
 * transcription fails here, not silently in the emulator. Each expectation
 * quotes its file; (AlertRules.json@2f665d72 was read for this test: the
 * "required" arrays of NrtAlertRuleProperties, ScheduledAlertRuleProperties and
 * GroupingConfiguration, and the MatchingMethod enum.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArmContract, loadArmSpecs, type ArmSpecs } from '../../src/practice/contracts/arm-contract.js';

const provenance = JSON.parse(
  readFileSync(new URL('../../src/practice/contracts/data/provenance.json', import.meta.url), 'utf8'),
) as { file: string }[];

const specs: ArmSpecs = loadArmSpecs();
type Node = Record<string, unknown>;
const def = (key: string, name: string): Node => {
  const d = specs[key]?.definitions[name] as Node | undefined;
  if (!d) throw new Error(`${key}: no definition ${name}`);
  return d;
};
const required = (key: string, name: string): string[] =>
  ((def(key, name)['required'] as string[] | undefined) ?? []).slice().sort();
const enumOf = (key: string, name: string, prop: string): unknown =>
  ((def(key, name)['properties'] as Record<string, Node>)[prop] as Node)['enum'];

const PREVIEW = 'securityinsights-alertRules-2025-07-01-preview';
const STABLE = 'securityinsights-alertRules-2025-09-01';

describe('ARM transcription matches the spec files it names', () => {
  it('every entry names repository, path and commit, and provenance.json lists it', () => {
    const files = new Set(provenance.map((p) => p.file));
    for (const [key, s] of Object.entries(specs)) {
      expect(s.source.repository).toBe('https://github.com/Azure/azure-rest-api-specs');
      expect(s.source.path).toMatch(/^specification\/.+\.json$/);
      expect(s.source.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(files.has(`arm-specs.json#${key}`)).toBe(true);
    }
  });

  // preview/2025-07-01-preview/AlertRules.json @ 2f665d72: NrtAlertRuleProperties.required
  it('NRT rule properties: required members (preview AlertRules.json)', () => {
    expect(required(PREVIEW, 'NrtAlertRuleProperties')).toEqual([
      'displayName',
      'enabled',
      'query',
      'severity',
      'suppressionDuration',
      'suppressionEnabled',
    ]);
  });

  // same file: ScheduledAlertRuleProperties.required
  it('Scheduled rule properties: required members (preview and stable AlertRules.json)', () => {
    const want = [
      'displayName',
      'enabled',
      'query',
      'queryFrequency',
      'queryPeriod',
      'severity',
      'suppressionDuration',
      'suppressionEnabled',
      'triggerOperator',
      'triggerThreshold',
    ];
    expect(required(PREVIEW, 'ScheduledAlertRuleProperties')).toEqual(want);
    expect(required(STABLE, 'ScheduledAlertRuleProperties')).toEqual(want);
  });

  // same file: GroupingConfiguration.required and MatchingMethod enum; IncidentConfiguration.required
  it('incident grouping: required members and matching methods', () => {
    for (const k of [PREVIEW, STABLE]) {
      expect(required(k, 'GroupingConfiguration')).toEqual([
        'enabled',
        'lookbackDuration',
        'matchingMethod',
        'reopenClosedIncident',
      ]);
      expect(enumOf(k, 'GroupingConfiguration', 'matchingMethod')).toEqual(['AllEntities', 'AnyAlert', 'Selected']);
      expect(required(k, 'IncidentConfiguration')).toEqual(['createIncident']);
    }
  });

  // stable/2025-09-01/AlertRules.json @ 56c0996d: AlertRuleKindEnum = Scheduled, MicrosoftSecurityIncidentCreation, Fusion (no NRT)
  it('the stable api-version defines no NRT kind; the preview one does', () => {
    expect(enumOf(STABLE, 'AlertRule', 'kind')).toEqual(['Scheduled', 'MicrosoftSecurityIncidentCreation', 'Fusion']);
    expect(enumOf(PREVIEW, 'AlertRule', 'kind')).toContain('NRT');
  });

  // stable/2025-03-01/common/AlertTypes.json @ 7ff61773: AlertSeverityEnum
  it('severities (common/AlertTypes.json)', () => {
    expect(enumOf(PREVIEW, 'NrtAlertRuleProperties', 'severity')).toEqual(['High', 'Medium', 'Low', 'Informational']);
  });

  // monitor stable/2023-12-01/scheduledQueryRule_API.json @ 1b81b339
  it('scheduled query rule: location and properties required; enabled, criteria, scopes inside', () => {
    expect(required('insights-scheduledQueryRules-2023-12-01', 'ScheduledQueryRuleResource')).toEqual([
      'location',
      'properties',
    ]);
    const props = (
      def('insights-scheduledQueryRules-2023-12-01', 'ScheduledQueryRuleResource')['properties'] as Record<string, Node>
    )['properties']!;
    expect((props['required'] as string[]).slice().sort()).toEqual(['criteria', 'enabled', 'scopes']);
    expect(enumOf('insights-scheduledQueryRules-2023-12-01', 'Condition', 'operator')).toEqual([
      'Equals',
      'GreaterThan',
      'GreaterThanOrEqual',
      'LessThan',
      'LessThanOrEqual',
    ]);
  });

  // monitor stable/2023-01-01/actionGroups_API.json @ 874fcb6a
  it('action group: groupShortName (≤ 12) and enabled required; receivers name their required members', () => {
    expect(required('insights-actionGroups-2023-01-01', 'ActionGroup')).toEqual(['enabled', 'groupShortName']);
    expect(required('insights-actionGroups-2023-01-01', 'EmailReceiver')).toEqual(['emailAddress', 'name']);
    expect(required('insights-actionGroups-2023-01-01', 'SmsReceiver')).toEqual(['countryCode', 'name', 'phoneNumber']);
    expect(required('insights-actionGroups-2023-01-01', 'WebhookReceiver')).toEqual(['name', 'serviceUri']);
  });

  // azureactivedirectory stable/2017-04-01/azureactivedirectory.json @ 02520693: storage, Service Bus, workspace and Event Hub targets
  it('Entra diagnostic settings: every destination the spec allows, logs need enabled', () => {
    const p = Object.keys(
      def('aadiam-diagnosticSettings-2017-04-01', 'DiagnosticSettings')['properties'] as Node,
    ).sort();
    expect(p).toEqual([
      'eventHubAuthorizationRuleId',
      'eventHubName',
      'logAnalyticsDestinationType',
      'logs',
      'metrics',
      'serviceBusRuleId',
      'storageAccountId',
      'workspaceId',
    ]);
    expect(required('aadiam-diagnosticSettings-2017-04-01', 'LogSettings')).toEqual(['enabled']);
    expect(required('aadiam-diagnosticSettings-2017-04-01', 'RetentionPolicy')).toEqual(['days', 'enabled']);
  });

  // authorization stable/2022-04-01/authorization-RoleAssignmentsCalls.json @ 007a51db: RoleAssignmentProperties
  // requires roleDefinitionId and principalId, principalType is User | Group | ServicePrincipal | ForeignGroup,
  // and RoleAssignmentCreateParameters requires properties.
  it('role assignments: required members, principal types, and {scope} spans several path segments', () => {
    const K = 'authorization-roleAssignments-2022-04-01';
    expect(required(K, 'RoleAssignmentProperties')).toEqual(['principalId', 'roleDefinitionId']);
    expect(required(K, 'RoleAssignmentCreateParameters')).toEqual(['properties']);
    expect(enumOf(K, 'RoleAssignmentProperties', 'principalType')).toEqual([
      'User',
      'Group',
      'ServicePrincipal',
      'ForeignGroup',
    ]);
    const c = new ArmContract(specs);
    const name = '/providers/Microsoft.Authorization/roleAssignments/0f8fad5b-d9cb-469f-a165-70867728950e';
    const body = {
      properties: {
        roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
        principalId: '5f2b8c3a-1d4e-4f6a-9b0c-7d8e9f0a1b2c',
        principalType: 'ServicePrincipal',
      },
    };
    for (const scope of [
      '/subscriptions/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
      '/providers/Microsoft.Management/managementGroups/contoso-root',
    ])
      expect(c.validateRequest('PUT', `${scope}${name}`, '2022-04-01', body)).toEqual({
        ok: true,
        operationId: 'RoleAssignments_Create',
      });
    const bad = c.validateRequest('PUT', `/subscriptions/x${name}`, '2022-04-01', {
      properties: { roleDefinitionId: 'x', principalID: 'y' },
    });
    expect(bad.ok).toBe(false);
    expect(bad.ok === false && bad.status === 400 ? bad.issues.map((i) => i.target).sort() : []).toEqual([
      'properties.principalID',
      'properties.principalId',
    ]);
  });
});
