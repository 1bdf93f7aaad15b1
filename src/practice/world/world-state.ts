/**
 * The practice tenant's World: directory, policies, methods, apps, logs and
 * monitoring of one simulated Entra tenant, plus the simulation that moves
 * it (sign-ins, FIDO2 registration, log ingestion, alert evaluation).
 *
 * Domain operations live in sibling modules (directory.ts, methods.ts,
 * signins.ts, monitoring.ts); this class owns the state and the clock and
 * is what routes and the server's identity layer receive.
 */
import type { NamedLocationRec } from './state.js';
import { X509Certificate, createHash } from 'node:crypto';
import { IdSource } from './ids.js';
import { SimClock } from './time.js';
import { WorldError } from './errors.js';
import { GRAPH_APP_ROLES, MS_GRAPH_APP_ID, graphAppRoleName, roleNameById } from './catalog.js';
import type {
  Actor,
  AdministrativeUnitRec,
  AppRoleAssignmentRec,
  ApplicationRec,
  ArmResource,
  AuditRec,
  GroupRec,
  MutationRec,
  NotificationRec,
  RoleAssignmentRec,
  RoleEligibilityRec,
  ServicePrincipalRec,
  SignInRec,
  SpSignInRec,
  UserRec,
} from './state.js';

export interface WorldOptions {
  /** Simulated seconds per real second (default 1). */
  timeScale?: number;
  /** Real-time source (tests inject a fake). */
  now?: () => Date;
  /** Seed for generated ids. */
  seed?: number;
  /** Override the scenario's log ingestion delay (simulated seconds). */
  ingestionDelaySeconds?: number;
}

export interface FoundApplication {
  appId: string;
  displayName: string;
  secrets: string[];
  secretCredentials: { keyId: string; value: string; startMs: number; endMs: number }[];
  certificates: { thumbprintSha256: string; pem: string; keyId: string; startMs: number; endMs: number }[];
  /** Graph application permissions granted (admin consent) to the app's service principal. */
  appRoles: string[];
  /** Directory roles held by its service principal (e.g. Global Administrator). */
  directoryRoles: string[];
  /** The same roles as template ids (the `wids` claim of its app-only tokens). */
  directoryRoleIds: string[];
  servicePrincipalId?: string;
  isPublicClient: boolean;
  federatedIdentityCredentials: { name: string; issuer: string; subject: string; audiences: string[] }[];
}

interface MemberIndex {
  /** Each group's member list as indexed, and its length then. */
  lists: Map<GroupRec, { list: string[]; length: number }>;
  byMember: Map<string, GroupRec[]>;
}
const memberIndexes = new WeakMap<object, MemberIndex>();

/** The practice world's data and lookups; the simulations that change it are in ./world.ts. */
export class WorldState {
  readonly ids: IdSource;
  readonly clock: SimClock;
  tenantId = '';
  displayName = '';
  initialDomain = '';
  scenarioName = '';
  createdDateTime = '';
  /** Licences the tenant holds (P1, P2, governance, workload-identities): they decide what licensed features answer. */
  licences: string[] = ['P1', 'P2'];
  /**
   * Azure scopes that exist (ARM ids, as given): the scenario's subscription, the tenant root management
   * group and the scenario's other management groups. Role assignments can be made at these.
   */
  azureScopes: string[] = [];
  /** Named locations (ipNamedLocation) Conditional Access policies refer to by id (./workload-ca.ts). */
  namedLocations: NamedLocationRec[] = [];
  /** The address the token endpoint sees for client-credentials requests (scenario simulation.servicePrincipalSignInIp). */
  servicePrincipalSignInIp = '127.0.0.1';
  /** The break-glass set-up the scenario declares (accounts as full UPNs), if any. */
  declaredBreakGlass?: { accounts: string[]; group?: string; workspace?: string; emergencyApp?: string };
  domains: {
    id: string;
    authenticationType: 'Managed' | 'Federated';
    isDefault: boolean;
    isInitial: boolean;
    isVerified: boolean;
    isRoot: boolean;
    supportedServices: string[];
  }[] = [];
  operatorUpn = '';
  ingestionDelayMs = 120_000;

