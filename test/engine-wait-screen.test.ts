/**
 * A wait step tells the person watching what is going on: how long it has waited, when it last
 * checked and what that check found — and leaves the countdown to the deadline to the screen
 * (one countdown, not two in two formats), never "Waiting for Wait for …".
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startRun } from '../src/engine/run.js';
import { ScriptedOperator } from '../src/engine/scripted-operator.js';
import type { AnyQuery } from '../src/core/catalog.js';
import { fakeTenant, fixedClock, runbook, step, testCatalog } from './harness/engine-kit.js';

describe('wait step progress', () => {
  it('says elapsed time, the last check and what it found', async () => {
    let polls = 0;
    const rows: AnyQuery = {
      id: 'test.rows',
      title: 'Wait for the sign-ins to arrive in Log Analytics',
      permissions: {},
      outputs: ['done'],
      args: z.strictObject({}),
      run: async () => {
        polls++;
        return polls < 3
          ? { outputs: { done: false }, summary: `${polls - 1} of 2 sign-ins found` }
          : { outputs: { done: true }, summary: 'both sign-ins found' };
      },
    };
    const operator = new ScriptedOperator({});
    const outcome = await startRun({
      catalog: testCatalog().with({ queries: [rows] }),
      runbook: runbook([step('rows', 'wait', { wait: 'test.rows', timeout: 'PT30M', interval: 'PT15S' })]),
      operator,
      tenantFactory: async () => fakeTenant(),
      tenant: { mode: 'practice', label: 'PRACTICE · test' },
      stateDir: mkdtempSync(join(tmpdir(), 'bg-wait-')),
      clock: fixedClock(),
      toolVersion: '0.0.0-test',
    });
    expect(outcome.status).toBe('completed');
    const progress = operator.events.flatMap((e) => (e.type === 'step-progress' ? [e.message] : []));
    expect(progress[0]).toBe(
      'Wait for the sign-ins to arrive in Log Analytics · waited 0s · last check 09:00:00 UTC: 0 of 2 sign-ins found · next in 15s',
    );
    expect(progress[1]).toBe(
      'Wait for the sign-ins to arrive in Log Analytics · waited 15s · last check 09:00:15 UTC: 1 of 2 sign-ins found · next in 15s',
    );
    for (const m of progress) expect(m).not.toMatch(/Waiting for Wait|left/);
  });
});
