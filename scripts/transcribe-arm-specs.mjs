#!/usr/bin/env node
// Writes src/practice/contracts/data/arm-specs.json: a HAND TRANSCRIPTION (descriptions dropped) of the
// Azure REST API spec definitions breakglass sends and reads, made from the spec files' text at the
// path and commit recorded in each entry (azure-rest-api-specs is too large to check out here).
// test/contracts/arm-transcription.test.ts pins what the spec files show for the operations we use.
// Replace with `node scripts/vendor-contracts.mjs --azure <checkout>` (mechanical) when a checkout is at hand.
//
// Usage: node scripts/transcribe-arm-specs.mjs > src/practice/contracts/data/arm-specs.json
const R = 'https://github.com/Azure/azure-rest-api-specs';
const SI_PREV =
  'specification/securityinsights/resource-manager/Microsoft.SecurityInsights/preview/2025-07-01-preview/AlertRules.json';
const SI_STABLE =
  'specification/securityinsights/resource-manager/Microsoft.SecurityInsights/stable/2025-09-01/AlertRules.json';
const ALERT_TYPES =
  'specification/securityinsights/resource-manager/Microsoft.SecurityInsights/stable/2025-03-01/common/AlertTypes.json';
const SQR = 'specification/monitor/resource-manager/Microsoft.Insights/stable/2023-12-01/scheduledQueryRule_API.json';
const AG = 'specification/monitor/resource-manager/Microsoft.Insights/stable/2023-01-01/actionGroups_API.json';
const DIAG =
  'specification/azureactivedirectory/resource-manager/Microsoft.Aadiam/stable/2017-04-01/azureactivedirectory.json';
const RA =
  'specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/authorization-RoleAssignmentsCalls.json';
const SI_BASE =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces/{workspaceName}/providers/Microsoft.SecurityInsights';
const dur = { type: 'string', format: 'duration' };
const str = { type: 'string' };
const bool = { type: 'boolean' };
const strs = { type: 'array', items: str };
const ro = (s) => ({ ...s, readOnly: true });
const severity = { type: 'string', enum: ['High', 'Medium', 'Low', 'Informational'] };
const tactic = {
  type: 'string',
  enum: [
    'Reconnaissance',
    'ResourceDevelopment',
    'InitialAccess',
    'Execution',
    'Persistence',
    'PrivilegeEscalation',
    'DefenseEvasion',
    'CredentialAccess',
    'Discovery',
    'LateralMovement',
    'Collection',
    'Exfiltration',
    'CommandAndControl',
    'Impact',
    'PreAttack',
    'ImpairProcessControl',
    'InhibitResponseFunction',
  ],
};
const entityType = {
  type: 'string',
  enum: [
    'Account',
    'Host',
    'IP',
    'Malware',
    'File',
    'Process',
    'CloudApplication',
    'DNS',
    'AzureResource',
    'FileHash',
    'RegistryKey',
    'RegistryValue',
    'SecurityGroup',
    'URL',
    'Mailbox',
    'MailCluster',
    'MailMessage',
    'SubmissionMail',
  ],
};
const alertRuleShared = (preview) => ({
  IncidentConfiguration: {
    type: 'object',
    properties: { createIncident: bool, groupingConfiguration: { $ref: '#/definitions/GroupingConfiguration' } },
    required: ['createIncident'],
  },
  GroupingConfiguration: {
    type: 'object',
    properties: {
      enabled: bool,
      reopenClosedIncident: bool,
      lookbackDuration: dur,
      matchingMethod: { type: 'string', enum: ['AllEntities', 'AnyAlert', 'Selected'] },
      groupByEntities: { type: 'array', items: entityType },
      groupByAlertDetails: { type: 'array', items: { type: 'string', enum: ['DisplayName', 'Severity'] } },
      groupByCustomDetails: strs,
    },
    required: ['enabled', 'reopenClosedIncident', 'lookbackDuration', 'matchingMethod'],
  },
  EventGroupingSettings: {
    type: 'object',
    properties: { aggregationKind: { type: 'string', enum: ['SingleAlert', 'AlertPerResult'] } },
  },
  EntityMapping: {
    type: 'object',
    properties: {
      entityType,
      fieldMappings: { type: 'array', items: { type: 'object', properties: { identifier: str, columnName: str } } },
    },
  },
  AlertDetailsOverride: {
    type: 'object',
    properties: {
      alertDisplayNameFormat: str,
      alertDescriptionFormat: str,
      alertTacticsColumnName: str,
      alertSeverityColumnName: str,
      alertDynamicProperties: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            alertProperty: {
              type: 'string',
              enum: [
                'AlertLink',
                'ConfidenceLevel',
                'ConfidenceScore',
                'ExtendedLinks',
                'ProductName',
                'ProviderName',
                'ProductComponentName',
                'RemediationSteps',
                'Techniques',
                ...(preview ? ['SubTechniques'] : []),
              ],
            },
            value: str,
          },
        },
      },
    },
  },
  ...(preview ? { SentinelEntityMapping: { type: 'object', properties: { columnName: str } } } : {}),
});
const common = (extra) => ({
  eventGroupingSettings: { $ref: '#/definitions/EventGroupingSettings' },
  customDetails: { type: 'object', additionalProperties: str },
  entityMappings: { type: 'array', items: { $ref: '#/definitions/EntityMapping' } },
  alertDetailsOverride: { $ref: '#/definitions/AlertDetailsOverride' },
  ...extra,
});
// ResourceWithEtag (SecurityInsights common/2.0/types.json, not read): modelled as id/name/type/systemData read-only + etag.
const resourceWithEtag = { id: ro(str), name: ro(str), type: ro(str), systemData: ro({ type: 'object' }), etag: str };
const alertRuleBase = (kinds) => ({
  type: 'object',
  discriminator: 'kind',
  required: ['kind'],
  properties: { ...resourceWithEtag, kind: { type: 'string', enum: kinds } },
});