  readonly users = new Map<string, UserRec>();
  /** lower-case UPN → id */
  readonly upnIndex = new Map<string, string>();
  readonly groups = new Map<string, GroupRec>();
  readonly administrativeUnits = new Map<string, AdministrativeUnitRec>();
  readonly roleAssignments = new Map<string, RoleAssignmentRec>();
  readonly roleEligibilities = new Map<string, RoleEligibilityRec>();
  readonly roleAssignmentRequests = new Map<string, Record<string, unknown>>();
  readonly caPolicies = new Map<string, Record<string, unknown>>();
  securityDefaults = {
    id: '00000000-0000-0000-0000-000000000005',
    displayName: 'Security Defaults',
    description:
      'Security defaults is a set of basic identity security mechanisms recommended by Microsoft. When enabled, these recommendations will be automatically enforced in your organization.',
    isEnabled: false,
  };
  authMethodsPolicy: { lastModifiedDateTime: string; configurations: Record<string, unknown>[] } = {
    lastModifiedDateTime: '',
    configurations: [],
  };
  readonly applications = new Map<string, ApplicationRec>();
  readonly servicePrincipals = new Map<string, ServicePrincipalRec>();
  readonly appRoleAssignments = new Map<string, AppRoleAssignmentRec>();
  readonly accessReviews = new Map<string, Record<string, unknown>>();
  readonly signIns: SignInRec[] = [];
  readonly spSignIns: SpSignInRec[] = [];
  readonly audits: AuditRec[] = [];
  /** ARM resources by lower-cased resource id. */
  readonly arm = new Map<string, ArmResource>();
  /** Log Analytics tables: workspace customerId → table name → rows. */
  readonly tables = new Map<string, Map<string, Record<string, unknown>[]>>();
  readonly mutations: MutationRec[] = [];
  readonly notifications: NotificationRec[] = [];
  /** Alert-rule evaluation bookkeeping: rule id → last evaluated window end (sim ms). */
  readonly ruleCursor = new Map<string, number>();
  incidentCounter = 0;
  /** Bumped on every state change routes can observe (mutations, ingestion): lets routes cache serialized views. */
  changeCounter = 0;

  constructor(opts: WorldOptions = {}, simStart?: Date) {
    this.ids = new IdSource(opts.seed ?? 1);
    this.clock = new SimClock(opts.now, opts.timeScale ?? 1, simStart);
  }

  // ---------- simulation ----------

  /**
   * An app-only sign-in (client credentials), for the server's token endpoint
   * to call on every grant attempt, successful or not: it lands in
   * AADServicePrincipalSignInLogs after the ingestion delay.
   */
  recordServicePrincipalSignIn(args: {
    appId: string;
    credentialType?: SpSignInRec['credentialType'];
    resource?: 'graph' | 'logs' | 'arm';
    fail?: boolean;
    errorCode?: number;
    failureReason?: string;
    ipAddress?: string;
    /** When it happened (ms), for a scenario's history; default now. */
    at?: number;
    /** The key the client presented (keyCredentials / passwordCredentials keyId), when known. */
    credentialKeyId?: string;
    /** SHA-1 thumbprint of the certificate presented, when one was. */
    credentialThumbprint?: string;
  }): SpSignInRec {
    const now = args.at ?? this.clock.nowMs();
    const sp = this.servicePrincipalByAppId(args.appId);
    const app = this.applicationByAppId(args.appId);
    const resource = args.resource ?? 'graph';
    const res = {
      graph: ['00000003-0000-0000-c000-000000000000', 'Microsoft Graph'],
      logs: ['ca7f3f0b-7d91-482c-8e09-c5d840d0eac5', 'Log Analytics API'],
      arm: ['797f4846-ba00-4fd7-ba43-dac1f8f63013', 'Windows Azure Service Management API'],
    }[resource];
    const failed = args.fail === true || !sp;
    const rec: SpSignInRec = {
      id: this.ids.guid(),
      at: now,
      ingestAt: now + this.ingestionDelayMs,
      ingested: false,
      appId: args.appId,
      servicePrincipalId: sp?.id ?? '',
      displayName: app?.displayName ?? sp?.displayName ?? '',
      credentialType: args.credentialType ?? 'clientSecret',
      // The key actually presented (ServicePrincipalCredentialKeyId, "the key id of the service principal
      // that initiated the sign-in": https://learn.microsoft.com/azure/azure-monitor/reference/tables/aadserviceprincipalsigninlogs).
      // Never a guess: unknown stays empty.
      credentialKeyId: args.credentialKeyId ?? '',
      credentialThumbprint: args.credentialThumbprint ?? '',
      resourceAppId: res[0]!,
      resourceDisplayName: res[1]!,
      ipAddress: args.ipAddress ?? this.servicePrincipalSignInIp,
      errorCode: failed ? (args.errorCode ?? (sp ? 7000215 : 700016)) : 0,
      failureReason: failed
        ? (args.failureReason ?? (sp ? 'Invalid client secret provided.' : 'Application not found in the directory.'))
        : '',
    };
    this.spSignIns.push(rec);
    return rec;
  }

