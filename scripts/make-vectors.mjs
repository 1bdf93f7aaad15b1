// Writes test/contracts/vectors/*.json (run from the repository root): per call, a valid body from Microsoft's example and invalid variants
// with the expected outcome. "example" says whether the valid body was transcribed from the
// example file/page (path@commit) or written from the doc page's request-body table.
import { mkdirSync, writeFileSync } from 'node:fs';
const D = 'https://learn.microsoft.com/en-us/graph/api/';
const clone = (o) => JSON.parse(JSON.stringify(o));
const edit = (o, f) => {
  const c = clone(o);
  f(c);
  return c;
};
const V = [];
const graph = (name, method, path, doc, example, valid, invalid) =>
  V.push({ name, service: 'graph', method, path, version: 'v1.0', doc, example, valid, invalid });
const arm = (name, method, path, apiVersion, example, valid, invalid) =>
  V.push({ name, service: 'arm', method, path, apiVersion, example, valid, invalid });
const bad = (what, body, expect) => ({ what, body, expect });
const G400 = (kind, code = 'BadRequest') => ({ status: 400, code, kind });
const D400 = (kind) => G400(kind, 'Request_BadRequest');
const A400 = (target) => ({ status: 400, code: 'BadRequest', detailCode: 'InvalidRequestContent', target });

