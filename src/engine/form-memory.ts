/**
 * A form asked again (a step retried after a failure) comes back filled with
 * what the operator typed last time, so a retry never wipes their entries.
 * Secret fields are never remembered: a passphrase is typed again.
 *
 * A sign-off asked again comes back with every signer as entered (names, key
 * files and passphrases, in this process's memory only — where the report
 * writer holds them anyway): neither signer is cleared by a retry.
 */
import type { Answer, OperatorPort, Prompt } from '../core/events.js';

export function remembersForms(operator: OperatorPort): OperatorPort {
  const typed = new Map<string, Record<string, unknown>>();
  const signed = new Map<string, Answer<Extract<Prompt, { type: 'signoff' }>>['signers']>();
  return {
    emit: (event) => operator.emit(event),
    async ask<P extends Prompt>(prompt: P, signal?: AbortSignal): Promise<Answer<P>> {
      if (prompt.type === 'signoff') {
        const last = signed.get(prompt.instanceId);
        const asked = last && !prompt.filled ? { ...prompt, filled: last } : prompt;
        const answer = (await operator.ask(asked, signal)) as Answer<Extract<Prompt, { type: 'signoff' }>>;
        signed.set(prompt.instanceId, answer.signers);
        return answer as Answer<P>;
      }
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
