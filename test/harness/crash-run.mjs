// Crash harness: runs (or resumes) a fixed runbook in a real Node process
// against compiled engine code (BG_DIST), with a test action whose "tenant"
// is a JSON file. The crash test SIGKILLs this process at journal boundaries
// via BREAKGLASS_TEST_KILL_AFTER_SEQ (test/harness/kill-after-seq.mjs), or right after a mutation landed but
// before its outcome was journaled via BG_KILL_AFTER_APPLY=<item>.
//
// usage: node crash-run.mjs start|resume <stateDir> <tenantFile>
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';

const dist = process.env.BG_DIST;
const [mode, stateDir, tenantFile] = process.argv.slice(2);
const { z } = await import('zod');
const { builtInCatalog } = await import(`${dist}/steps/catalog.js`);
const { startRun, resumeRun } = await import(`${dist}/engine/run.js`);
const { ScriptedOperator } = await import(`${dist}/engine/scripted-operator.js`);
const { listUnfinishedRuns } = await import(`${dist}/state/runs.js`);

function readTenant() {
  return existsSync(tenantFile) ? JSON.parse(readFileSync(tenantFile, 'utf8')) : { items: [], applies: [] };
}
function writeTenant(t) {
  const fd = openSync(tenantFile, 'w');
  writeSync(fd, JSON.stringify(t));
  fsyncSync(fd);
  closeSync(fd);
}

const harnessAdd = {
  id: 'harness.add',
  title: 'Add an item to the file tenant',
  permissions: {},
  destructive: false,
  outputs: ['id'],
  args: z.object({ item: z.string() }),
  key: (a) => `item:${a.item}`,
  async preview(a) {
    return {
      actionId: 'harness.add',
      summary: `Add ${a.item}`,
      target: { type: 'item', name: a.item },
      alreadyDone: readTenant().items.includes(a.item),
      destructive: false,
    };
  },
  async apply(a) {
    const t = readTenant();
    t.applies.push(a.item);
    t.items.push(a.item);
    writeTenant(t);
    if (process.env.BG_KILL_AFTER_APPLY === a.item) process.kill(process.pid, 'SIGKILL');
    return { outputs: { id: `id-${a.item}` } };
  },
  async reconcile(a) {
    return readTenant().items.includes(a.item)
      ? { applied: true, outputs: { id: `id-${a.item}` } }
      : { applied: false };
  },
};
const CATALOG = builtInCatalog().with({ actions: [harnessAdd] });

function step(id, kind, config = {}, extra = {}) {
  return {
    id,
    title: id,
    prose: `Do ${id}.`,
    kind,
    config,
    with: extra.with ?? {},
    children: extra.children ?? [],
    pos: { heading: { line: 1, col: 1 } },
    ...(extra.foreach ? { foreach: extra.foreach } : {}),
  };
}
const steps = [
  step('prepare', 'manual'),
  step('first', 'action', { action: 'harness.add' }, { with: { item: 'alpha' } }),
  step('passphrase', 'secret', { secret: 'passphrase', name: 'pp', split: 'halves' }),
  step(
    'enroll',
    'manual',
    {},
    {
      foreach: { expr: '${inputs.items}', as: 'it' },
      children: [
        step('enroll.add', 'action', { action: 'harness.add' }, { with: { item: '${it}' } }),
        step('enroll.ok', 'manual', { manual: { confirm: 'Got ${steps.add.id}?' } }),
      ],
    },
  ),
  step('last', 'action', { action: 'harness.add' }, { with: { item: 'omega-${steps.first.id}' } }),
];
const text = JSON.stringify(steps);
const runbook = {
  id: 'crash-fixture',
  title: 'Crash fixture',
  version: '1.0.0',
  summary: '',
  audience: [],
  readOnly: false,
  permissions: { graph: [], arm: [], logs: [] },
  inputs: { items: { name: 'items', type: 'upn-list', label: 'Items', required: true } },
  signoff: [],
  identities: {},
  steps,
  source: { path: 'crash-fixture.md', sha256: createHash('sha256').update(text).digest('hex'), text },
};
const tenant = {
  mode: 'practice',
  label: 'HARNESS',
  graph: {},
  logs: {},
  arm: {},
  identity: async () => ({ tenantId: 't', oid: 'o', upn: 'op@harness.test', kind: 'user', granted: [] }),
  drainEvidence: () => [],
};
const common = {
  operator: new ScriptedOperator({}),
  tenantFactory: async () => tenant,
  stateDir,
  toolVersion: 'harness',
};
let out;
if (mode === 'start') {
  out = await startRun({
    catalog: CATALOG,
    ...common,
    runbook,
    inputs: { items: 'b@x.io,c@x.io' },
    tenant: { mode: 'practice', label: 'HARNESS' },
  });
} else {
  const [run] = listUnfinishedRuns(stateDir);
  if (!run) throw new Error('no unfinished run');
  out = await resumeRun(run.runDir, { catalog: CATALOG, ...common, runbook });
}
process.stdout.write(JSON.stringify({ status: out.status, runDir: out.runDir }) + '\n');