const user = {
  accountEnabled: true,
  displayName: 'Adele Vance',
  mailNickname: 'AdeleV',
  userPrincipalName: 'AdeleV@contoso.com',
  passwordProfile: { forceChangePasswordNextSignIn: true, password: 'xWwvJ]6NMw+bWH-d' },
};
graph(
  'create-user',
  'POST',
  '/users',
  `${D}user-post-users?view=graph-rest-1.0`,
  'doc page example 1 (not transcribed here)',
  user,
  [
    bad(
      'misspelled property',
      edit(user, (b) => {
        b.userPrincipleName = b.userPrincipalName;
        delete b.userPrincipalName;
      }),
      D400('UnknownProperty'),
    ),
    bad(
      'missing required mailNickname',
      edit(user, (b) => delete b.mailNickname),
      G400('MissingRequired'),
    ),
    bad(
      'wrong type accountEnabled',
      edit(user, (b) => (b.accountEnabled = 'true')),
      G400('WrongType'),
    ),
    bad(
      'misspelled nested property',
      edit(user, (b) => (b.passwordProfile.forceChangePasswordNextLogin = false)),
      G400('UnknownProperty'),
    ),
  ],
);
graph(
  'update-user-password',
  'PATCH',
  '/users/{id}',
  `${D}user-update?view=graph-rest-1.0`,
  'doc page example 2 (not transcribed here)',
  { passwordProfile: { forceChangePasswordNextSignIn: false, password: 'xWwvJ]6NMw+bWH-d' } },
  [bad('unknown property', { passwordProfile: { password: 'x' }, password: 'x' }, D400('UnknownProperty'))],
);
const group = {
  description: 'Self help community for library',
  displayName: 'Library Assist',
  groupTypes: ['Unified'],
  mailEnabled: true,
  mailNickname: 'library',
  securityEnabled: false,
};
graph(
  'create-group',
  'POST',
  '/groups',
  `${D}group-post-groups?view=graph-rest-1.0`,
  'doc page example 1 (not transcribed here)',
  group,
  [
    bad(
      'missing securityEnabled',
      edit(group, (b) => delete b.securityEnabled),
      G400('MissingRequired'),
    ),
    bad(
      'misspelled isAssignableToRole',
      edit(group, (b) => (b.isAssignableToRoles = true)),
      D400('UnknownProperty'),
    ),
  ],
);
const ref = {
  '@odata.id': 'https://graph.microsoft.com/v1.0/directoryObjects/{id}'.replace(
    '{id}',
    '8a7c50d3-fcbd-4727-a889-8ab232dfea01',
  ),
};
graph(
  'add-group-member',
  'POST',
  '/groups/{id}/members/$ref',
  `${D}group-post-members?view=graph-rest-1.0`,
  'doc page example 1 (not transcribed here)',
  ref,
  [
    bad('extra property', { ...ref, id: 'x' }, G400('UnknownProperty')),
    bad('not a Graph URL', { '@odata.id': 'https://example.com/v1.0/directoryObjects/1' }, G400('BadReference')),
  ],
);
graph(
  'add-group-owner',
  'POST',
  '/groups/{id}/owners/$ref',
  `${D}group-post-owners?view=graph-rest-1.0`,
  'doc page example (not transcribed here)',
  ref,
  [bad('missing @odata.id', {}, G400('MissingRequired'))],
);
const app = { displayName: 'Display name' };
graph(
  'create-application',
  'POST',
  '/applications',
  `${D}application-post-applications?view=graph-rest-1.0`,
  'doc page example 1 (not transcribed here)',
  app,
  [
    bad('bad signInAudience type', { ...app, signInAudience: 1 }, G400('WrongType')),
    bad('misspelled requiredResourceAccess', { ...app, requiredResourceAcces: [] }, D400('UnknownProperty')),
  ],
);
const cert = {
  keyCredentials: [
    { type: 'AsymmetricX509Cert', usage: 'Verify', key: 'MIIDYDCCAkigAwIBAgIQ', displayName: 'CN=20230719' },
  ],
};
graph(
  'add-app-certificate',
  'PATCH',
  '/applications/{id}',
  `${D}application-update?view=graph-rest-1.0`,
  'written from keyCredential resource page',
  cert,
  [
    bad(
      'misspelled keyCredentials item property',
      edit(cert, (b) => (b.keyCredentials[0].usages = 'Verify')),
      G400('UnknownProperty'),
    ),
  ],
);
graph(
  'create-service-principal',
  'POST',
  '/servicePrincipals',
  `${D}serviceprincipal-post-serviceprincipals?view=graph-rest-1.0`,
  'doc page example (not transcribed here)',
  { appId: '65415bb1-9267-4313-bbf5-ae259732ee12' },
  [bad('missing appId', {}, G400('MissingRequired'))],
);
const ara = {
  principalId: '9028d19c-26a9-4809-8e3f-20ff73e2d75e',
  resourceId: '8e881353-1735-45af-af21-ee1344582a4d',
  appRoleId: 'ef7437e6-4f94-4a0a-a110-a439eb2aa8f7',
};
graph(
  'grant-app-role',
  'POST',
  '/servicePrincipals/{id}/appRoleAssignments',
  `${D}serviceprincipal-post-approleassignments?view=graph-rest-1.0`,
  'doc page example (not transcribed here)',
  ara,
  [
    bad('appRoleId not a GUID', { ...ara, appRoleId: 'Application.Read.All' }, G400('WrongType')),
    bad('missing resourceId', { principalId: ara.principalId, appRoleId: ara.appRoleId }, G400('MissingRequired')),
  ],
);
const caPatch = { conditions: { users: { excludeGroups: ['8a7c50d3-fcbd-4727-a889-8ab232dfea01'] } } };
graph(
  'ca-add-exclusion',
  'PATCH',
  '/identity/conditionalAccess/policies/{id}',
  `${D}conditionalaccesspolicy-update?view=graph-rest-1.0`,
  'written from conditionalAccessUsers resource page',
  caPatch,
  [
    bad('misspelled excludeGroup', { conditions: { users: { excludeGroup: [] } } }, G400('UnknownProperty')),
    bad('bad state enum', { state: 'on' }, G400('BadEnumMember')),
  ],
);
const evaluate = {
  signInIdentity: { '@odata.type': '#microsoft.graph.userSignIn', userId: '15dc174b-f34c-4588-ac45-61d6e05dce93' },
  signInContext: {
    '@odata.type': '#microsoft.graph.applicationContext',
    includeApplications: ['00000003-0000-0ff1-ce00-000000000000'],
  },
  signInConditions: {
    devicePlatform: 'android',
    clientAppType: 'browser',
    signInRiskLevel: 'high',
    userRiskLevel: 'high',
    country: 'US',
    ipAddress: '40.77.182.32',
    insiderRiskLevel: 'elevated',
    authenticationFlow: { transferMethod: 'deviceCodeFlow' },
    deviceInfo: { isCompliant: true },
  },
  appliedPoliciesOnly: true,
};
graph(
  'ca-what-if',
  'POST',
  '/identity/conditionalAccess/evaluate',
  `${D}conditionalaccessroot-evaluate?view=graph-rest-1.0`,
  'transcribed: microsoftgraph/microsoft-graph-docs-contrib api-reference/v1.0/api/conditionalaccessroot-evaluate.md@64e55821fb3090a1fcf12164fef9859e0adffd28 example 1',
  evaluate,
  [
    bad(
      'missing signInConditions (what breakglass sends today)',
      edit(evaluate, (b) => delete b.signInConditions),
      G400('MissingRequired'),
    ),
    bad(
      'abstract signInIdentity without @odata.type',
      edit(evaluate, (b) => delete b.signInIdentity['@odata.type']),
      G400('AbstractType'),
    ),
    bad(
      '@odata.type not derived from signInContext',
      edit(evaluate, (b) => (b.signInContext['@odata.type'] = '#microsoft.graph.userSignIn')),
      G400('BadODataType'),
    ),
    bad(
      'bad enum clientAppType',
      edit(evaluate, (b) => (b.signInConditions.clientAppType = 'Browser')),
      G400('BadEnumMember'),
    ),
    bad('unknown parameter', { ...evaluate, appliedPolicyOnly: true }, G400('UnknownProperty')),
  ],
);
const fido = {
  '@odata.type': '#microsoft.graph.fido2AuthenticationMethodConfiguration',
  state: 'enabled',
  includeTargets: [{ id: 'all_users', targetType: 'group', isRegistrationRequired: false }],
};
graph(
  'enable-auth-method',
  'PATCH',
  '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{id}',
  `${D}fido2authenticationmethodconfiguration-update?view=graph-rest-1.0`,
  'written from the update page request body table',
  fido,
  [
    bad('bad state enum', { ...fido, state: 'Enabled' }, G400('BadEnumMember')),
    bad('wrong @odata.type', { ...fido, '@odata.type': '#microsoft.graph.user' }, G400('BadODataType')),
    bad(
      'misspelled includeTargets item property',
      edit(fido, (b) => (b.includeTargets[0].target = 'group')),
      G400('UnknownProperty'),
    ),
  ],
);
const tap = { startDateTime: '2022-06-05T00:00:00.000Z', lifetimeInMinutes: 60, isUsableOnce: false };
graph(
  'create-tap',
  'POST',
  '/users/{id}/authentication/temporaryAccessPassMethods',
  `${D}authentication-post-temporaryaccesspassmethods?view=graph-rest-1.0`,
  'doc page example (not transcribed here)',
  tap,
  [
    bad('lifetime as string', { ...tap, lifetimeInMinutes: '60' }, G400('WrongType')),
    bad('misspelled isUsableOnce', { lifetimeInMinutes: 60, isUseableOnce: true }, G400('UnknownProperty')),
  ],
);
const pim = {
  action: 'adminAssign',
  justification: 'Assign Groups Admin to IT Helpdesk group',
  roleDefinitionId: 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  directoryScopeId: '/',
  principalId: '07706ff1-46c7-4847-ae33-3003830675a1',
  scheduleInfo: {
    startDateTime: '2022-04-10T00:00:00Z',
    expiration: { type: 'afterDateTime', endDateTime: '2023-04-10T00:00:00Z' },
  },
};
graph(
  'assign-role',
  'POST',
  '/roleManagement/directory/roleAssignmentScheduleRequests',
  `${D}rbacapplication-post-roleassignmentschedulerequests?view=graph-rest-1.0`,
  'doc page example 1 (not transcribed here)',
  pim,
  [
    bad(
      'NoExpiration casing',
      edit(pim, (b) => (b.scheduleInfo.expiration = { type: 'NoExpiration' })),
      G400('BadEnumMember'),
    ),
    bad('bad action', { ...pim, action: 'AdminAssign' }, G400('BadEnumMember')),
    bad(
      'missing principalId',
      edit(pim, (b) => delete b.principalId),
      G400('MissingRequired'),
    ),
  ],
);
const review = {
  displayName: 'Test create',
  descriptionForAdmins: 'New scheduled access review',
  descriptionForReviewers: 'If you have any questions, contact jerry@contoso.com',
  scope: {
    '@odata.type': '#microsoft.graph.accessReviewQueryScope',
    query: '/groups/02f3bafb-448c-487c-88c2-5fd65ce49a41/transitiveMembers',
    queryType: 'MicrosoftGraph',
  },
  reviewers: [{ query: '/users/398164b1-5196-49dd-ada2-364b49f99b27', queryType: 'MicrosoftGraph' }],
  settings: {
    mailNotificationsEnabled: true,
    reminderNotificationsEnabled: true,
    justificationRequiredOnApproval: true,
    defaultDecisionEnabled: false,
    defaultDecision: 'None',
    instanceDurationInDays: 1,
    recommendationsEnabled: true,
    recurrence: {
      pattern: { type: 'weekly', interval: 1 },
      range: { type: 'noEnd', startDate: '2020-09-08T12:02:30.667Z' },
    },
  },
};
graph(
  'create-access-review',
  'POST',
  '/identityGovernance/accessReviews/definitions',
  `${D}accessreviewset-post-definitions?view=graph-rest-1.0`,
  'doc page example 1 (not transcribed here); startDate narrowed to Edm.Date',
  edit(review, (b) => (b.settings.recurrence.range.startDate = '2020-09-08')),
  [
    bad('startDate as date-time (Edm.Date expected)', review, G400('WrongType')),
    bad(
      'bad recurrence pattern type',
      edit(review, (b) => {
        b.settings.recurrence.range.startDate = '2020-09-08';
        b.settings.recurrence.pattern.type = 'monthly';
      }),
      G400('BadEnumMember'),
    ),
  ],
);
graph(
  'batch',
  'POST',
  '/$batch',
  'https://learn.microsoft.com/en-us/graph/json-batching',
  'written from the JSON batching page',
  { requests: [{ id: '1', method: 'GET', url: '/users/8a7c50d3-fcbd-4727-a889-8ab232dfea01/authentication/methods' }] },
  [
    bad(
      'bad step body',
      {
        requests: [
          {
            id: '1',
            method: 'POST',
            url: '/users',
            headers: { 'Content-Type': 'application/json' },
            body: { displayName: 'x', foo: 1 },
          },
        ],
      },
      D400('UnknownProperty'),
    ),
    bad(
      '21 steps',
      { requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/organization' })) },
      G400('WrongType'),
    ),
  ],
);

const WS =
  '/subscriptions/d0cfe6b2-9ac0-4464-9919-dccaee2e48c0/resourceGroups/myRg/providers/Microsoft.OperationalInsights/workspaces/myWorkspace';
const nrt = {
  etag: '"0300bf09-0000-0000-0000-5c37296e0000"',
  kind: 'NRT',
  properties: {
    description: '',
    displayName: 'Rule2',
    enabled: true,
    eventGroupingSettings: { aggregationKind: 'AlertPerResult' },
    incidentConfiguration: {
      createIncident: true,
      groupingConfiguration: {
        enabled: true,
        groupByEntities: ['Host', 'Account'],
        lookbackDuration: 'PT5H',
        matchingMethod: 'Selected',
        reopenClosedIncident: false,
      },
    },
    query: 'ProtectionStatus | extend HostCustomEntity = Computer | extend IPCustomEntity = ComputerIP_Hidden',
    severity: 'High',
    suppressionDuration: 'PT1H',
    suppressionEnabled: false,
    tactics: ['Persistence', 'LateralMovement'],
    techniques: ['T1037', 'T1021'],
  },
};
arm(
  'sentinel-nrt-rule',
  'PUT',
  `${WS}/providers/Microsoft.SecurityInsights/alertRules/73e01a99-5cd7-4139-a149-9f2736ff2ab5`,
  '2025-07-01-preview',
  'transcribed: Azure/azure-rest-api-specs specification/securityinsights/resource-manager/Microsoft.SecurityInsights/SecurityInsights/examples/2025-07-01-preview/alertRules/CreateNrtAlertRule.json@c81f3ac9da4b212f35c5de082f8133c3d3267603',
  nrt,
  [
    bad(
      'missing suppressionDuration (what breakglass sends today)',
      edit(nrt, (b) => delete b.properties.suppressionDuration),
      A400('properties.suppressionDuration'),
    ),
    bad(
      'groupingConfiguration without lookbackDuration/matchingMethod/reopenClosedIncident',
      edit(nrt, (b) => (b.properties.incidentConfiguration.groupingConfiguration = { enabled: false })),
      A400('properties.incidentConfiguration.groupingConfiguration.reopenClosedIncident'),
    ),
    bad(
      'bad severity',
      edit(nrt, (b) => (b.properties.severity = 'Critical')),
      A400('properties.severity'),
    ),
    bad(
      'misspelled supressionEnabled',
      edit(nrt, (b) => (b.properties.supressionEnabled = false)),
      A400('properties.supressionEnabled'),
    ),
    bad('unknown kind', { ...nrt, kind: 'Nrt' }, A400('kind')),
  ],
);
arm(
  'sentinel-nrt-rule-stable',
  'PUT',
  `${WS}/providers/Microsoft.SecurityInsights/alertRules/73e01a99-5cd7-4139-a149-9f2736ff2ab5`,
  '2025-09-01',
  'same example body sent at the stable api-version',
  null,
  [bad('NRT kind does not exist in stable 2025-09-01', nrt, A400('kind'))],
);
const rg = '/subscriptions/dd4bfc94-a096-412b-9c43-4bd13e35afbc/resourceGroups/QueryResourceGroupName';
const sqr = {
  location: 'eastus',
  properties: {
    description: 'Health check rule',
    severity: 4,
    enabled: true,
    evaluationFrequency: 'PT5M',
    scopes: ['/subscriptions/aaf177ed-1330-a9f2-80ea-fd3d7783b147/resourceGroups/scopeResourceGroup1'],
    targetResourceTypes: ['Microsoft.Compute/virtualMachines'],
    windowSize: 'PT10M',
    criteria: {
      allOf: [
        {
          query: 'Heartbeat',
          timeAggregation: 'Count',
          dimensions: [],
          operator: 'GreaterThan',
          threshold: 360,
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
        },
      ],
    },
    muteActionsDuration: 'PT30M',
    actions: {
      actionGroups: [
        '/subscriptions/1cf177ed-1330-4692-80ea-fd3d7783b147/resourcegroups/sqrapi/providers/microsoft.insights/actiongroups/myactiongroup',
      ],
      customProperties: { key11: 'value11', key12: 'value12' },
    },
    ruleResolveConfiguration: { autoResolved: true, timeToResolve: 'PT10M' },
    checkWorkspaceAlertsStorageConfigured: true,
    skipQueryValidation: true,
  },
};
arm(
  'scheduled-query-rule',
  'PUT',
  `${rg}/providers/Microsoft.Insights/scheduledQueryRules/heartbeat`,
  '2023-12-01',
  'transcribed: Azure/azure-rest-api-specs specification/monitor/resource-manager/Microsoft.Insights/stable/2023-12-01/examples/createOrUpdateScheduledQueryRuleResourceGroup.json@1b81b33985b1a9e283054d55dedbef0d14b0d3be',
  sqr,
  [
    bad(
      'missing location',
      edit(sqr, (b) => delete b.location),
      A400('location'),
    ),
    bad(
      'missing scopes',
      edit(sqr, (b) => delete b.properties.scopes),
      A400('properties.scopes'),
    ),
    bad(
      'severity 5',
      edit(sqr, (b) => (b.properties.severity = 5)),
      A400('properties.severity'),
    ),
    bad(
      'bad operator',
      edit(sqr, (b) => (b.properties.criteria.allOf[0].operator = 'GreaterThen')),
      A400('properties.criteria.allOf.0.operator'),
    ),
  ],
);
const ag = {
  location: 'Global',
  properties: {
    groupShortName: 'sample',
    enabled: true,
    emailReceivers: [{ name: "John Doe's email", emailAddress: 'johndoe@email.com', useCommonAlertSchema: false }],
    smsReceivers: [{ name: "John Doe's mobile", countryCode: '1', phoneNumber: '1234567890' }],
    webhookReceivers: [
      { name: 'Sample webhook 1', serviceUri: 'http://www.example.com/webhook1', useCommonAlertSchema: true },
    ],
  },
};
arm(
  'action-group',
  'PUT',
  `${rg}/providers/Microsoft.Insights/actionGroups/SampleActionGroup`,
  '2023-01-01',
  'written from the ActionGroup definition (no create example in the 2023-01-01 examples folder)',
  ag,
  [
    bad(
      'groupShortName too long',
      edit(ag, (b) => (b.properties.groupShortName = 'breakglass-oncall')),
      A400('properties.groupShortName'),
    ),
    bad(
      'email receiver without name',
      edit(ag, (b) => delete b.properties.emailReceivers[0].name),
      A400('properties.emailReceivers.0.name'),
    ),
    bad(
      'missing enabled',
      edit(ag, (b) => delete b.properties.enabled),
      A400('properties.enabled'),
    ),
  ],
);
const diag = {
  properties: {
    storageAccountId:
      '/subscriptions/df602c9c-7aa0-407d-a6fb-eb20c8bd1192/resourceGroups/apptest/providers/Microsoft.Storage/storageAccounts/appteststorage1',
    workspaceId: '',
    eventHubAuthorizationRuleId:
      '/subscriptions/1a66ce04-b633-4a0b-b2bc-a912ec8986a6/resourceGroups/montest/providers/microsoft.eventhub/namespaces/mynamespace/eventhubs/myeventhub/authorizationrules/myrule',
    eventHubName: 'myeventhub',
    metrics: [{ category: 'WorkflowMetrics', enabled: true, retentionPolicy: { enabled: false, days: 0 } }],
    logs: [{ category: 'WorkflowRuntime', enabled: true, retentionPolicy: { enabled: false, days: 0 } }],
  },
};
arm(
  'entra-diagnostic-setting',
  'PUT',
  '/providers/microsoft.aadiam/diagnosticSettings/mysetting',
  '2017-04-01',
  'transcribed: Azure/azure-rest-api-specs specification/azureactivedirectory/resource-manager/Microsoft.Aadiam/stable/2017-04-01/examples/createOrUpdateDiagnosticSetting.json@04de81cb445206a4aac3020a36f381f1cfc67522',
  diag,
  [
    bad(
      'log without enabled',
      edit(diag, (b) => delete b.properties.logs[0].enabled),
      A400('properties.logs.0.enabled'),
    ),
    bad(
      'retention days negative',
      edit(diag, (b) => (b.properties.logs[0].retentionPolicy.days = -1)),
      A400('properties.logs.0.retentionPolicy.days'),
    ),
    bad(
      'misspelled workspaceID',
      edit(diag, (b) => (b.properties.workspaceID = '')),
      A400('properties.workspaceID'),
    ),
  ],
);

mkdirSync('test/contracts/vectors', { recursive: true });
for (const v of V)
  writeFileSync(`test/contracts/vectors/${v.service}-${v.name}.json`, `${JSON.stringify(v, null, 2)}\n`);
console.log(`${V.length} calls, ${V.reduce((n, v) => n + v.invalid.length, 0)} invalid bodies`);