const out = {
  'securityinsights-alertRules-2025-07-01-preview': {
    source: {
      repository: R,
      path: SI_PREV,
      commit: '2f665d72a093d6d33fb376e33a7d792711cc78a0',
      also: { path: ALERT_TYPES, commit: '7ff61773674a75ed60aca120a27ad2281b40d96f' },
    },
    apiVersion: '2025-07-01-preview',
    operations: {
      [`PUT ${SI_BASE}/alertRules/{ruleId}`]: {
        operationId: 'AlertRules_CreateOrUpdate',
        body: { $ref: '#/definitions/AlertRule' },
        response: { $ref: '#/definitions/AlertRule' },
      },
      [`GET ${SI_BASE}/alertRules/{ruleId}`]: {
        operationId: 'AlertRules_Get',
        response: { $ref: '#/definitions/AlertRule' },
      },
      [`DELETE ${SI_BASE}/alertRules/{ruleId}`]: { operationId: 'AlertRules_Delete' },
      // AlertRulesList: { value: AlertRule[] (required), nextLink (readOnly) }
      [`GET ${SI_BASE}/alertRules`]: {
        operationId: 'AlertRules_List',
        response: { $ref: '#/definitions/AlertRule' },
        list: true,
      },
    },
    note: 'Only the NRT and Scheduled subtypes are transcribed; other kinds are refused as not vendored. AlertRuleKindEnum was not on the pages read (kinds listed from the preview API reference).',
    definitions: {
      // AlertRuleKindEnum of this file was not on the pages read; the kinds are those the preview API documents.
      AlertRule: alertRuleBase([
        'Scheduled',
        'MicrosoftSecurityIncidentCreation',
        'Fusion',
        'MLBehaviorAnalytics',
        'ThreatIntelligence',
        'NRT',
      ]),
      NrtAlertRule: {
        'x-ms-discriminator-value': 'NRT',
        allOf: [{ $ref: '#/definitions/AlertRule' }],
        properties: { properties: { $ref: '#/definitions/NrtAlertRuleProperties' } },
      },
      NrtAlertRuleProperties: {
        type: 'object',
        properties: {
          alertRuleTemplateName: str,
          templateVersion: str,
          description: str,
          query: str,
          tactics: { type: 'array', items: tactic },
          techniques: strs,
          subTechniques: strs,
          displayName: str,
          enabled: bool,
          lastModifiedUtc: ro({ type: 'string', format: 'date-time' }),
          suppressionDuration: dur,
          suppressionEnabled: bool,
          severity,
          incidentConfiguration: { $ref: '#/definitions/IncidentConfiguration' },
          ...common({
            sentinelEntitiesMappings: { type: 'array', items: { $ref: '#/definitions/SentinelEntityMapping' } },
          }),
        },
        required: ['displayName', 'enabled', 'severity', 'query', 'suppressionEnabled', 'suppressionDuration'],
      },
      ScheduledAlertRule: {
        'x-ms-discriminator-value': 'Scheduled',
        allOf: [{ $ref: '#/definitions/AlertRule' }],
        properties: { properties: { $ref: '#/definitions/ScheduledAlertRuleProperties' } },
      },
      ScheduledAlertRuleProperties: {
        type: 'object',
        properties: {
          query: str,
          queryFrequency: dur,
          queryPeriod: dur,
          severity,
          triggerOperator: { type: 'string', enum: ['GreaterThan', 'LessThan', 'Equal', 'NotEqual'] },
          triggerThreshold: { type: 'integer', format: 'int32' },
          ...common({
            sentinelEntitiesMappings: { type: 'array', items: { $ref: '#/definitions/SentinelEntityMapping' } },
          }),
          alertRuleTemplateName: str,
          templateVersion: str,
          description: str,
          displayName: str,
          enabled: bool,
          lastModifiedUtc: ro({ type: 'string', format: 'date-time' }),
          suppressionDuration: dur,
          suppressionEnabled: bool,
          tactics: { type: 'array', items: tactic },
          techniques: strs,
          subTechniques: strs,
          incidentConfiguration: { $ref: '#/definitions/IncidentConfiguration' },
        },
        required: [
          'displayName',
          'enabled',
          'severity',
          'query',
          'queryFrequency',
          'queryPeriod',
          'triggerOperator',
          'triggerThreshold',
          'suppressionEnabled',
          'suppressionDuration',
        ],
      },
      ...alertRuleShared(true),
    },
  },
  'securityinsights-alertRules-2025-09-01': {
    source: {
      repository: R,
      path: SI_STABLE,
      commit: '56c0996df98dc52612f1ccf802e7f041a31369cd',
      also: { path: ALERT_TYPES, commit: '7ff61773674a75ed60aca120a27ad2281b40d96f' },
    },
    apiVersion: '2025-09-01',
    operations: {
      [`PUT ${SI_BASE}/alertRules/{ruleId}`]: {
        operationId: 'AlertRules_CreateOrUpdate',
        body: { $ref: '#/definitions/AlertRule' },
        response: { $ref: '#/definitions/AlertRule' },
      },
      [`GET ${SI_BASE}/alertRules/{ruleId}`]: {
        operationId: 'AlertRules_Get',
        response: { $ref: '#/definitions/AlertRule' },
      },
      [`DELETE ${SI_BASE}/alertRules/{ruleId}`]: { operationId: 'AlertRules_Delete' },
      // AlertRulesList: { value: AlertRule[] (required), nextLink (readOnly) }
      [`GET ${SI_BASE}/alertRules`]: {
        operationId: 'AlertRules_List',
        response: { $ref: '#/definitions/AlertRule' },
        list: true,
      },
    },
    note: 'AlertRuleKindEnum in this stable version is Scheduled | MicrosoftSecurityIncidentCreation | Fusion: there is no NRT kind. Only Scheduled is transcribed.',
    definitions: {
      AlertRule: alertRuleBase(['Scheduled', 'MicrosoftSecurityIncidentCreation', 'Fusion']),
      ScheduledAlertRule: {
        'x-ms-discriminator-value': 'Scheduled',
        allOf: [{ $ref: '#/definitions/AlertRule' }],
        properties: { properties: { $ref: '#/definitions/ScheduledAlertRuleProperties' } },
      },
      ScheduledAlertRuleProperties: {
        type: 'object',
        properties: {
          query: str,
          queryFrequency: dur,
          queryPeriod: dur,
          severity,
          triggerOperator: { type: 'string', enum: ['GreaterThan', 'LessThan', 'Equal', 'NotEqual'] },
          triggerThreshold: { type: 'integer', format: 'int32' },
          ...common({}),
          alertRuleTemplateName: str,
          templateVersion: str,
          description: str,
          displayName: str,
          enabled: bool,
          lastModifiedUtc: ro({ type: 'string', format: 'date-time' }),
          suppressionDuration: dur,
          suppressionEnabled: bool,
          tactics: { type: 'array', items: tactic },
          techniques: strs,
          incidentConfiguration: { $ref: '#/definitions/IncidentConfiguration' },
        },
        required: [
          'displayName',
          'enabled',
          'severity',
          'query',
          'queryFrequency',
          'queryPeriod',
          'triggerOperator',
          'triggerThreshold',
          'suppressionEnabled',
          'suppressionDuration',
        ],
      },
      ...alertRuleShared(false),
    },
  },
  'insights-scheduledQueryRules-2023-12-01': {
    source: { repository: R, path: SQR, commit: '1b81b33985b1a9e283054d55dedbef0d14b0d3be' },
    apiVersion: '2023-12-01',
    operations: {
      'PUT /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Insights/scheduledQueryRules/{ruleName}':
        {
          operationId: 'ScheduledQueryRules_CreateOrUpdate',
          body: { $ref: '#/definitions/ScheduledQueryRuleResource' },
          response: { $ref: '#/definitions/ScheduledQueryRuleResource' },
        },
      'GET /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Insights/scheduledQueryRules/{ruleName}':
        { operationId: 'ScheduledQueryRules_Get', response: { $ref: '#/definitions/ScheduledQueryRuleResource' } },
      'DELETE /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Insights/scheduledQueryRules/{ruleName}':
        { operationId: 'ScheduledQueryRules_Delete' },
      // ScheduledQueryRuleResourceCollection: { value: ScheduledQueryRuleResource[], nextLink }
      'GET /subscriptions/{subscriptionId}/providers/Microsoft.Insights/scheduledQueryRules': {
        operationId: 'ScheduledQueryRules_ListBySubscription',
        response: { $ref: '#/definitions/ScheduledQueryRuleResource' },
        list: true,
      },
      'GET /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Insights/scheduledQueryRules':
        {
          operationId: 'ScheduledQueryRules_ListByResourceGroup',
          response: { $ref: '#/definitions/ScheduledQueryRuleResource' },
          list: true,
        },
    },
    definitions: {
      ScheduledQueryRuleResource: {
        type: 'object',
        required: ['properties', 'location'],
        properties: {
          id: ro(str),
          name: ro(str),
          type: ro(str),
          identity: { $ref: '#/definitions/Identity' },
          tags: { type: 'object', additionalProperties: str },
          location: str,
          kind: { type: 'string', enum: ['LogAlert', 'LogToMetric'] },
          etag: ro(str),
          systemData: ro({ type: 'object' }),
          properties: {
            $ref: '#/definitions/ScheduledQueryRuleProperties',
            required: ['enabled', 'criteria', 'scopes'],
          },
        },
      },
      ScheduledQueryRuleProperties: {
        type: 'object',
        properties: {
          createdWithApiVersion: ro(str),
          isLegacyLogAnalyticsRule: ro(bool),
          description: str,
          displayName: str,
          severity: { type: 'integer', format: 'int64', enum: [0, 1, 2, 3, 4] },
          enabled: bool,
          scopes: strs,
          evaluationFrequency: dur,
          windowSize: dur,
          overrideQueryTimeRange: dur,
          targetResourceTypes: strs,
          criteria: { $ref: '#/definitions/ScheduledQueryRuleCriteria' },
          muteActionsDuration: dur,
          actions: { $ref: '#/definitions/Actions' },
          isWorkspaceAlertsStorageConfigured: ro(bool),
          checkWorkspaceAlertsStorageConfigured: bool,
          skipQueryValidation: bool,
          autoMitigate: bool,
          ruleResolveConfiguration: { $ref: '#/definitions/RuleResolveConfiguration' },
        },
      },
      Actions: {
        type: 'object',
        properties: {
          actionGroups: strs,
          customProperties: { type: 'object', additionalProperties: str },
          actionProperties: { type: 'object', additionalProperties: str },
        },
      },
      RuleResolveConfiguration: { type: 'object', properties: { autoResolved: bool, timeToResolve: dur } },
      ScheduledQueryRuleCriteria: {
        type: 'object',
        properties: { allOf: { type: 'array', items: { $ref: '#/definitions/Condition' } } },
      },
      Condition: {
        type: 'object',
        properties: {
          query: str,
          timeAggregation: { type: 'string', enum: ['Count', 'Average', 'Minimum', 'Maximum', 'Total'] },
          metricMeasureColumn: str,
          resourceIdColumn: str,
          dimensions: { type: 'array', items: { $ref: '#/definitions/Dimension' } },
          operator: {
            type: 'string',
            enum: ['Equals', 'GreaterThan', 'GreaterThanOrEqual', 'LessThan', 'LessThanOrEqual'],
          },
          threshold: { type: 'number', format: 'double' },
          failingPeriods: {
            type: 'object',
            properties: {
              numberOfEvaluationPeriods: { type: 'integer', format: 'int64' },
              minFailingPeriodsToAlert: { type: 'integer', format: 'int64' },
            },
          },
          metricName: str,
        },
      },
      Dimension: {
        type: 'object',
        properties: { name: str, operator: { type: 'string', enum: ['Include', 'Exclude'] }, values: strs },
        required: ['name', 'operator', 'values'],
      },
      Identity: {
        type: 'object',
        properties: {
          principalId: ro(str),
          tenantId: ro(str),
          type: { type: 'string', enum: ['SystemAssigned', 'UserAssigned', 'None'] },
          userAssignedIdentities: {
            type: 'object',
            additionalProperties: { type: 'object', properties: { principalId: ro(str), clientId: ro(str) } },
          },
        },
        required: ['type'],
      },
    },
  },
  'insights-actionGroups-2023-01-01': {
    source: { repository: R, path: AG, commit: '874fcb6a7580a69789dee5a67d8ec27fa7c14d58' },
    apiVersion: '2023-01-01',
    operations: {
      'PUT /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Insights/actionGroups/{actionGroupName}':
        {
          operationId: 'ActionGroups_CreateOrUpdate',
          body: { $ref: '#/definitions/ActionGroupResource' },
          response: { $ref: '#/definitions/ActionGroupResource' },
        },
      'GET /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Insights/actionGroups/{actionGroupName}':
        { operationId: 'ActionGroups_Get', response: { $ref: '#/definitions/ActionGroupResource' } },
      // ActionGroupList: { value: ActionGroupResource[], nextLink }
      'GET /subscriptions/{subscriptionId}/providers/Microsoft.Insights/actionGroups': {
        operationId: 'ActionGroups_ListBySubscriptionId',
        response: { $ref: '#/definitions/ActionGroupResource' },
        list: true,
      },
      'GET /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Insights/actionGroups':
        {
          operationId: 'ActionGroups_ListByResourceGroup',
          response: { $ref: '#/definitions/ActionGroupResource' },
          list: true,
        },
    },
    note: 'AzureResource (id/name/type read-only, location, tags) was not on the pages read; location is modelled as required (ARM tracked resource). Receivers we do not send (itsm, azureAppPush, automationRunbook, voice, logicApp, azureFunction, armRole, eventHub) are kept as arrays of objects without their item schema.',
    definitions: {
      ActionGroupResource: {
        type: 'object',
        required: ['location'],
        properties: {
          id: ro(str),
          name: ro(str),
          type: ro(str),
          location: str,
          tags: { type: 'object', additionalProperties: str },
          properties: { $ref: '#/definitions/ActionGroup' },
        },
      },
      ActionGroup: {
        type: 'object',
        properties: {
          groupShortName: { type: 'string', maxLength: 12 },
          enabled: bool,
          emailReceivers: { type: 'array', items: { $ref: '#/definitions/EmailReceiver' } },
          smsReceivers: { type: 'array', items: { $ref: '#/definitions/SmsReceiver' } },
          webhookReceivers: { type: 'array', items: { $ref: '#/definitions/WebhookReceiver' } },
          ...Object.fromEntries(
            [
              'itsmReceivers',
              'azureAppPushReceivers',
              'automationRunbookReceivers',
              'voiceReceivers',
              'logicAppReceivers',
              'azureFunctionReceivers',
              'armRoleReceivers',
              'eventHubReceivers',
            ].map((k) => [k, { type: 'array', items: { type: 'object', 'x-untranscribed': true } }]),
          ),
        },
        required: ['groupShortName', 'enabled'],
      },
      EmailReceiver: {
        type: 'object',
        properties: { name: str, emailAddress: str, useCommonAlertSchema: bool, status: ro(str) },
        required: ['name', 'emailAddress'],
      },
      SmsReceiver: {
        type: 'object',
        properties: { name: str, countryCode: str, phoneNumber: str, status: ro(str) },
        required: ['name', 'countryCode', 'phoneNumber'],
      },
      WebhookReceiver: {
        type: 'object',
        properties: {
          name: str,
          serviceUri: str,
          useCommonAlertSchema: bool,
          useAadAuth: bool,
          objectId: str,
          identifierUri: str,
          tenantId: str,
        },
        required: ['name', 'serviceUri'],
      },
    },
  },
  'aadiam-diagnosticSettings-2017-04-01': {
    source: { repository: R, path: DIAG, commit: '025206934d8c0d2f44f4ac90882f209f251290f7' },
    apiVersion: '2017-04-01',
    operations: {
      'PUT /providers/Microsoft.Aadiam/diagnosticSettings/{name}': {
        operationId: 'DiagnosticSettings_CreateOrUpdate',
        body: { $ref: '#/definitions/DiagnosticSettingsResource' },
        response: { $ref: '#/definitions/DiagnosticSettingsResource' },
      },
      'GET /providers/Microsoft.Aadiam/diagnosticSettings/{name}': {
        operationId: 'DiagnosticSettings_Get',
        response: { $ref: '#/definitions/DiagnosticSettingsResource' },
      },
      'DELETE /providers/Microsoft.Aadiam/diagnosticSettings/{name}': { operationId: 'DiagnosticSettings_Delete' },
      // DiagnosticSettingsResourceCollection: { value: DiagnosticSettingsResource[] }
      'GET /providers/Microsoft.Aadiam/diagnosticSettings': {
        operationId: 'DiagnosticSettings_List',
        response: { $ref: '#/definitions/DiagnosticSettingsResource' },
        list: true,
      },
    },
    definitions: {
      DiagnosticSettingsResource: {
        type: 'object',
        properties: {
          id: ro(str),
          name: ro(str),
          type: ro(str),
          location: ro(str),
          kind: ro(str),
          tags: ro(str),
          identity: ro(str),
          properties: { $ref: '#/definitions/DiagnosticSettings' },
        },
      },
      DiagnosticSettings: {
        type: 'object',
        properties: {
          storageAccountId: str,
          serviceBusRuleId: str,
          workspaceId: str,
          eventHubAuthorizationRuleId: str,
          eventHubName: str,
          metrics: { type: 'array', items: { $ref: '#/definitions/MetricSettings' } },
          logs: { type: 'array', items: { $ref: '#/definitions/LogSettings' } },
          logAnalyticsDestinationType: str,
        },
      },
      RetentionPolicy: {
        type: 'object',
        properties: { enabled: bool, days: { type: 'integer', format: 'int32', minimum: 0 } },
        required: ['enabled', 'days'],
      },
      MetricSettings: {
        type: 'object',
        properties: {
          timeGrain: dur,
          category: str,
          enabled: bool,
          retentionPolicy: { $ref: '#/definitions/RetentionPolicy' },
        },
        required: ['enabled'],
      },
      LogSettings: {
        type: 'object',
        properties: { category: str, enabled: bool, retentionPolicy: { $ref: '#/definitions/RetentionPolicy' } },
        required: ['enabled'],
      },
    },
  },
  // Azure RBAC role assignments (the break-glass app's Azure roles): authorization-RoleAssignmentsCalls.json,
  // read at the commit below. {scope} is a multi-segment path (x-ms-skip-url-encoding), e.g. /subscriptions/{id}
  // or /providers/Microsoft.Management/managementGroups/{id}. RoleAssignment carries x-ms-azure-resource and only
  // id/name/type/properties, all transcribed.
  'authorization-roleAssignments-2022-04-01': {
    source: { repository: R, path: RA, commit: '007a51db374076edb902fd44eb8299eea6336335' },
    apiVersion: '2022-04-01',
    operations: {
      'PUT /{scope}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}': {
        operationId: 'RoleAssignments_Create',
        body: { $ref: '#/definitions/RoleAssignmentCreateParameters' },
        response: { $ref: '#/definitions/RoleAssignment' },
      },
      'GET /{scope}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}': {
        operationId: 'RoleAssignments_Get',
        response: { $ref: '#/definitions/RoleAssignment' },
      },
      'DELETE /{scope}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}': {
        operationId: 'RoleAssignments_Delete',
        response: { $ref: '#/definitions/RoleAssignment' },
      },
      // RoleAssignmentListResult: { value: RoleAssignment[], nextLink (readOnly) }
      'GET /{scope}/providers/Microsoft.Authorization/roleAssignments': {
        operationId: 'RoleAssignments_ListForScope',
        response: { $ref: '#/definitions/RoleAssignment' },
        list: true,
      },
    },
    definitions: {
      RoleAssignment: {
        type: 'object',
        properties: {
          id: ro(str),
          name: ro(str),
          type: ro(str),
          properties: { $ref: '#/definitions/RoleAssignmentProperties' },
        },
      },
      RoleAssignmentCreateParameters: {
        type: 'object',
        properties: { properties: { $ref: '#/definitions/RoleAssignmentProperties' } },
        required: ['properties'],
      },
      RoleAssignmentProperties: {
        type: 'object',
        properties: {
          scope: ro(str),
          roleDefinitionId: str,
          principalId: str,
          principalType: { type: 'string', enum: ['User', 'Group', 'ServicePrincipal', 'ForeignGroup'] },
          description: str,
          condition: str,
          conditionVersion: str,
          createdOn: ro({ type: 'string', format: 'date-time' }),
          updatedOn: ro({ type: 'string', format: 'date-time' }),
          createdBy: ro(str),
          updatedBy: ro(str),
          delegatedManagedIdentityResourceId: str,
        },
        required: ['roleDefinitionId', 'principalId'],
      },
    },
  },
  // Operations we call whose definitions were not transcribed: the route is a contract (method, path,
  // api-version, no body); the response is not checked ('unchecked' in the contract log).
  'securityinsights-incidents-2025-07-01-preview': {
    source: {
      repository: R,
      path: 'specification/securityinsights/resource-manager/Microsoft.SecurityInsights/preview/2025-07-01-preview/Incidents.json',
      commit: '9d0c9ccdc3c53a79752fab427544aaaf7f710de1',
      reference:
        'https://learn.microsoft.com/en-us/rest/api/securityinsights/incidents/list?view=rest-securityinsights-2025-07-01-preview',
    },
    apiVersion: '2025-07-01-preview',
    note: 'Operation path only (from the REST API reference); IncidentList was not transcribed.',
    operations: { [`GET ${SI_BASE}/incidents`]: { operationId: 'Incidents_List' } },
    definitions: {},
  },
  'securityinsights-automationRules-2025-07-01-preview': {
    source: {
      repository: R,
      path: 'specification/securityinsights/resource-manager/Microsoft.SecurityInsights/preview/2025-07-01-preview/AutomationRules.json',
      commit: 'b85c970dd1a0e695d218cf03fcceb8af3b8cf15c',
      reference:
        'https://learn.microsoft.com/en-us/rest/api/securityinsights/automation-rules/list?view=rest-securityinsights-2025-07-01-preview',
    },
    apiVersion: '2025-07-01-preview',
    note: 'Operation path only (from the REST API reference); AutomationRulesList was not transcribed.',
    operations: { [`GET ${SI_BASE}/automationRules`]: { operationId: 'AutomationRules_List' } },
    definitions: {},
  },
  'operationalinsights-workspaces-2022-10-01': {
    source: {
      repository: R,
      path: 'specification/operationalinsights/resource-manager/Microsoft.OperationalInsights/stable/2022-10-01/Workspaces.json',
      commit: 'e82db5ed68300ea62e83e37498f6a4139bfb5bb6',
      reference:
        'https://learn.microsoft.com/en-us/rest/api/loganalytics/workspaces/get?view=rest-loganalytics-2022-10-01',
    },
    apiVersion: '2022-10-01',
    note: 'Operation path only (from the REST API reference); Workspace was not transcribed.',
    operations: {
      'GET /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces/{workspaceName}':
        { operationId: 'Workspaces_Get' },
    },
    definitions: {},
  },
  'alertsmanagement-alerts-2019-03-01': {
    source: {
      repository: R,
      path: 'specification/alertsmanagement/resource-manager/Microsoft.AlertsManagement/stable/2019-03-01/AlertsManagement.json',
      commit: '3afc15d3641cf630fbfa7004e41da0b8bc03ba39',
      reference:
        'https://learn.microsoft.com/en-us/rest/api/monitor/alertsmanagement/alerts/get-all?view=rest-monitor-2019-03-01',
    },
    apiVersion: '2019-03-01',
    note: 'Operation paths only (from the REST API reference); alertsList was not transcribed.',
    operations: {
      'GET /subscriptions/{subscriptionId}/providers/Microsoft.AlertsManagement/alerts': {
        operationId: 'Alerts_GetAll',
      },
      'GET /subscriptions/{subscriptionId}/providers/Microsoft.AlertsManagement/alerts/{alertId}': {
        operationId: 'Alerts_GetById',
      },
    },
    definitions: {},
  },
};
process.stdout.write(JSON.stringify(out));

// With --provenance <file>: record each entry's source in the shared provenance list (Graph entries kept).
const pi = process.argv.indexOf('--provenance');
if (pi > 0) {
  const { readFileSync, writeFileSync, existsSync } = await import('node:fs');
  const file = process.argv[pi + 1];
  const previous = existsSync(file)
    ? JSON.parse(readFileSync(file, 'utf8')).filter((p) => !p.file.startsWith('arm-specs.json'))
    : [];
  const arm = Object.entries(out).map(([key, v]) => ({
    file: `arm-specs.json#${key}`,
    repository: v.source.repository,
    path: v.source.path,
    commit: v.source.commit,
    how: Object.keys(v.definitions).length
      ? `transcribed by hand from ${v.source.repository}/blob/${v.source.commit}/${v.source.path} (scripts/transcribe-arm-specs.mjs); regenerate mechanically with scripts/vendor-contracts.mjs --azure`
      : `operation paths only, from ${v.source.reference}; definitions not transcribed`,
    ...(v.source.also ? { also: v.source.also } : {}),
  }));
  writeFileSync(file, JSON.stringify([...previous, ...arm], null, 1) + '\n');
}