  // ---------- lookups ----------

  nowIso(): string {
    return this.clock.iso();
  }

  user(idOrUpn: string): UserRec | undefined {
    const byId = this.users.get(idOrUpn.toLowerCase());
    if (byId) return byId;
    const id = this.upnIndex.get(idOrUpn.toLowerCase());
    return id ? this.users.get(id) : undefined;
  }

  requireUser(idOrUpn: string): UserRec {
    const u = this.user(idOrUpn);
    if (!u)
      throw new WorldError(
        404,
        'Request_ResourceNotFound',
        `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`,
      );
    return u;
  }

  group(id: string): GroupRec | undefined {
    return this.groups.get(id.toLowerCase());
  }

  groupByName(name: string): GroupRec | undefined {
    for (const g of this.groups.values()) if (g.displayName.toLowerCase() === name.toLowerCase()) return g;
    return undefined;
  }

  requireGroup(id: string): GroupRec {
    const g = this.group(id);
    if (!g)
      throw new WorldError(
        404,
        'Request_ResourceNotFound',
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      );
    return g;
  }

  servicePrincipalByAppId(appId: string): ServicePrincipalRec | undefined {
    for (const sp of this.servicePrincipals.values()) if (sp.appId.toLowerCase() === appId.toLowerCase()) return sp;
    return undefined;
  }

  applicationByAppId(appId: string): ApplicationRec | undefined {
    for (const a of this.applications.values()) if (a.appId.toLowerCase() === appId.toLowerCase()) return a;
    return undefined;
  }

  /** Any directory object by id: what `directoryObjects/{id}` resolves to. */
  directoryObject(
    id: string,
  ):
    | { type: 'user'; obj: UserRec }
    | { type: 'group'; obj: GroupRec }
    | { type: 'servicePrincipal'; obj: ServicePrincipalRec }
    | undefined {
    const k = id.toLowerCase();
    const u = this.users.get(k);
    if (u) return { type: 'user', obj: u };
    const g = this.groups.get(k);
    if (g) return { type: 'group', obj: g };
    const sp = this.servicePrincipals.get(k);
    if (sp) return { type: 'servicePrincipal', obj: sp };
    return undefined;
  }

  objectDisplayName(id: string): string {
    const o = this.directoryObject(id);
    return o ? o.obj.displayName : id;
  }

  /**
   * Member id → the groups it is a direct member of: built from every group's
   * `_members` on first use, so a lookup is not a scan of every group's
   * member list (200 groups × 250 members in the 50 000-user tenant, on every
   * CA policy of every What-If). It is rebuilt after membersChanged() (which
   * every membership change in directory.ts calls), and as a guard when a
   * group was added or removed or a member list was replaced or changed in
   * length (the scenario builders push members directly).
   * Kept beside the world (memberIndexes), not in it: a cache, not data, so persist.ts does not save it.
   */
  membersChanged(): void {
    memberIndexes.delete(this);
  }

  private membershipIndex(): Map<string, GroupRec[]> {
    const idx = memberIndexes.get(this);
    if (idx && idx.lists.size === this.groups.size) {
      let fresh = true;
      for (const g of this.groups.values()) {
        const seen = idx.lists.get(g);
        if (!seen || seen.list !== g._members || seen.length !== g._members.length) {
          fresh = false;
          break;
        }
      }
      if (fresh) return idx.byMember;
    }
    const lists = new Map<GroupRec, { list: string[]; length: number }>();
    const byMember = new Map<string, GroupRec[]>();
    for (const g of this.groups.values()) {
      lists.set(g, { list: g._members, length: g._members.length });
      for (const m of new Set(g._members)) {
        const of = byMember.get(m);
        if (of) of.push(g);
        else byMember.set(m, [g]);
      }
    }
    memberIndexes.set(this, { lists, byMember });
    return byMember;
  }

  /** Groups a principal is a direct member of (in the order of the groups map). */
  directGroupsOf(principalId: string): GroupRec[] {
    return [...(this.membershipIndex().get(principalId) ?? [])];
  }

