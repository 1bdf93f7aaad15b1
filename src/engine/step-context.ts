/**
 * What a step kind gets to work with (StepContext, core/step.ts): its resolved config and arguments, the
 * operator, the tenant session of its identity, the vault, and the journal calls it may make — each bound
 * to this step instance, so what it records is filed under it.
 */
import type { Scope } from '../expr/index.js';
import type { RunbookStep } from '../core/runbook.js';
import type { SecretVault } from '../core/action.js';
import type { Signer, StepContext } from '../core/step.js';
import type { EngineEvent, OperatorPort } from '../core/events.js';
import type { JournalData } from '../core/journal-types.js';
import type { IdentitySessions } from './identity-sessions.js';
import type { RunCore } from './run-core.js';
import type { MemoryVault } from './vault.js';

/** The run's parts a step context is bound to. */
export interface StepContextParts {
  run: RunCore;
  /** What steps ask through (forms remembered on retry, ./form-memory.ts). */
  operator: OperatorPort;
  sessions: IdentitySessions;
  vault: MemoryVault;
  /** Secrets an earlier process made and this one has not made again: vault name → who made it. */
  lost: Map<string, JournalData['secret-kept']>;
  signers: Signer[];
}

export function stepContext(
  parts: StepContextParts,
  step: RunbookStep,
  instanceId: string,
  config: unknown,
  args: Record<string, unknown>,
  scope: Scope,
): StepContext<unknown> {
  const { run } = parts;
  const ctx: StepContext<unknown> = {
    runbook: run.runbook,
    step,
    instanceId,
    config,
    args,
    catalog: run.opts.catalog,
    operator: parts.operator,
    tenant: () => parts.sessions.tenantFor(step, instanceId, scope),
    secrets: vaultFor(parts, instanceId),
    journal: {
      intent: async (d) => run.write('intent', { instanceId, ...d }),
      outcome: async (d) => run.write('outcome', { instanceId, ...d }),
      secretShown: async (d) => run.write('secret-shown', { instanceId, ...d }),
      answer: async (prompt, value) => run.write('answer', { instanceId, prompt, value }),
      signoff: async (d) => run.write('signoff', { instanceId, ...d }),
    },
    progress: (message, fraction, deadline) => {
      const e: EngineEvent = { type: 'step-progress', instanceId, message };
      if (fraction !== undefined) e.fraction = Math.max(0, Math.min(1, fraction));
      if (deadline) e.deadline = deadline.toISOString();
      run.emit(e);
    },
    log: (level, message) => run.emit({ type: 'step-log', instanceId, level, message }),
    signal: run.abort.signal,
    clock: run.clock,
    signers: {
      add: (s) => {
        const i = parts.signers.findIndex((x) => x.role === s.role);
        if (i >= 0) parts.signers.splice(i, 1, s);
        else parts.signers.push(s);
      },
    },
  };
  if (run.practice && run.opts.practiceHooks) ctx.practice = run.opts.practiceHooks;
  if (run.opts.signingKeys) ctx.signingKeys = run.opts.signingKeys;
  return ctx;
}

/** The vault as one step instance sees it: what it puts is journaled by name and fingerprint (never the value). */
function vaultFor({ run, vault, lost }: StepContextParts, instanceId: string): SecretVault {
  return {
    put: (name, value) => {
      const fingerprint = vault.put(name, value);
      lost.delete(name);
      run.write('secret-kept', { instanceId, name, fingerprint });
      return fingerprint;
    },
    get: (name) => vault.get(name),
    has: (name) => vault.has(name),
    toJSON: () => vault.toJSON(),
  } as SecretVault;
}
