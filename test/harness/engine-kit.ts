/**
 * Test kit for engine tests: build Runbook objects directly (no parser
 * needed), an in-process tenant stand-in for our own TenantSession interface
 * (the test actions below keep their "tenant state" in memory or a file), and
 * a scripted operator that can quit at a chosen prompt.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AnyAction, Catalog } from '../../src/core/catalog.js';
import { builtInCatalog } from '../../src/steps/catalog.js';
import type { Action } from '../../src/core/action.js';
import { OperatorQuit, type Answer, type Prompt } from '../../src/core/events.js';
import {
  ScriptedOperator,
  type AnswersFile,
  type ScriptedOperatorOptions,
} from '../../src/engine/scripted-operator.js';
import type { Runbook, RunbookStep, StepKindName } from '../../src/core/runbook.js';
import { TenantError, type TenantSession } from '../../src/core/tenant.js';

export function step(
  id: string,
  kind: StepKindName,
  config: Record<string, unknown> = {},
  extra: Partial<RunbookStep> = {},
): RunbookStep {
  return {
    id,
    title: extra.title ?? `Step ${id}`,
    prose: extra.prose ?? `Do ${id}.`,
    kind,
    config,
    with: extra.with ?? {},
    children: extra.children ?? [],
    pos: { heading: { line: 1, col: 1 } },
    ...(extra.when !== undefined ? { when: extra.when } : {}),
    ...(extra.foreach ? { foreach: extra.foreach } : {}),
    ...(extra.identity ? { identity: extra.identity } : {}),
  };
}

export function runbook(steps: RunbookStep[], opts: Partial<Runbook> & { text?: string } = {}): Runbook {
  const text = opts.text ?? `# test runbook\n${JSON.stringify(steps)}`;
  return {
    id: opts.id ?? 'engine-test',
    title: opts.title ?? 'Engine test',
    version: '1.0.0',
    summary: '',
    audience: [],
    readOnly: false,
    permissions: { graph: [], arm: [], logs: [] },
    inputs: opts.inputs ?? {},
    signoff: [],
    identities: {},
    steps,
    source: { path: '/fixtures/engine-test.md', sha256: createHash('sha256').update(text).digest('hex'), text },
  };
}

/** Our own TenantSession interface, implemented in memory: test actions keep their state elsewhere. */
export function fakeTenant(label = 'TEST TENANT'): TenantSession {
  const unreachable = () => {
    throw new Error('this test tenant has no Graph/Logs/ARM');
  };
  return {
    mode: 'practice',
    label,
    graph: { root: 'https://graph.microsoft.com', request: unreachable, list: unreachable, batch: unreachable },
    logs: { query: unreachable },
    arm: { request: unreachable },
    identity: async () => ({
      tenantId: '11111111-1111-1111-1111-111111111111',
      oid: '22222222-2222-2222-2222-222222222222',
      upn: 'operator@test.onmicrosoft.com',
      kind: 'user',
      granted: [],
    }),
    drainEvidence: () => [],
  };
}

export function unreachableTenant(): Promise<TenantSession> {
  return Promise.reject(
    new TenantError('login', 0, 'network', {
      what: 'Cannot reach login.microsoftonline.com',
      cause: 'the network is down',
      todo: 'Check the connection, or override to go on',
    }),
  );
}

/** In-memory "tenant state" for the test actions. */
export const world = { items: new Set<string>(), applied: [] as string[], failNext: 0 };

export function resetWorld(): void {
  world.items.clear();
  world.applied.length = 0;
  world.failNext = 0;
}

/** The built-in catalogue plus the test actions below (test.add, test.del, test.seal). */
export function testCatalog(): Catalog {
  return builtInCatalog().with({ actions: testActions() });
}

/** test.add: adds an item; idempotent via preview; applies are counted. */
function testActions(): AnyAction[] {
  const add: Action<{ item: string }> = {
    id: 'test.add',
    title: 'Add a test item',
    permissions: { graph: ['Test.ReadWrite'] },
    destructive: false,
    risk: 'change',
    outputs: ['id'],
    args: z.object({ item: z.string().min(1) }),
    key: (a) => `item:${a.item}`,
    async preview(a) {
      return {
        actionId: 'test.add',
        summary: `Add ${a.item}`,
        target: { type: 'item', name: a.item },
        alreadyDone: world.items.has(a.item),
        destructive: false,
      };
    },
    async apply(a) {
      if (world.failNext > 0) {
        world.failNext--;
        throw new TenantError('graph', 503, 'serviceUnavailable', {
          what: `Adding ${a.item} failed`,
          cause: 'Graph returned 503',
          todo: 'Retry later',
          requestId: 'req-503',
        });
      }
      world.applied.push(a.item);
      world.items.add(a.item);
      return { outputs: { id: `id-${a.item}` } };
    },
    async reconcile(a) {
      return world.items.has(a.item) ? { applied: true, outputs: { id: `id-${a.item}` } } : { applied: false };
    },
  };
  const del: Action<{ item: string }> = {
    ...(add as Action<{ item: string }>),
    id: 'test.delete',
    title: 'Delete a test item',
    destructive: true,
    outputs: [],
    key: (a) => `del:${a.item}`,
    async preview(a) {
      return {
        actionId: 'test.delete',
        summary: `Delete ${a.item}`,
        target: { type: 'item', name: a.item },
        alreadyDone: !world.items.has(a.item),
        destructive: true,
        confirmText: a.item,
      };
    },
    async apply(a) {
      world.items.delete(a.item);
      world.applied.push(`-${a.item}`);
      return { outputs: {} };
    },
    async reconcile(a) {
      return { applied: !world.items.has(a.item) };
    },
  };
  // test.seal: stores "sealed:<secret fingerprint>" as an item; reads the secret from the vault (like user.setPassword).
  const seal: Action<{ secret: string }> = {
    ...(add as unknown as Action<{ secret: string }>),
    id: 'test.seal',
    title: 'Seal with a secret',
    args: z.object({ secret: z.string().min(1) }),
    key: (a) => `seal:${a.secret}`,
    secretsUsed: (a) => [a.secret],
    async preview(a) {
      return {
        actionId: 'test.seal',
        summary: `Seal with ${a.secret}`,
        target: { type: 'item', name: a.secret },
        alreadyDone: false,
        destructive: false,
      };
    },
    async apply(a, ctx) {
      const value = ctx.secrets.get(a.secret);
      if (value === undefined) throw new Error(`the secret "${a.secret}" is not in memory`);
      world.applied.push(`seal:${value}`);
      return { outputs: {} };
    },
    async reconcile() {
      return { applied: false };
    },
  };
  return [add, del, seal] as AnyAction[];
}

/** A scripted operator that throws OperatorQuit at the first prompt matching `quitAt`. */
export class QuittingOperator extends ScriptedOperator {
  constructor(
    file: AnswersFile,
    private readonly quitAt: (p: Prompt, n: number) => boolean,
    options: ScriptedOperatorOptions = {},
  ) {
    super(file, options);
  }
  private n = 0;
  override async ask<P extends Prompt>(prompt: P): Promise<Answer<P>> {
    if (this.quitAt(prompt, this.n++)) throw new OperatorQuit();
    return super.ask(prompt);
  }
}

export const fixedClock = () => {
  let t = Date.parse('2025-01-14T09:00:00Z');
  return {
    now: () => new Date(t),
    sleep: async (ms: number) => {
      t += ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
};