  /** Groups a principal belongs to, directly or through nested groups. */
  transitiveGroupsOf(principalId: string): GroupRec[] {
    const seen = new Set<string>();
    const queue = [principalId];
    const out: GroupRec[] = [];
    while (queue.length) {
      const id = queue.shift()!;
      for (const g of this.directGroupsOf(id)) {
        if (seen.has(g.id)) continue;
        seen.add(g.id);
        out.push(g);
        queue.push(g.id);
      }
    }
    return out;
  }

  /** Every member of a group, expanding nested groups (nested groups are listed too, like Graph). */
  transitiveMembers(groupId: string): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    const walk = (gid: string): void => {
      const g = this.group(gid);
      if (!g) return;
      for (const m of g._members) {
        if (seen.has(m)) continue;
        seen.add(m);
        out.push(m);
        if (this.groups.has(m)) walk(m);
      }
    };
    walk(groupId);
    return out;
  }

  /** Active (not expired) role assignments, as of now. */
  activeAssignments(): RoleAssignmentRec[] {
    const now = this.clock.nowMs();
    return [...this.roleAssignments.values()].filter((a) => a.endDateTime === null || Date.parse(a.endDateTime) > now);
  }

  /** Role template ids a principal holds actively, directly or via role-assignable groups. */
  activeRoleIdsOf(principalId: string): string[] {
    const principals = new Set([
      principalId,
      ...this.transitiveGroupsOf(principalId)
        .filter((g) => g.isAssignableToRole)
        .map((g) => g.id),
    ]);
    return [
      ...new Set(
        this.activeAssignments()
          .filter((a) => principals.has(a.principalId))
          .map((a) => a.roleDefinitionId),
      ),
    ];
  }

  // ---------- identity layer (used by the server's token endpoint) ----------

  findApplication(clientId: string): FoundApplication | undefined {
    const app = this.applicationByAppId(clientId);
    if (!app) return undefined;
    const sp = this.servicePrincipalByAppId(clientId);
    const graphSp = this.servicePrincipalByAppId(MS_GRAPH_APP_ID);
    const appRoles = sp
      ? [...this.appRoleAssignments.values()]
          .filter((a) => a.principalId === sp.id && (!graphSp || a.resourceId === graphSp.id))
          .map((a) => graphAppRoleName(a.appRoleId))
          .filter((x): x is string => !!x)
      : [];
    return {
      appId: app.appId,
      displayName: app.displayName,
      secrets: app.passwordCredentials
        .filter((c) => Date.parse(c.endDateTime) > this.clock.nowMs())
        .map((c) => c._secret),
      // Expired and not-yet-valid ones too: the token endpoint tells them apart from unknown ones.
      secretCredentials: app.passwordCredentials.map((c) => ({
        keyId: c.keyId,
        value: c._secret,
        startMs: Date.parse(c.startDateTime),
        endMs: Date.parse(c.endDateTime),
      })),
      certificates: app.keyCredentials
        // A credential known only by its metadata has no certificate to verify an assertion against.
        .filter((k) => k.usage === 'Verify' && k._pem !== undefined && k._thumbprintSha256 !== undefined)
        .map((k) => ({
          thumbprintSha256: k._thumbprintSha256!,
          pem: k._pem!,
          keyId: k.keyId,
          startMs: Date.parse(k.startDateTime),
          endMs: Date.parse(k.endDateTime),
        })),
      appRoles: [...new Set(appRoles)],
      directoryRoles: sp ? this.activeRoleIdsOf(sp.id).map((r) => roleNameById(r) ?? r) : [],
      directoryRoleIds: sp ? this.activeRoleIdsOf(sp.id) : [],
      servicePrincipalId: sp?.id,
      isPublicClient: app.isFallbackPublicClient,
      federatedIdentityCredentials: [...(app._federatedIdentityCredentials ?? [])],
    };
  }

  /** The tenant's "now": the token endpoint judges credential validity on the simulated clock. */
  nowMs(): number {
    return this.clock.nowMs();
  }

  /** The operator's identity and consented scopes for a public client. */
  delegatedSignIn(clientId: string): { oid: string; upn: string; displayName: string; scopes: string[] } | undefined {
    const app = this.applicationByAppId(clientId);
    const op = this.user(this.operatorUpn);
    if (!app || !op) return undefined;
    return { oid: op.id, upn: op.userPrincipalName, displayName: op.displayName, scopes: [...app._delegatedScopes] };
  }

  // ---------- bookkeeping ----------

  actorName(a: Actor): string {
    return a.name;
  }

  /** Record a mutation and the directory audit event Entra would write for it. */
  audit(
    actor: Actor,
    activity: string,
    category: string,
    targets: AuditRec['targetResources'],
    operationType = 'Update',
  ): void {
    const at = this.clock.nowMs();
    this.changeCounter++;
    this.mutations.push({
      at: new Date(at).toISOString(),
      actor: actor.name,
      operation: activity,
      target: targets.map((t) => t.displayName).join(', '),
    });
    this.audits.push({
      id: this.ids.guid(),
      at,
      ingestAt: at + this.ingestionDelayMs,
      ingested: false,
      category,
      activityDisplayName: activity,
      operationType,
      result: 'success',
      initiatedBy:
        actor.kind === 'user'
          ? {
              user: {
                id: actor.id,
                userPrincipalName: actor.name,
                displayName: this.user(actor.id)?.displayName ?? actor.name,
              },
              app: null,
            }
          : {
              user: null,
              app: { appId: actor.appId ?? actor.id, displayName: actor.name, servicePrincipalId: actor.id },
            },
      targetResources: targets,
    });
  }

  userTarget(
    u: UserRec,
    modified: { displayName: string; oldValue: string | null; newValue: string | null }[] = [],
  ): AuditRec['targetResources'][number] {
    return {
      id: u.id,
      displayName: u.displayName,
      type: 'User',
      userPrincipalName: u.userPrincipalName,
      modifiedProperties: modified,
    };
  }

  /** Register a certificate on an application (keyCredentials); returns its SHA-256 thumbprint (hex). */
  addCertificate(app: ApplicationRec, certData: string | Buffer, displayName = 'certificate'): string {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(certData);
    } catch {
      throw new WorldError(
        400,
        'KeyCredentialsInvalidValue',
        'Key credential value is invalid: key must be a Base64-encoded X.509 certificate (DER, or the text of a PEM file).',
      );
    }
    const pem = cert.toString();
    const thumbprintSha256 = createHash('sha256').update(cert.raw).digest('hex');
    const sha1 = createHash('sha1').update(cert.raw).digest('hex').toUpperCase();
    app.keyCredentials.push({
      keyId: this.ids.guid(),
      displayName,
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      startDateTime: new Date(cert.validFrom).toISOString(),
      endDateTime: new Date(cert.validTo).toISOString(),
      customKeyIdentifier: sha1,
      _pem: pem,
      _thumbprintSha256: thumbprintSha256,
    });
    return thumbprintSha256;
  }

  /** The Microsoft Graph service principal every tenant has (resource of app role assignments). */
  ensureGraphServicePrincipal(): ServicePrincipalRec {
    const existing = this.servicePrincipalByAppId(MS_GRAPH_APP_ID);
    if (existing) return existing;
    const sp: ServicePrincipalRec = {
      id: this.ids.guid(),
      appId: MS_GRAPH_APP_ID,
      displayName: 'Microsoft Graph',
      servicePrincipalType: 'Application',
      accountEnabled: true,
      appRoles: Object.entries(GRAPH_APP_ROLES).map(([value, id]) => ({
        id,
        value,
        displayName: value,
        allowedMemberTypes: ['Application'],
        isEnabled: true,
        description: value,
      })),
      createdDateTime: this.createdDateTime,
    };
    this.servicePrincipals.set(sp.id, sp);
    return sp;
  }

  // ---------- ARM helpers ----------

  armGet(id: string): ArmResource | undefined {
    return this.arm.get(id.toLowerCase());
  }
  armPut(r: ArmResource): ArmResource {
    this.arm.set(r.id.toLowerCase(), r);
    return r;
  }
  armList(predicate: (r: ArmResource) => boolean): ArmResource[] {
    return [...this.arm.values()].filter(predicate);
  }

  workspaceTables(customerId: string): Map<string, Record<string, unknown>[]> {
    let t = this.tables.get(customerId.toLowerCase());
    if (!t) {
      t = new Map();
      this.tables.set(customerId.toLowerCase(), t);
    }
    return t;
  }

  workspaceByCustomerId(customerId: string): ArmResource | undefined {
    for (const r of this.arm.values())
      if (
        r.type === 'Microsoft.OperationalInsights/workspaces' &&
        String(r.properties.customerId).toLowerCase() === customerId.toLowerCase()
      )
        return r;
    return undefined;
  }
}
