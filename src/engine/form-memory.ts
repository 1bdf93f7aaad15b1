/**
 * A form asked again (a step retried after a failure) comes back filled with
 * what the operator typed last time, so a retry never wipes their entries.
 * Secret fields are never remembered: a passphrase is typed again.
 */
import type { Answer, OperatorPort, Prompt } from '../core/events.js';

export function remembersForms(operator: OperatorPort): OperatorPort {
  const typed = new Map<string, Record<string, unknown>>();
  return {
    emit: (event) => operator.emit(event),
    async ask<P extends Prompt>(prompt: P, signal?: AbortSignal): Promise<Answer<P>> {
      if (prompt.type !== 'form') return operator.ask(prompt, signal);
      const key = `${prompt.instanceId}\u0000${prompt.title}`;
      const last = typed.get(key);
      const asked = last
        ? {
            ...prompt,
            fields: prompt.fields.map((f) =>
              !f.secret && last[f.name] !== undefined ? { ...f, default: last[f.name] } : f,
            ),
          }
        : prompt;
      const answer = (await operator.ask(asked, signal)) as Record<string, unknown>;
      const keep: Record<string, unknown> = {};
      for (const f of prompt.fields) if (!f.secret && answer[f.name] !== undefined) keep[f.name] = answer[f.name];
      typed.set(key, keep);
      return answer as Answer<P>;
    },
  };
}
