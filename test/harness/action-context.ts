/**
 * An ActionContext connected to a practice tenant through the real MSAL /
 * Graph / ARM clients over TLS, and the emulator's world, for action tests
 * that assert what the tenant holds afterwards.
 */
import { connectPractice, type PracticeConnection } from '../../src/commands/practice-session.js';
import type { ActionContext, SecretVault } from '../../src/core/action.js';

export interface PracticeActionContext {
  ctx: ActionContext;
  conn: PracticeConnection;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions reach into emulator records
  world: any;
  close(): Promise<void>;
}

export async function practiceActionContext(scenario: string): Promise<PracticeActionContext> {
  const conn = await connectPractice({
    scenario,
    scopes: ['https://graph.microsoft.com/.default', 'https://management.azure.com/.default'],
  });
  const store = new Map<string, string>();
  const secrets: SecretVault = {
    put: (n, v) => (store.set(n, v), 'fingerprint'),
    get: (n) => store.get(n),
    has: (n) => store.has(n),
  };
  return {
    ctx: { tenant: conn.session, secrets, signal: new AbortController().signal },
    conn,
    world: conn.server.world,
    close: () => conn.close(),
  };
}

/** Mutating requests the practice tenant has served so far. */
export function mutations(p: PracticeActionContext): number {
  return Object.values(p.conn.server.counters().mutationsByRoute).reduce((a, b) => a + b, 0);
}
