/**
 * A large tenant for benchmarks: tens of thousands of users, hundreds of CA
 * policies, a handful of break-glass accounts. Built directly into World
 * state (no YAML, no per-user zod parse) so 50k users load in well under a
 * second and stay compact in memory; deterministic for a given seed.
 *
 * The result has the shape of the `healthy` scenario (same operator, apps,
 * workspace and alert rules) plus bulk: department groups, users with
 * Authenticator, and CA policies of every state. A few policies (every
 * 50th) deliberately miss the break-glass exclusion so checks have
 * something to find at scale.
 */
import { loadWorld } from '../world/load.js';
import type { World } from '../world/world.js';
import type { WorldOptions } from '../world/world-state.js';
import type { ScenarioInput } from '../world/schema.js';
import type { GroupRec, UserRec } from '../world/state.js';
import { GLOBAL_ADMIN_ROLE_ID } from '../world/catalog.js';
import { assignRole } from '../world/directory.js';

export interface LargeTenantOptions extends Omit<WorldOptions, 'seed'> {
  users?: number;
  caPolicies?: number;
  breakGlassAccounts?: number;
  groups?: number;
  seed?: number;
}

const FIRST = [
  'Ava',
  'Ben',
  'Chloe',
  'Dev',
  'Ella',
  'Finn',
  'Grace',
  'Hugo',
  'Isla',
  'Jack',
  'Kira',
  'Liam',
  'Maya',
  'Noah',
  'Olga',
  'Priya',
  'Quinn',
  'Ravi',
  'Sara',
  'Tom',
];
const LAST = [
  'Adams',
  'Brown',
  'Chen',
  'Diaz',
  'Evans',
  'Fischer',
  'Garcia',
  'Hughes',
  'Ito',
  'Jones',
  'Khan',
  'Lopez',
  'Murphy',
  'Novak',
  'Okafor',
  'Patel',
  'Quist',
  'Rossi',
  'Smith',
  'Tanaka',
];

/** The small, validated core (operator, apps, group, monitoring) the bulk is added to. */
function baseScenario(bg: number): ScenarioInput {
  const bgUpns = Array.from({ length: bg }, (_, i) => `bg-admin-${String(i + 1).padStart(2, '0')}@initial`);
  return {
    name: 'large',
    description: 'Generated large tenant for benchmarks',
    tenant: {
      id: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
      displayName: 'Northwind Large',
      initialDomain: 'northwindlarge.onmicrosoft.com',
      customDomains: [{ name: 'northwind-large.example', authenticationType: 'Federated', isDefault: true }],
    },
    operator: { upn: 'ops.admin@northwind-large.example' },
    users: [
      {
        upn: 'ops.admin@northwind-large.example',
        synced: true,
        roles: ['Global Administrator'],
        methods: [{ type: 'microsoftAuthenticator' }],
      },
      ...bgUpns.map((upn, i) => ({
        upn,
        displayName: `BREAK GLASS - Emergency Access ${String(i + 1).padStart(2, '0')}`,
        roles: ['Global Administrator'],
        passwordLastChanged: '-45d',
        methods: [{ type: 'fido2' as const, displayName: `BG key ${i + 1}` }],
        signIns: [{ at: '-30d', method: 'fido2' as const }],
      })),
    ],
    groups: [{ displayName: 'SG-BreakGlass-Exclude', isAssignableToRole: true, members: bgUpns }],
    authenticationMethods: {
      fido2: { state: 'enabled' },
      temporaryAccessPass: { state: 'enabled', includeTargets: [{ target: 'SG-BreakGlass-Exclude' }] },
    },
    applications: [
      {
        displayName: 'breakglass',
        appId: '2f7c1a9e-8b3d-4c6e-9f0a-1b2c3d4e5f60',
        publicClient: true,
        delegatedScopes: [
          'User.Read',
          'User.Read.All',
          'Directory.Read.All',
          'Group.Read.All',
          'GroupMember.Read.All',
          'RoleManagement.Read.Directory',
          'RoleEligibilitySchedule.Read.Directory',
          'Policy.Read.All',
          'Policy.Read.AuthenticationMethod',
          'UserAuthenticationMethod.Read.All',
          'AuditLog.Read.All',
          'AccessReview.Read.All',
          'Application.Read.All',
        ],
      },
    ],
    monitoring: {
      workspaces: [{ name: 'law-security', customerId: 'c0ffee00-1234-4abc-9def-0123456789ab', sentinel: true }],
      diagnosticSettings: [
        { name: 'entra-to-law', workspace: 'law-security', categories: ['SignInLogs', 'AuditLogs'] },
      ],
      sentinelRules: [
        {
          kind: 'NRT',
          workspace: 'law-security',
          displayName: 'Break-glass account sign-in',
          query: 'SigninLogs\n| where UserPrincipalName startswith "bg-admin-"',
        },
      ],
    },
    accessReviews: [
      { displayName: 'Monthly review - break-glass exclusion membership', group: 'SG-BreakGlass-Exclude' },
    ],
  };
}

