/**
 * The tenant sessions of one run: one per identity and resolved spec, signed in lazily at the first step
 * that needs it. A named identity's expression fields are resolved against the scope of that step (its
 * client id and certificate may come from an earlier step's outputs). Each sign-in is journaled (who,
 * never a token); a secret asked for signing in is handed to MSAL and never journaled.
 */
import { resolveString, type Scope } from '../expr/index.js';
import type { IdentitySpec, RunbookStep } from '../core/runbook.js';
import { StepConfigError } from '../core/step-config-error.js';
import type { IdentityRequest, TenantSession } from '../core/tenant.js';
import type { JournalData } from '../core/journal-types.js';
import { describeError, type RunCore } from './run-core.js';

export class IdentitySessions {
  private readonly tenants = new Map<string, Promise<TenantSession>>();
  /** The session each step instance signed in with (for the evidence of a reconciled intent). */
  private readonly sessionOf = new Map<string, TenantSession>();

  constructor(private readonly run: RunCore) {}

  /** The session a step instance signed in with, if it did. */
  of(instanceId: string): TenantSession | undefined {
    return this.sessionOf.get(instanceId);
  }

  /**
   * The session for a step's identity. A named identity's expression fields are
   * resolved NOW, against the scope of the step that needs it — its client id
   * and certificate may come from an earlier step's outputs. One session per
   * identity and resolved spec; each sign-in is journaled (who, never a token).
   */
  async tenantFor(step: RunbookStep, instanceId: string, scope: Scope): Promise<TenantSession> {
    const name = step.identity;
    const spec = name === undefined ? undefined : this.resolveIdentity(name, scope);
    const key = name === undefined ? '' : `${name}\u0000${JSON.stringify(spec)}`;
    let pending = this.tenants.get(key);
    if (!pending) {
      pending = this.signIn(name, spec, instanceId);
      this.tenants.set(key, pending);
      // A failed sign-in is not cached: retry tries again.
      pending.catch(() => this.tenants.delete(key));
    }
    const session = await pending;
    this.sessionOf.set(instanceId, session);
    return session;
  }

  private resolveIdentity(name: string, scope: Scope): IdentitySpec {
    const declared = this.run.runbook.identities[name];
    if (!declared)
      throw new StepConfigError(`identity \`${name}\` is not declared under \`identities:\` in the front matter`, [
        'identity',
      ]);
    const out: IdentitySpec = { name, flow: declared.flow };
    for (const field of [
      'label',
      'clientId',
      'certificatePath',
      'secretEnv',
      'passphraseEnv',
      'practiceUpn',
    ] as const) {
      const raw = declared[field];
      if (raw === undefined) continue;
      let value: unknown;
      try {
        value = resolveString(raw, scope);
      } catch (err) {
        throw new StepConfigError(
          `identity \`${name}\`: ${field} \`${raw}\` cannot be resolved yet (${describeError(err)})`,
          ['identities', name, field],
        );
      }
      if (
        value === undefined ||
        value === null ||
        value === '' ||
        (typeof value !== 'string' && typeof value !== 'number')
      ) {
        throw new StepConfigError(
          `identity \`${name}\`: ${field} \`${raw}\` has no value at this step`,
          ['identities', name, field],
          'An earlier step must produce it first (was it skipped?). Fix the runbook or take the branch that provides it.',
        );
      }
      out[field] = String(value);
    }
    return out;
  }

  private async signIn(
    name: string | undefined,
    spec: IdentitySpec | undefined,
    instanceId: string,
  ): Promise<TenantSession> {
    const request: IdentityRequest = {
      instanceId,
      askSecret: async (label) => {
        // Asked here, answered by the operator, handed to MSAL — and deliberately never journaled.
        const answer = await this.run.opts.operator.ask(
          {
            type: 'form',
            instanceId: `identity.${name ?? 'default'}`,
            title: `Sign in${spec?.label ? ` as ${spec.label}` : ''}`,
            fields: [{ name: 'secret', type: 'string', label, required: true, secret: true }],
          },
          this.run.abort.signal,
        );
        const v = answer['secret'];
        return typeof v === 'string' ? v : '';
      },
      notify: (message) => this.run.emit({ type: 'notice', level: 'info', message }),
      signal: this.run.abort.signal,
    };
    if (name !== undefined) request.name = name;
    if (spec) request.spec = spec;
    const session = await this.run.opts.tenantFactory(name, request);
    const who = await session.identity();
    const rec: JournalData['signed-in'] = {
      tenantId: who.tenantId,
      oid: who.oid,
      kind: who.kind,
      granted: who.granted,
    };
    if (name) rec.identity = name;
    if (who.upn) rec.upn = who.upn;
    if (who.appId) rec.appId = who.appId;
    this.run.write('signed-in', rec);
    const as = spec?.label ? ` (${spec.label})` : '';
    this.run.emit({
      type: 'notice',
      level: 'info',
      message: `Signed in to ${session.label} as ${who.upn ?? who.appId ?? who.oid}${as}`,
    });
    return session;
  }
}
