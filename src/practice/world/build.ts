/**
 * Scenario (validated) → World state. Resolves names to ids, relative times
 * to absolute ones, and seeds history (sign-ins, audits) as already ingested.
 */
import { createHash, randomBytes } from 'node:crypto';
import { World } from './world.js';
import type { WorldOptions } from './world-state.js';
import { nameGuid } from './ids.js';
import { AZURE_ROLES, azureRoleId } from '../../config/azure-roles.js';
import { resolveTimeRef } from './time.js';
import { AUTH_STRENGTHS, GRAPH_APP_ROLES, PHONE_METHOD_IDS, roleIdByName, roleNameById } from './catalog.js';
import { assignRole, refreshDynamicGroups } from './directory.js';
import { parseRule } from './dynamic-rules.js';
import { METHOD_CONFIG_TYPES } from './methods.js';
import { graphModel } from '../contracts/graph-model.js';
import { simulateSignIn } from './signins.js';
import { ingest } from './monitoring.js';
import type { Scenario } from './schema.js';
import type { Actor, AdministrativeUnitRec, ApplicationRec, AuthMethodRec, GroupRec, UserRec } from './state.js';
import { BreakglassError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import { OPERATION_TYPES, operationTypeOf } from './audit-operation-types.js';

/** Raised for a scenario that validates but refers to things that do not exist. */
export class ScenarioRefError extends BreakglassError {
  constructor(
    readonly path: (string | number)[],
    message: string,
  ) {
    super(message, { exitCode: EXIT.USAGE });
  }
}

const SYSTEM: Actor = { kind: 'system', id: '00000000-0000-0000-0000-000000000000', name: 'Scenario setup' };

export function buildWorld(sc: Scenario, opts: WorldOptions = {}): World {
  const w = new World(opts);
  const now = w.clock.nowMs();
  const t = (ref: string): string => new Date(resolveTimeRef(ref, now)).toISOString();
  w.scenarioName = sc.name;
  w.tenantId = sc.tenant.id ?? nameGuid('tenant', sc.tenant.initialDomain);
  w.displayName = sc.tenant.displayName;
  w.initialDomain = sc.tenant.initialDomain.toLowerCase();
  w.createdDateTime = t(sc.tenant.createdDateTime);
  const premium = sc.tenant.premium ?? 'P2';
  w.licences = [...(sc.tenant.licences ?? (premium === 'none' ? [] : premium === 'P1' ? ['P1'] : ['P1', 'P2']))];
  if (sc.breakGlass)
    w.declaredBreakGlass = {
      ...sc.breakGlass,
      // `@initial` is the scenarios' shorthand for the tenant's initial domain, as in `users[].upn`.
      accounts: sc.breakGlass.accounts.map((a) => a.replace(/@initial$/i, `@${w.initialDomain}`).toLowerCase()),
    };
  w.ingestionDelayMs = (opts.ingestionDelaySeconds ?? sc.simulation.ingestionDelaySeconds) * 1000;
  w.securityDefaults.isEnabled = sc.tenant.securityDefaults;
  const anyDefault = sc.tenant.customDomains.some((d) => d.isDefault);
  w.domains = [
    {
      id: w.initialDomain,
      authenticationType: 'Managed',
      isDefault: !anyDefault,
      isInitial: true,
      isVerified: true,
      isRoot: true,
      supportedServices: ['Email', 'OfficeCommunicationsOnlineService'],
    },
    ...sc.tenant.customDomains.map((d) => ({
      id: d.name.toLowerCase(),
      authenticationType: d.authenticationType,
      isDefault: d.isDefault,
      isInitial: false,
      isVerified: true,
      isRoot: true,
      supportedServices: ['Email'],
    })),
  ];
  const custom = sc.tenant.customDomains[0]?.name ?? w.initialDomain;
  const upnOf = (s: string): string =>
    s
      .replace(/@initial$/i, `@${w.initialDomain}`)
      .replace(/@custom$/i, `@${custom}`)
      .replace('{initialDomain}', w.initialDomain)
      .replace('{customDomain}', custom);
  w.operatorUpn = upnOf(sc.operator.upn);

  // users
  sc.users.forEach((us, i) => {
    const upn = upnOf(us.upn);
    const domain = upn.split('@')[1]?.toLowerCase();
    if (!w.domains.some((d) => d.id === domain))
      throw new ScenarioRefError(
        ['users', i, 'upn'],
        `UPN domain '${domain}' is not one of the tenant's domains (${w.domains.map((d) => d.id).join(', ')})`,
      );
    const nick = upn.split('@')[0]!;
    const u: UserRec = {
      id: us.id ?? w.ids.guid(),
      userPrincipalName: upn,
      displayName: us.displayName ?? nick,
      mailNickname: nick,
      accountEnabled: us.accountEnabled,
      userType: us.userType,
      onPremisesImmutableId: us.synced ? Buffer.from(nameGuid('immutable', upn)).toString('base64').slice(0, 24) : null,
      onPremisesSyncEnabled: us.synced ? true : null,
      usageLocation: us.usageLocation ?? null,
      createdDateTime: t('-400d'),
      lastPasswordChangeDateTime: t(us.passwordLastChanged),
      passwordPolicies: us.passwordPolicies ?? null,
      signInActivity: {
        lastSignInDateTime: null,
        lastSuccessfulSignInDateTime: null,
        lastNonInteractiveSignInDateTime: null,
      },
      assignedLicenses: us.licenses.map((l) => ({ skuId: nameGuid('sku', l), disabledPlans: [] })),
      _forceChangePasswordNextSignIn: us.forceChangePasswordNextSignIn,
      _methods: us.methods.map((m, j) => methodRec(w, m, t, upn, j)),
    };
    if (w.user(upn)) throw new ScenarioRefError(['users', i, 'upn'], `duplicate user '${upn}'`);
    w.users.set(u.id, u);
    w.upnIndex.set(upn.toLowerCase(), u.id);
  });
  if (!w.user(w.operatorUpn))
    throw new ScenarioRefError(['operator', 'upn'], `operator '${w.operatorUpn}' is not one of the scenario's users`);

  // applications + service principals (before groups: an SP may own a group)
  const graphSp = w.ensureGraphServicePrincipal();
  sc.applications.forEach((as, i) => {
    const app: ApplicationRec & { _owners: string[] } = {
      id: as.id ?? w.ids.guid(),
      appId: as.appId ?? nameGuid('app', as.displayName),
      displayName: as.displayName,
      signInAudience: 'AzureADMyOrg',
      createdDateTime: t('-300d'),
      isFallbackPublicClient: as.publicClient,
      requiredResourceAccess: as.appRoles.length
        ? [
            {
              resourceAppId: '00000003-0000-0000-c000-000000000000',
              resourceAccess: as.appRoles.map((r) => ({ id: GRAPH_APP_ROLES[r], type: 'Role' })),
            },
          ]
        : [],
      keyCredentials: [],
      passwordCredentials: as.secrets.map((s) => ({
        keyId: w.ids.guid(),
        displayName: 'secret',
        hint: s.slice(0, 3),
        startDateTime: t('-30d'),
        endDateTime: t('+365d'),
        _secret: s,
      })),
      _delegatedScopes: as.delegatedScopes,
      _federatedIdentityCredentials: as.federatedIdentityCredentials,
      _owners: [] as string[],
    };
    w.applications.set(app.id, app);
    as.owners.forEach((o, j) => {
      const id =
        w.user(upnOf(o))?.id ??
        w.servicePrincipalByAppId([...w.applications.values()].find((a) => a.displayName === o)?.appId ?? '')?.id;
      if (!id)
        throw new ScenarioRefError(
          ['applications', i, 'owners', j],
          `owner '${o}' is neither a scenario user (UPN) nor an earlier application with a service principal (displayName)`,
        );
      app._owners.push(id);
    });
    as.credentialMetadata.forEach((c) => {
      if (c.type === 'certificate')
        app.keyCredentials.push({
          keyId: w.ids.guid(),
          displayName: c.displayName,
          type: 'AsymmetricX509Cert',
          usage: 'Verify',
          startDateTime: t(c.start),
          endDateTime: t(c.end),
          customKeyIdentifier: createHash('sha1').update(`${app.appId}:${c.displayName}`).digest('hex').toUpperCase(),
        });
      else
        app.passwordCredentials.push({
          keyId: w.ids.guid(),
          displayName: c.displayName,
          hint: 'prc',
          startDateTime: t(c.start),
          endDateTime: t(c.end),
          // No one knows this value: the practice tenant only shows that a secret exists.
          _secret: randomBytes(32).toString('base64url'),
        });
    });
    as.certificates.forEach((c, j) => {
      try {
        w.addCertificate(app, c.pem, c.displayName);
      } catch {
        throw new ScenarioRefError(['applications', i, 'certificates', j, 'pem'], 'not a valid PEM certificate');
      }
    });
    if (!as.servicePrincipal) return;
    const sp = {
      id: w.ids.guid(),
      appId: app.appId,
      displayName: app.displayName,
      servicePrincipalType: 'Application',
      accountEnabled: true,
      appRoles: [],
      createdDateTime: app.createdDateTime,
    };
    w.servicePrincipals.set(sp.id, sp);
    as.appRoles.forEach((r, j) => {
      const roleId = GRAPH_APP_ROLES[r];
      if (!roleId)
        throw new ScenarioRefError(
          ['applications', i, 'appRoles', j],
          `unknown Graph application permission '${r}' (known: ${Object.keys(GRAPH_APP_ROLES).join(', ')})`,
        );
      const a = {
        id: w.ids.guid(),
        principalId: sp.id,
        principalType: 'ServicePrincipal' as const,
        principalDisplayName: sp.displayName,
        resourceId: graphSp.id,
        resourceDisplayName: graphSp.displayName,
        appRoleId: roleId,
        createdDateTime: app.createdDateTime,
      };
      w.appRoleAssignments.set(a.id, a);
    });
    as.directoryRoles.forEach((r, j) => {
      const roleId = roleIdByName(r);
      if (!roleId)
        throw new ScenarioRefError(['applications', i, 'directoryRoles', j], `unknown directory role '${r}'`);
      assignRole(w, SYSTEM, sp.id, roleId, null, false);
    });
  });

  // groups (two passes: create, then resolve members so nesting order does not matter)
  const groupRecs: GroupRec[] = sc.groups.map((gs) => {
    const g: GroupRec = {
      id: gs.id ?? w.ids.guid(),
      displayName: gs.displayName,
      description: gs.description ?? null,
      mailNickname: gs.mailNickname ?? gs.displayName.replace(/[^A-Za-z0-9-]/g, '').toLowerCase(),
      mailEnabled: gs.mailEnabled,
      securityEnabled: gs.securityEnabled,
      groupTypes: [...(gs.unified ? ['Unified'] : []), ...(gs.membershipRule ? ['DynamicMembership'] : [])],
      membershipRule: gs.membershipRule ?? null,
      membershipRuleProcessingState: gs.membershipRule ? 'On' : null,
      isAssignableToRole: gs.isAssignableToRole ? true : null,
      // Unset on creation: "a security group is created as Private by default and Microsoft 365 group is Public.
      // Groups assignable to roles are always Private" (https://learn.microsoft.com/graph/api/resources/group);
      // a plain security group keeps null here, as the emulator has always answered (the property is nullable).
      visibility: gs.visibility ?? (gs.isAssignableToRole ? 'Private' : gs.unified ? 'Public' : null),
      createdDateTime: t('-300d'),
      _members: [],
      _owners: [],
    };
    w.groups.set(g.id, g);
    return g;
  });
  sc.groups.forEach((gs, i) => {
    const g = groupRecs[i]!;
    if (gs.unified && !gs.mailEnabled)
      throw new ScenarioRefError(
        ['groups', i, 'mailEnabled'],
        'a Microsoft 365 group (unified) is mail-enabled: set mailEnabled: true',
      );
    if (gs.isAssignableToRole && gs.visibility && gs.visibility !== 'Private')
      throw new ScenarioRefError(['groups', i, 'visibility'], 'a role-assignable group is always Private');
    if (gs.visibility === 'HiddenMembership' && !gs.unified)
      throw new ScenarioRefError(
        ['groups', i, 'visibility'],
        'HiddenMembership can be set only for Microsoft 365 groups (unified)',
      );
    if (gs.membershipRule) {
      if (gs.members.length)
        throw new ScenarioRefError(
          ['groups', i, 'members'],
          'a dynamic group (membershipRule) gets its members from the rule: remove `members`',
        );
      try {
        parseRule(gs.membershipRule);
      } catch (e) {
        throw new ScenarioRefError(['groups', i, 'membershipRule'], (e as Error).message);
      }
    }
    gs.members.forEach((m, j) => {
      const id = w.user(upnOf(m))?.id ?? w.groupByName(m)?.id;
      if (!id)
        throw new ScenarioRefError(
          ['groups', i, 'members', j],
          `member '${m}' is neither a scenario user (UPN) nor a group (displayName)`,
        );
      g._members.push(id);
    });
    gs.owners.forEach((o, j) => {
      const id =
        w.user(upnOf(o))?.id ??
        w.servicePrincipalByAppId(
          w.applications.size ? ([...w.applications.values()].find((a) => a.displayName === o)?.appId ?? '') : '',
        )?.id;
      if (!id)
        throw new ScenarioRefError(
          ['groups', i, 'owners', j],
          `owner '${o}' is neither a scenario user (UPN) nor an application with a service principal (displayName)`,
        );
      g._owners.push(id);
    });
    gs.roles.forEach((r, j) => {
      const roleId = roleIdByName(r);
      if (!roleId) throw new ScenarioRefError(['groups', i, 'roles', j], `unknown directory role '${r}'`);
      if (!g.isAssignableToRole)
        throw new ScenarioRefError(
          ['groups', i, 'roles', j],
          'only role-assignable groups (isAssignableToRole: true) can hold directory roles',
        );
      assignRole(w, SYSTEM, g.id, roleId, null, false);
    });
  });

  refreshDynamicGroups(w);

  // administrative units (after users, groups and apps: they hold and name them)
  sc.administrativeUnits.forEach((as, i) => {
    const au: AdministrativeUnitRec = {
      id: as.id ?? nameGuid('administrativeUnit', as.displayName),
      displayName: as.displayName,
      description: as.description ?? null,
      isMemberManagementRestricted: as.restrictedManagement,
      visibility: null,
      membershipType: null,
      membershipRule: null,
      membershipRuleProcessingState: null,
      _members: [],
      _scoped: [],
    };
    as.members.forEach((m, j) => {
      const u = w.user(upnOf(m));
      const g = u ? undefined : w.groupByName(m);
      if (!u && !g)
        throw new ScenarioRefError(
          ['administrativeUnits', i, 'members', j],
          `member '${m}' is neither a scenario user (UPN) nor a group (displayName)`,
        );
      // "What objects can be members?": security groups only, not Microsoft 365, mail-enabled or distribution
      // groups (https://learn.microsoft.com/entra/identity/role-based-access-control/admin-units-restricted-management).
      if (g && au.isMemberManagementRestricted && (g.mailEnabled || g.groupTypes.includes('Unified')))
        throw new ScenarioRefError(
          ['administrativeUnits', i, 'members', j],
          `'${m}' is mail-enabled: a restricted management administrative unit holds only security groups`,
        );
      au._members.push((u ?? g)!.id);
    });
    as.scopedRoleMembers.forEach((r, j) => {
      const roleId = roleIdByName(r.role);
      if (!roleId)
        throw new ScenarioRefError(
          ['administrativeUnits', i, 'scopedRoleMembers', j, 'role'],
          `unknown role '${r.role}'`,
        );
      // Global Administrator and Privileged Role Administrator "can't be assigned at administrative unit scope"
      // (same page, Limitations).
      if (['Global Administrator', 'Privileged Role Administrator'].includes(roleNameById(roleId) ?? ''))
        throw new ScenarioRefError(
          ['administrativeUnits', i, 'scopedRoleMembers', j, 'role'],
          `${r.role} cannot be assigned at administrative unit scope`,
        );
      const app = [...w.applications.values()].find((a) => a.displayName === r.principal);
      const principalId =
        w.user(upnOf(r.principal))?.id ?? (app ? w.servicePrincipalByAppId(app.appId)?.id : undefined);
      if (!principalId)
        throw new ScenarioRefError(
          ['administrativeUnits', i, 'scopedRoleMembers', j, 'principal'],
          `'${r.principal}' is neither a scenario user (UPN) nor an application with a service principal (displayName)`,
        );
      au._scoped.push({ id: w.ids.guid(), roleId, principalId });
    });
    w.administrativeUnits.set(au.id, au);
  });

  // roles
  sc.users.forEach((us, i) => {
    const u = w.user(upnOf(us.upn))!;
    const role = (name: string, path: (string | number)[]): string => {
      const id = roleIdByName(name);
      if (!id) throw new ScenarioRefError(path, `unknown directory role '${name}'`);
      return id;
    };
    us.roles.forEach((r, j) => assignRole(w, SYSTEM, u.id, role(r, ['users', i, 'roles', j]), null, false));
    us.timeBoundRoles.forEach((r, j) =>
      assignRole(w, SYSTEM, u.id, role(r.role, ['users', i, 'timeBoundRoles', j, 'role']), t(r.until), false),
    );
    us.eligibleRoles.forEach((r, j) => {
      const e = {
        id: w.ids.guid(),
        principalId: u.id,
        roleDefinitionId: role(r, ['users', i, 'eligibleRoles', j]),
        directoryScopeId: '/',
        status: 'Provisioned',
        memberType: 'Direct',
        createdDateTime: t('-200d'),
        scheduleInfo: {
          startDateTime: t('-200d'),
          expiration: { type: 'noExpiration' as const, endDateTime: null, duration: null },
        },
      };
      w.roleEligibilities.set(e.id, e);
    });
  });

  // custom authentication strengths (only read the Graph metadata when a scenario defines one)
  const modes = sc.authenticationStrengths.length
    ? new Set(graphModel().enums['microsoft.graph.authenticationMethodModes']?.members ?? [])
    : new Set<string>();
  const customStrengths = sc.authenticationStrengths.map((cs, i) => {
    cs.allowedCombinations.forEach((combo, j) => {
      const bad = combo.split(',').filter((m) => !modes.has(m.trim()));
      if (bad.length)
        throw new ScenarioRefError(
          ['authenticationStrengths', i, 'allowedCombinations', j],
          `'${bad.join("', '")}' is not an authenticationMethodModes member in Microsoft Graph v1.0`,
        );
    });
    const at = t('-200d');
    return {
      id: cs.id ?? nameGuid('authStrength', cs.displayName),
      displayName: cs.displayName,
      description: cs.description ?? null,
      policyType: 'custom',
      requirementsSatisfied: 'mfa',
      allowedCombinations: cs.allowedCombinations,
      createdDateTime: at,
      modifiedDateTime: at,
    };
  });

  // named locations, the workload caller's address, and references to them from policies
  w.namedLocations = sc.namedLocations.map((n) => ({
    id: n.id ?? nameGuid('namedLocation', n.displayName),
    displayName: n.displayName,
    ipRanges: n.ipRanges,
    isTrusted: n.isTrusted,
  }));
  w.servicePrincipalSignInIp = sc.simulation.servicePrincipalSignInIp;
  const locRef = (x: string, path: (string | number)[]): string => {
    if (x === 'All' || x === 'AllTrusted') return x;
    const n = w.namedLocations.find((l) => l.id.toLowerCase() === x.toLowerCase() || l.displayName === x);
    if (!n) throw new ScenarioRefError(path, `unknown named location '${x}' (not in namedLocations)`);
    return n.id;
  };
  const spRef = (x: string, path: (string | number)[]): string => {
    if (x === 'ServicePrincipalsInMyTenant') return x;
    const sp = [...w.servicePrincipals.values()].find(
      (p) => p.id.toLowerCase() === x.toLowerCase() || p.displayName === x,
    );
    if (!sp) throw new ScenarioRefError(path, `unknown service principal '${x}'`);
    return sp.id;
  };

  // conditional access
  sc.conditionalAccess.forEach((cs, i) => {
    const users = (xs: string[], j: string): string[] =>
      xs.map((x, k) => {
        if (x === 'All' || x === 'None' || x === 'GuestsOrExternalUsers') return x;
        const u = w.user(upnOf(x));
        if (!u) throw new ScenarioRefError(['conditionalAccess', i, j, 'users', k], `unknown user '${x}'`);
        return u.id;
      });
    const groups = (xs: string[], j: string): string[] =>
      xs.map((x, k) => {
        const g = w.groupByName(x);
        if (!g) throw new ScenarioRefError(['conditionalAccess', i, j, 'groups', k], `unknown group '${x}'`);
        return g.id;
      });
    const roles = (xs: string[], j: string): string[] =>
      xs.map((x, k) => {
        const r = roleIdByName(x);
        if (!r) throw new ScenarioRefError(['conditionalAccess', i, j, 'roles', k], `unknown role '${x}'`);
        return r;
      });
    let strength: Record<string, unknown> | null = null;
    if (cs.grant?.authenticationStrength) {
      const name = cs.grant.authenticationStrength;
      const s = AUTH_STRENGTHS[name];
      const custom = customStrengths.find((c) => c.displayName === name || c.id.toLowerCase() === name.toLowerCase());
      if (s)
        strength = {
          id: s.id,
          displayName: s.displayName,
          description: null,
          policyType: 'builtIn',
          requirementsSatisfied: 'mfa',
          allowedCombinations: s.allowedCombinations,
          createdDateTime: '2021-12-01T00:00:00Z',
          modifiedDateTime: '2021-12-01T00:00:00Z',
        };
      else if (custom) strength = custom;
      else
        throw new ScenarioRefError(
          ['conditionalAccess', i, 'grant', 'authenticationStrength'],
          `unknown authentication strength '${name}': a built-in one (${Object.keys(AUTH_STRENGTHS).join(', ')}) or one of authenticationStrengths`,
        );
    }
    const id = cs.id ?? w.ids.guid();
    w.caPolicies.set(id.toLowerCase(), {
      id,
      templateId: null,
      displayName: cs.displayName,
      createdDateTime: t(cs.created),
      modifiedDateTime: null,
      state: cs.state,
      sessionControls: cs.session ?? null,
      conditions: {
        userRiskLevels: cs.userRiskLevels,
        signInRiskLevels: cs.signInRiskLevels,
        clientAppTypes: cs.clientAppTypes,
        servicePrincipalRiskLevels: [],
        // conditionalAccessConditionSet (https://learn.microsoft.com/graph/api/resources/conditionalaccessconditionset)
        platforms: cs.platforms
          ? { includePlatforms: cs.platforms.include, excludePlatforms: cs.platforms.exclude }
          : null,
        locations: cs.locations
          ? {
              includeLocations: cs.locations.include.map((x, j) =>
                locRef(x, ['conditionalAccess', i, 'locations', 'include', j]),
              ),
              excludeLocations: cs.locations.exclude.map((x, j) =>
                locRef(x, ['conditionalAccess', i, 'locations', 'exclude', j]),
              ),
            }
          : null,
        devices: cs.deviceFilter ? { deviceFilter: { mode: cs.deviceFilter.mode, rule: cs.deviceFilter.rule } } : null,
        // conditionalAccessClientApplications (https://learn.microsoft.com/graph/api/resources/conditionalaccessclientapplications)
        clientApplications: cs.servicePrincipals
          ? {
              includeServicePrincipals: cs.servicePrincipals.include.map((x, j) =>
                spRef(x, ['conditionalAccess', i, 'servicePrincipals', 'include', j]),
              ),
              excludeServicePrincipals: cs.servicePrincipals.exclude.map((x, j) =>
                spRef(x, ['conditionalAccess', i, 'servicePrincipals', 'exclude', j]),
              ),
            }
          : null,
        applications: {
          includeApplications: cs.userActions.length || cs.authenticationContexts.length ? [] : cs.applications,
          excludeApplications: cs.excludeApplications,
          includeUserActions: cs.userActions,
          includeAuthenticationContextClassReferences: cs.authenticationContexts,
          applicationFilter: null,
        },
        users: {
          includeUsers: users(cs.include.users, 'include'),
          excludeUsers: users(cs.exclude.users, 'exclude'),
          includeGroups: groups(cs.include.groups, 'include'),
          excludeGroups: groups(cs.exclude.groups, 'exclude'),
          includeRoles: roles(cs.include.roles, 'include'),
          excludeRoles: roles(cs.exclude.roles, 'exclude'),
          includeGuestsOrExternalUsers: cs.includeGuestsOrExternalUsers
            ? {
                guestOrExternalUserTypes: cs.includeGuestsOrExternalUsers.join(','),
                externalTenants: { membershipKind: 'all' },
              }
            : null,
          excludeGuestsOrExternalUsers: null,
        },
      },
      grantControls: cs.grant
        ? {
            operator: cs.grant.operator,
            builtInControls: cs.grant.builtInControls,
            customAuthenticationFactors: [],
            termsOfUse: [],
            authenticationStrength: strength,
          }
        : null,
    });
  });

  // authentication methods policy
  const target = (x: string, path: (string | number)[]): string => {
    if (x === 'all_users') return x;
    const g = w.groupByName(x);
    if (!g) throw new ScenarioRefError(path, `unknown group '${x}' (use "all_users" or a group displayName)`);
    return g.id;
  };
  const am = sc.authenticationMethods;
  const inc = (ts: { target: string; isRegistrationRequired: boolean }[], m: string) =>
    ts.map((x, j) => ({
      targetType: 'group',
      id: target(x.target, ['authenticationMethods', m, 'includeTargets', j, 'target']),
      isRegistrationRequired: x.isRegistrationRequired,
    }));
  const exc = (ts: string[], m: string) =>
    ts.map((x, j) => ({ targetType: 'group', id: target(x, ['authenticationMethods', m, 'excludeTargets', j]) }));
  w.authMethodsPolicy = {
    lastModifiedDateTime: t('-60d'),
    configurations: [
      {
        '@odata.type': METHOD_CONFIG_TYPES.Fido2,
        id: 'Fido2',
        state: am.fido2.state,
        isSelfServiceRegistrationAllowed: am.fido2.isSelfServiceRegistrationAllowed,
        isAttestationEnforced: am.fido2.isAttestationEnforced,
        keyRestrictions: am.fido2.keyRestrictions,
        includeTargets: inc(am.fido2.includeTargets, 'fido2'),
        excludeTargets: exc(am.fido2.excludeTargets, 'fido2'),
      },
      {
        '@odata.type': METHOD_CONFIG_TYPES.TemporaryAccessPass,
        id: 'TemporaryAccessPass',
        state: am.temporaryAccessPass.state,
        defaultLifetimeInMinutes: am.temporaryAccessPass.defaultLifetimeInMinutes,
        defaultLength: am.temporaryAccessPass.defaultLength,
        minimumLifetimeInMinutes: am.temporaryAccessPass.minimumLifetimeInMinutes,
        maximumLifetimeInMinutes: am.temporaryAccessPass.maximumLifetimeInMinutes,
        isUsableOnce: am.temporaryAccessPass.isUsableOnce,
        includeTargets: inc(am.temporaryAccessPass.includeTargets, 'temporaryAccessPass'),
        excludeTargets: exc(am.temporaryAccessPass.excludeTargets, 'temporaryAccessPass'),
      },
      ...Object.entries(METHOD_CONFIG_TYPES)
        .filter(([id]) => id !== 'Fido2' && id !== 'TemporaryAccessPass')
        .map(([id, type]) => ({
          '@odata.type': type,
          id,
          state: am.others[id] ?? 'disabled',
          includeTargets: [{ targetType: 'group', id: 'all_users', isRegistrationRequired: false }],
          excludeTargets: [],
        })),
    ],
  };

  // monitoring (ARM)
  const mon = sc.monitoring;
  const sub = mon.subscriptionId;
  // Azure scopes and the applications' Azure roles (Azure RBAC role assignments, arm-role-assignments.ts).
  const rootGroup = `/providers/Microsoft.Management/managementGroups/${w.tenantId}`;
  w.azureScopes = [
    `/subscriptions/${sub}`,
    rootGroup,
    ...mon.managementGroups.map((g) => `/providers/Microsoft.Management/managementGroups/${g}`),
  ];
  sc.applications.forEach((as, i) => {
    const sp = [...w.servicePrincipals.values()].find((x) => x.displayName === as.displayName);
    as.azureRoles.forEach((ar, j) => {
      const roleId = azureRoleId(ar.role);
      if (!roleId)
        throw new ScenarioRefError(
          ['applications', i, 'azureRoles', j, 'role'],
          `unknown Azure role '${ar.role}' (known: ${Object.keys(AZURE_ROLES).join(', ')})`,
        );
      if (!sp)
        throw new ScenarioRefError(['applications', i, 'azureRoles', j], 'an Azure role needs a service principal');
      const mg = ar.scope.startsWith('managementGroup:') ? ar.scope.slice('managementGroup:'.length) : undefined;
      if (mg !== undefined && !mon.managementGroups.includes(mg))
        throw new ScenarioRefError(
          ['applications', i, 'azureRoles', j, 'scope'],
          `management group '${mg}' is not in monitoring.managementGroups`,
        );
      const scope =
        ar.scope === 'subscription'
          ? `/subscriptions/${sub}`
          : ar.scope === 'root'
            ? rootGroup
            : `/providers/Microsoft.Management/managementGroups/${mg}`;
      const name = nameGuid('roleAssignment', `${scope}|${sp.id}|${roleId}`);
      const at = t('-60d');
      w.armPut({
        id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
        name,
        type: 'Microsoft.Authorization/roleAssignments',
        properties: {
          roleDefinitionId: `${scope.startsWith('/subscriptions/') ? scope : ''}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`,
          principalId: sp.id,
          principalType: 'ServicePrincipal',
          scope,
          createdOn: at,
          updatedOn: at,
          createdBy: SYSTEM.id,
          updatedBy: SYSTEM.id,
        },
      });
    });
  });
  const wsIds = new Map<string, string>();
  mon.workspaces.forEach((ws) => {
    const id = `/subscriptions/${sub}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${ws.name}`;
    wsIds.set(ws.name, id);
    w.armPut({
      id,
      name: ws.name,
      type: 'Microsoft.OperationalInsights/workspaces',
      location: ws.location,
      properties: {
        customerId: ws.customerId ?? nameGuid('workspace', id),
        provisioningState: 'Succeeded',
        sku: { name: 'PerGB2018' },
        retentionInDays: 90,
        createdDate: t('-300d'),
      },
    });
    if (ws.sentinel)
      w.armPut({
        id: `${id}/providers/Microsoft.SecurityInsights/onboardingStates/default`,
        name: 'default',
        type: 'Microsoft.SecurityInsights/onboardingStates',
        properties: { customerManagedKey: false },
      });
  });
  const wsRef = (name: string, path: (string | number)[]): string => {
    const id = wsIds.get(name);
    if (!id) throw new ScenarioRefError(path, `unknown workspace '${name}' (declare it under monitoring.workspaces)`);
    return id;
  };
  mon.diagnosticSettings.forEach((d, i) => {
    w.armPut({
      id: `/providers/microsoft.aadiam/diagnosticSettings/${d.name}`,
      name: d.name,
      type: 'microsoft.aadiam/diagnosticSettings',
      properties: {
        workspaceId: wsRef(d.workspace, ['monitoring', 'diagnosticSettings', i, 'workspace']),
        logs: d.categories.map((c) => ({ category: c, enabled: true, retentionPolicy: { days: 0, enabled: false } })),
        metrics: [],
      },
    });
  });
  const agIds = new Map<string, string>();
  mon.actionGroups.forEach((ag) => {
    const id = `/subscriptions/${sub}/resourceGroups/${ag.resourceGroup}/providers/Microsoft.Insights/actionGroups/${ag.name}`;
    agIds.set(ag.name, id);
    w.armPut({
      id,
      name: ag.name,
      type: 'Microsoft.Insights/ActionGroups',
      location: 'Global',
      properties: {
        groupShortName: ag.shortName,
        enabled: ag.enabled,
        emailReceivers: ag.emails.map((e, k) => ({
          name: `email${k + 1}`,
          emailAddress: e,
          useCommonAlertSchema: true,
          status: 'Enabled',
        })),
        smsReceivers: ag.sms.map((s, k) => {
          const m = /^\+?(\d{1,3})\s+(.*)$/.exec(s);
          return {
            name: `sms${k + 1}`,
            countryCode: m?.[1] ?? '1',
            phoneNumber: (m?.[2] ?? s).replace(/\s/g, ''),
            status: 'Enabled',
          };
        }),
        webhookReceivers: [],
      },
    });
  });
  const created = t('-30d');
  mon.scheduledQueryRules.forEach((r, i) => {
    w.armPut({
      id: `/subscriptions/${sub}/resourceGroups/${r.resourceGroup}/providers/Microsoft.Insights/scheduledQueryRules/${r.name}`,
      name: r.name,
      type: 'Microsoft.Insights/scheduledQueryRules',
      location: 'westeurope',
      kind: 'LogAlert',
      properties: {
        displayName: r.name,
        description: r.description ?? '',
        severity: r.severity,
        enabled: r.enabled,
        evaluationFrequency: r.evaluationFrequency,
        scopes: [wsRef(r.workspace, ['monitoring', 'scheduledQueryRules', i, 'workspace'])],
        windowSize: r.windowSize,
        criteria: {
          allOf: [
            {
              query: r.query,
              timeAggregation: 'Count',
              dimensions: [],
              operator: r.operator,
              threshold: r.threshold,
              failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
            },
          ],
        },
        autoMitigate: false,
        actions: {
          actionGroups: r.actionGroups.map((a, j) => {
            const id = agIds.get(a);
            if (!id)
              throw new ScenarioRefError(
                ['monitoring', 'scheduledQueryRules', i, 'actionGroups', j],
                `unknown action group '${a}'`,
              );
            return id;
          }),
        },
        _createdAt: new Date(now).toISOString(),
        createdWithApiVersion: '2023-12-01',
      },
    });
  });
  mon.sentinelRules.forEach((r, i) => {
    const wsId = wsRef(r.workspace, ['monitoring', 'sentinelRules', i, 'workspace']);
    if (!w.armGet(`${wsId}/providers/Microsoft.SecurityInsights/onboardingStates/default`))
      throw new ScenarioRefError(
        ['monitoring', 'sentinelRules', i, 'workspace'],
        `workspace '${r.workspace}' is not onboarded to Microsoft Sentinel (set sentinel: true on it)`,
      );
    const ruleId = r.name ?? nameGuid('rule', r.displayName);
    w.armPut({
      id: `${wsId}/providers/Microsoft.SecurityInsights/alertRules/${ruleId}`,
      name: ruleId,
      type: 'Microsoft.SecurityInsights/alertRules',
      kind: r.kind,
      etag: `"${w.ids.hex(8)}"`,
      properties: {
        displayName: r.displayName,
        description: r.description ?? '',
        severity: r.severity,
        enabled: r.enabled,
        query: r.query,
        ...(r.kind === 'Scheduled'
          ? {
              queryFrequency: r.queryFrequency,
              queryPeriod: r.queryPeriod,
              triggerOperator: 'GreaterThan',
              triggerThreshold: r.triggerThreshold,
            }
          : {}),
        suppressionDuration: 'PT5H',
        suppressionEnabled: false,
        tactics: ['InitialAccess', 'PrivilegeEscalation'],
        techniques: [],
        incidentConfiguration: {
          createIncident: r.createIncident,
          groupingConfiguration: {
            enabled: false,
            reopenClosedIncident: false,
            lookbackDuration: 'PT5H',
            matchingMethod: 'AllEntities',
            groupByEntities: [],
            groupByAlertDetails: [],
            groupByCustomDetails: [],
          },
        },
        eventGroupingSettings: { aggregationKind: 'SingleAlert' },
        lastModifiedUtc: created,
        _createdAt: new Date(now).toISOString(),
      },
    });
  });

  // Sentinel automation rules: incident created → run a playbook
  mon.automationRules.forEach((a, i) => {
    const wsId = wsRef(a.workspace, ['monitoring', 'automationRules', i, 'workspace']);
    if (!w.armGet(`${wsId}/providers/Microsoft.SecurityInsights/onboardingStates/default`))
      throw new ScenarioRefError(
        ['monitoring', 'automationRules', i, 'workspace'],
        `workspace '${a.workspace}' is not onboarded to Microsoft Sentinel (set sentinel: true on it)`,
      );
    const ruleIds = a.analyticRules.map((n, j) => {
      const r = mon.sentinelRules.find((x) => x.displayName === n);
      if (!r)
        throw new ScenarioRefError(
          ['monitoring', 'automationRules', i, 'analyticRules', j],
          `unknown Sentinel rule '${n}'`,
        );
      return `${wsId}/providers/Microsoft.SecurityInsights/alertRules/${r.name ?? nameGuid('rule', r.displayName)}`;
    });
    const name = a.name ?? nameGuid('automation', a.displayName);
    // Shape: Microsoft.SecurityInsights/automationRules (https://learn.microsoft.com/rest/api/securityinsights/automation-rules/get)
    w.armPut({
      id: `${wsId}/providers/Microsoft.SecurityInsights/automationRules/${name}`,
      name,
      type: 'Microsoft.SecurityInsights/automationRules',
      etag: `"${w.ids.hex(8)}"`,
      properties: {
        displayName: a.displayName,
        order: i + 1,
        triggeringLogic: {
          isEnabled: a.enabled,
          expirationTimeUtc: a.expires ? t(a.expires) : null,
          triggersOn: 'Incidents',
          triggersWhen: 'Created',
          conditions: ruleIds.length
            ? [
                {
                  conditionType: 'Property',
                  conditionProperties: {
                    propertyName: 'IncidentRelatedAnalyticRuleIds',
                    operator: 'Contains',
                    propertyValues: ruleIds,
                  },
                },
              ]
            : [],
        },
        actions: [
          {
            order: 1,
            actionType: 'RunPlaybook',
            actionConfiguration: { logicAppResourceId: a.playbook, tenantId: w.tenantId },
          },
        ],
        createdTimeUtc: t('-30d'),
        lastModifiedTimeUtc: t('-30d'),
      },
    });
  });

  // access reviews
  sc.accessReviews.forEach((ar, i) => {
    const g = w.groupByName(ar.group);
    if (!g) throw new ScenarioRefError(['accessReviews', i, 'group'], `unknown group '${ar.group}'`);
    const pattern =
      ar.recurrence === 'weekly'
        ? { type: 'weekly', interval: 1 }
        : ar.recurrence === 'quarterly'
          ? { type: 'absoluteMonthly', interval: 3, dayOfMonth: 1 }
          : ar.recurrence === 'semiAnnual'
            ? { type: 'absoluteMonthly', interval: 6, dayOfMonth: 1 }
            : ar.recurrence === 'annual'
              ? { type: 'absoluteMonthly', interval: 12, dayOfMonth: 1 }
              : { type: 'absoluteMonthly', interval: 1, dayOfMonth: 1 };
    const id = w.ids.guid();
    w.accessReviews.set(id, {
      id,
      displayName: ar.displayName,
      createdDateTime: t('-120d'),
      lastModifiedDateTime: t('-120d'),
      status: ar.status,
      descriptionForAdmins: 'Break-glass exclusion group membership review',
      descriptionForReviewers: 'Confirm only the declared emergency-access accounts remain.',
      createdBy: {
        id: w.user(w.operatorUpn)!.id,
        displayName: w.user(w.operatorUpn)!.displayName,
        userPrincipalName: w.operatorUpn,
      },
      scope: {
        '@odata.type': '#microsoft.graph.accessReviewQueryScope',
        query: `/groups/${g.id}/transitiveMembers`,
        queryType: 'MicrosoftGraph',
        queryRoot: null,
      },
      instanceEnumerationScope: null,
      reviewers: ar.reviewers.map((r) => ({
        query: `/users/${w.user(upnOf(r))?.id ?? r}`,
        queryType: 'MicrosoftGraph',
        queryRoot: null,
      })),
      fallbackReviewers: [],
      settings: {
        mailNotificationsEnabled: true,
        reminderNotificationsEnabled: true,
        justificationRequiredOnApproval: true,
        defaultDecisionEnabled: ar.autoApprove,
        defaultDecision: ar.autoApprove ? 'Approve' : 'None',
        instanceDurationInDays: 14,
        autoApplyDecisionsEnabled: ar.autoApplyDecisionsEnabled,
        recommendationsEnabled: true,
        recurrence:
          ar.recurrence === 'once'
            ? null
            : {
                pattern: { ...pattern, month: 0, firstDayOfWeek: 'sunday', daysOfWeek: [], index: 'first' },
                range: {
                  type: 'noEnd',
                  numberOfOccurrences: 0,
                  recurrenceTimeZone: null,
                  startDate: t('-120d').slice(0, 10),
                  endDate: '9999-12-31',
                },
              },
      },
    });
  });

  // history: sign-ins and audit events (already ingested)
  sc.users.forEach((us) => {
    const upn = upnOf(us.upn);
    for (const s of us.signIns)
      simulateSignIn(w, {
        upn,
        method: s.method,
        fail: s.fail,
        at: resolveTimeRef(s.at, now),
        app: s.app,
        ipAddress: s.ipAddress,
        city: s.city,
        countryOrRegion: s.countryOrRegion,
      });
  });
  sc.applications.forEach((as) => {
    const app = [...w.applications.values()].find((a) => a.displayName === as.displayName);
    for (const s of as.signIns) {
      if (!app) continue;
      const at = resolveTimeRef(s.at, now);
      // A scenario's history names no key: it used the first certificate valid then (a scenario's choice).
      const key = app.keyCredentials.find((k) => Date.parse(k.startDateTime) <= at && at < Date.parse(k.endDateTime));
      w.recordServicePrincipalSignIn({
        appId: app.appId,
        credentialType: 'clientAssertion',
        resource: s.resource,
        fail: s.fail,
        at,
        ...(key ? { credentialKeyId: key.keyId, credentialThumbprint: key.customKeyIdentifier } : {}),
      });
    }
  });
  sc.auditEvents.forEach((ev, i) => {
    const at = resolveTimeRef(ev.at, now);
    const initiator = w.user(upnOf(ev.initiatedBy));
    const targetUser = w.user(upnOf(ev.target));
    if (!initiator && !ev.initiatedBy)
      throw new ScenarioRefError(['auditEvents', i, 'initiatedBy'], 'initiatedBy is required');
    // The type Entra logs for the activity, never one type for all (./audit-operation-types.ts).
    const operationType = ev.operationType ?? operationTypeOf(ev.activity);
    if (!operationType)
      throw new ScenarioRefError(
        ['auditEvents', i, 'operationType'],
        `the practice tenant does not know which operationType Entra logs for "${ev.activity}": name it (${OPERATION_TYPES.join(', ')})`,
      );
    w.audits.push({
      id: w.ids.guid(),
      at,
      ingestAt: at,
      ingested: false,
      category: ev.category,
      activityDisplayName: ev.activity,
      operationType,
      result: 'success',
      initiatedBy: initiator
        ? {
            user: {
              id: initiator.id,
              userPrincipalName: initiator.userPrincipalName,
              displayName: initiator.displayName,
            },
            app: null,
          }
        : {
            user: null,
            app: {
              appId: nameGuid('app', ev.initiatedBy),
              displayName: ev.initiatedBy,
              servicePrincipalId: nameGuid('sp', ev.initiatedBy),
            },
          },
      targetResources: [
        {
          id: targetUser?.id ?? nameGuid('target', ev.target),
          displayName: targetUser?.displayName ?? ev.target,
          type: ev.targetType,
          userPrincipalName: targetUser?.userPrincipalName ?? null,
          modifiedProperties: ev.via
            ? [
                {
                  displayName:
                    ev.targetType === 'Role' || ev.activity.includes('role') ? 'Role.DisplayName' : 'Group.DisplayName',
                  oldValue: null,
                  newValue: JSON.stringify(ev.via),
                },
              ]
            : [],
        },
      ],
    });
  });
  w.signIns.sort((a, b) => a.at - b.at);
  w.audits.sort((a, b) => a.at - b.at);
  ingest(w);
  return w;
}

function methodRec(
  w: World,
  m: Scenario['users'][number]['methods'][number],
  t: (r: string) => string,
  upn: string,
  j: number,
): AuthMethodRec {
  switch (m.type) {
    case 'fido2':
      return {
        kind: 'fido2',
        id: m.id ?? nameGuid('fido2', `${upn}#${j}`),
        displayName: m.displayName,
        model: m.model,
        aaGuid: m.aaGuid.toLowerCase(),
        attestationLevel: m.attestationLevel,
        createdDateTime: t(m.created),
        passkeyType: m.passkeyType,
      };
    case 'phone':
      return {
        kind: 'phone',
        id: PHONE_METHOD_IDS[m.phoneType]!,
        phoneNumber: m.phoneNumber,
        phoneType: m.phoneType,
        smsSignInState: m.smsSignInState,
      };
    case 'microsoftAuthenticator':
      return {
        kind: 'microsoftAuthenticator',
        id: w.ids.guid(),
        displayName: m.displayName,
        deviceTag: m.deviceTag,
        createdDateTime: t(m.created),
      };
    case 'email':
      return { kind: 'email', id: '3ddfcfc8-9383-446f-83cc-3ab9be4be18f', emailAddress: m.emailAddress };
    case 'softwareOath':
      return { kind: 'softwareOath', id: w.ids.guid(), secretKey: null };
    case 'windowsHelloForBusiness':
      return {
        kind: 'windowsHelloForBusiness',
        id: nameGuid('whfb', `${upn}#${j}`),
        displayName: m.displayName,
        keyStrength: m.keyStrength,
        createdDateTime: t(m.created),
      };
    case 'platformCredential':
      return {
        kind: 'platformCredential',
        id: nameGuid('platformcred', `${upn}#${j}`),
        displayName: m.displayName,
        keyStrength: m.keyStrength,
        platform: 'macOS',
        createdDateTime: t(m.created),
      };
    case 'qrCodePin':
      return { kind: 'qrCodePin', id: nameGuid('qrcodepin', `${upn}#${j}`), createdDateTime: t(m.created) };
    case 'external':
      return {
        kind: 'external',
        id: nameGuid('external', `${upn}#${j}`),
        displayName: m.displayName,
        configurationId: m.configurationId,
        createdDateTime: t(m.created),
      };
    case 'x509Certificate':
      return {
        kind: 'x509Certificate',
        id: nameGuid('x509', `${upn}#${j}`),
        displayName: m.displayName,
        createdDateTime: t(m.created),
      };
    case 'hardwareOath':
      return {
        kind: 'hardwareOath',
        id: nameGuid('hwoath', `${upn}#${j}`),
        displayName: m.displayName,
        serialNumber: m.serialNumber,
        manufacturer: m.manufacturer,
        createdDateTime: t(m.created),
      };
    case 'temporaryAccessPass':
      // The scenario's TAP has no known pass (nobody holds it): it can be seen and deleted, not used.
      return {
        kind: 'temporaryAccessPass',
        id: w.ids.guid(),
        createdDateTime: t(m.created),
        startDateTime: t(m.created),
        lifetimeInMinutes: m.lifetimeInMinutes,
        isUsableOnce: m.isUsableOnce,
        _passHash: null,
        _used: false,
      };
  }
}