export function generateLargeTenant(opts: LargeTenantOptions = {}): World {
  const nUsers = opts.users ?? 50_000;
  const nPolicies = opts.caPolicies ?? 300;
  const nBg = opts.breakGlassAccounts ?? 4;
  const nGroups = opts.groups ?? Math.max(1, Math.min(500, Math.ceil(nUsers / 250)));
  const w = loadWorld(baseScenario(nBg), { ...opts, seed: opts.seed ?? 42 });
  const rnd = () => w.ids.next();
  const created = new Date(w.clock.nowMs() - 400 * 86_400_000).toISOString();
  const custom = 'northwind-large.example';
  const bgGroup = w.groupByName('SG-BreakGlass-Exclude')!;

  const groups: GroupRec[] = [];
  for (let i = 0; i < nGroups; i++) {
    const g: GroupRec = {
      id: w.ids.guid(),
      displayName: `Dept ${String(i + 1).padStart(3, '0')}`,
      description: null,
      mailNickname: `dept${i + 1}`,
      mailEnabled: false,
      securityEnabled: true,
      groupTypes: [],
      membershipRule: null,
      membershipRuleProcessingState: null,
      isAssignableToRole: null,
      visibility: null,
      createdDateTime: created,
      _members: [],
      _owners: [],
    };
    w.groups.set(g.id, g);
    groups.push(g);
  }

  for (let i = 0; i < nUsers; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const nick = `${first}.${last}${i}`.toLowerCase();
    const upn = `${nick}@${custom}`;
    const id = w.ids.guid();
    const lastSignIn =
      rnd() < 0.9 ? new Date(w.clock.nowMs() - Math.floor(rnd() * 30 * 86_400_000)).toISOString() : null;
    const u: UserRec = {
      id,
      userPrincipalName: upn,
      displayName: `${first} ${last}`,
      mailNickname: nick,
      accountEnabled: rnd() > 0.02,
      userType: 'Member',
      onPremisesImmutableId: null,
      onPremisesSyncEnabled: true,
      usageLocation: 'GB',
      createdDateTime: created,
      lastPasswordChangeDateTime: created,
      passwordPolicies: null,
      signInActivity: {
        lastSignInDateTime: lastSignIn,
        lastSuccessfulSignInDateTime: lastSignIn,
        lastNonInteractiveSignInDateTime: null,
      },
      assignedLicenses: [],
      _forceChangePasswordNextSignIn: false,
      // Methods are created lazily by routes only when asked; bulk users share one frozen list.
      _methods: SHARED_METHODS,
    };
    w.users.set(id, u);
    w.upnIndex.set(upn, id);
    groups[i % groups.length]!._members.push(id);
  }

  const ops = w.user('ops.admin@northwind-large.example')!;
  const roles = [
    '62e90394-69f5-4237-9190-012177145e10',
    'e8611ab8-c189-46e8-94e1-60213ab1f814',
    'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
    '194ae4cb-b126-40b2-bd5b-6091b380977d',
  ];
  // a few more admins so role queries have some volume
  const all = [...w.users.values()];
  for (let i = 0; i < Math.min(20, nUsers); i++) {
    const u = all[nBg + 2 + i];
    if (u)
      assignRole(w, { kind: 'system', id: ops.id, name: 'generator' }, u.id, roles[i % roles.length]!, null, false);
  }

  const CONTROLS = [
    ['mfa'],
    ['compliantDevice'],
    ['mfa', 'compliantDevice'],
    ['domainJoinedDevice'],
    ['block'],
    ['approvedApplication'],
  ];
  const STATES = ['enabled', 'enabledForReportingButNotEnforced', 'disabled'];
  for (let i = 0; i < nPolicies; i++) {
    const controls = CONTROLS[i % CONTROLS.length]!;
    const legacyBlock = controls[0] === 'block' && i % 12 === 4;
    const missesExclusion = i % 50 === 7;
    const target =
      i % 3 === 0
        ? { includeUsers: ['All'], includeGroups: [], includeRoles: [] }
        : i % 3 === 1
          ? { includeUsers: [], includeGroups: [groups[i % groups.length]!.id], includeRoles: [] }
          : { includeUsers: [], includeGroups: [], includeRoles: [GLOBAL_ADMIN_ROLE_ID] };
    const id = w.ids.guid();
    w.caPolicies.set(id, {
      id,
      templateId: null,
      displayName: `CA${String(i + 1).padStart(3, '0')}-${legacyBlock ? 'Block-Legacy-Auth' : controls.join('-')}`,
      createdDateTime: created,
      modifiedDateTime: null,
      state: STATES[i % STATES.length],
      sessionControls: null,
      conditions: {
        userRiskLevels: [],
        signInRiskLevels: [],
        clientAppTypes: legacyBlock ? ['exchangeActiveSync', 'other'] : ['all'],
        servicePrincipalRiskLevels: [],
        platforms: null,
        locations: null,
        devices: null,
        clientApplications: null,
        applications: {
          includeApplications: ['All'],
          excludeApplications: [],
          includeUserActions: [],
          includeAuthenticationContextClassReferences: [],
          applicationFilter: null,
        },
        users: {
          ...target,
          excludeUsers: [],
          excludeGroups: legacyBlock || missesExclusion ? [] : [bgGroup.id],
          excludeRoles: [],
          includeGuestsOrExternalUsers: null,
          excludeGuestsOrExternalUsers: null,
        },
      },
      grantControls: {
        operator: 'OR',
        builtInControls: controls,
        customAuthenticationFactors: [],
        termsOfUse: [],
        authenticationStrength: null,
      },
    });
  }
  w.changeCounter++;
  return w;
}

/** Every bulk user has the same single Authenticator registration (read-only; routes never mutate it in place). */
const SHARED_METHODS: UserRec['_methods'] = Object.freeze([
  {
    kind: 'microsoftAuthenticator',
    id: '6e1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    displayName: 'Phone',
    deviceTag: 'SoftwareTokenActivated',
    createdDateTime: '2025-01-01T00:00:00.000Z',
  },
]) as unknown as UserRec['_methods'];
