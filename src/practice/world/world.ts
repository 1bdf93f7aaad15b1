/**
 * The practice world: its state (./world-state.ts) plus the simulations the
 * admin API and the server drive. The simulations live in their own modules
 * and take the state, so they never import this file (no import cycle).
 */
import { registerFido2 } from './methods.js';
import { tick } from './monitoring.js';
import { simulateSignIn, type SimulatedSignIn } from './signins.js';
import type { SignInRec } from './state.js';
import { WorldState } from './world-state.js';
import { workloadPolicyBlocking } from './workload-ca.js';

export class World extends WorldState {
  /** A user's sign-in attempt (fido2 / password …). It shows in logs after the ingestion delay. */
  simulateSignIn(s: SimulatedSignIn): SignInRec {
    return simulateSignIn(this, s);
  }
  /** Register a FIDO2 key with a TAP, as at aka.ms/mysecurityinfo (consumes a one-time TAP). */
  registerFido2(args: {
    upn: string;
    tap: string;
    model?: string;
    aaGuid?: string;
    displayName?: string;
  }): ReturnType<typeof registerFido2> {
    return registerFido2(this, args);
  }
  /** The enforced Conditional Access policy for workload identities that blocks this app's token request, if any. */
  workloadConditionalAccess(appId: string): { id: string; displayName: string } | undefined {
    return workloadPolicyBlocking(this, appId);
  }
  /** Advance log ingestion and alert-rule evaluation to the current simulated time. */
  tick(): void {
    tick(this);
  }
}
