/**
 * The reads behind run inputs' `suggest:`, for a person at a terminal: sign in
 * with the run's default identity (the session the run's steps then use — one
 * sign-in, not two) and read each input's source. A failed sign-in or read is
 * returned as the reason, so the form says so and the operator types the value.
 * A scripted run (--answers) is given none: an answers file never meets one.
 */
import { mkdirSync } from 'node:fs';
import type { OperatorPort } from '../core/events.js';
import type { TenantFactory } from '../core/tenant.js';
import type { SuggestInputs } from '../engine/inputs.js';

export function tenantSuggestions(opts: {
  factory: TenantFactory;
  operator: OperatorPort;
  /** The run's folder: a practice tenant started by this sign-in keeps its state there. */
  runDir?: string;
}): SuggestInputs {
  return async (inputs) => {
    const names = inputs.map((f) => f.label || f.name).join('; ');
    opts.operator.emit({
      type: 'notice',
      level: 'info',
      message: `Signing in to read what the tenant suggests for: ${names}. You choose; nothing is filled in for you.`,
    });
    if (opts.runDir) mkdirSync(opts.runDir, { recursive: true });
    const controller = new AbortController();
    const session = await opts.factory(undefined, {
      instanceId: 'inputs',
      askSecret: async (label) => {
        const a = await opts.operator.ask({
          type: 'form',
          instanceId: 'identity.default',
          title: 'Sign in',
          fields: [{ name: 'secret', type: 'string', label, required: true, secret: true }],
        });
        return typeof a['secret'] === 'string' ? a['secret'] : '';
      },
      notify: (message) => opts.operator.emit({ type: 'notice', level: 'info', message }),
      signal: controller.signal,
    });
    const { readSuggestions } = await import('../queries/input-suggestions.js');
    const out: Awaited<ReturnType<SuggestInputs>> = {};
    for (const f of inputs) {
      try {
        out[f.name] = { suggestions: await readSuggestions(session, f.suggest!, f.type) };
      } catch (err) {
        out[f.name] = { error: err instanceof Error ? err.message : String(err) };
      }
    }
    return out;
  };
}
