/**
 * Every call in the call table: Microsoft's example body is accepted, and each
 * broken variant gets the 400 the service would send, naming the problem.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadGraphModel } from './graph-model.js';
import { graphBadRequest, validateGraphRequest } from './graph-contract.js';
import { ArmContract, armBadRequest, loadArmSpecs } from './arm-contract.js';

interface Expect {
  status: 400;
  code: string;
  kind?: string;
  detailCode?: string;
  target?: string;
}
interface Vector {
  name: string;
  service: 'graph' | 'arm';
  method: string;
  path: string;
  apiVersion?: string;
  valid: unknown;
  invalid: { what: string; body: unknown; expect: Expect }[];
}

const dir = new URL('../../../test/contracts/vectors/', import.meta.url);
const vectors: Vector[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Vector);
const model = loadGraphModel();
const armc = new ArmContract(loadArmSpecs());
const concrete = (p: string) => p.replace(/\{id\}/g, '8a7c50d3-fcbd-4727-a889-8ab232dfea01');

describe.each(vectors.filter((v) => v.service === 'graph'))('Graph $method $path ($name)', (v) => {
  if (v.valid !== null)
    it('accepts the documented example', () => {
      const r = validateGraphRequest(model, { method: v.method, path: concrete(v.path), body: v.valid });
      expect(r.ok ? [] : 'issues' in r ? r.issues : r.reason).toEqual([]);
    });
  it.each(v.invalid)('refuses: $what', ({ body, expect: e }) => {
    const r = validateGraphRequest(model, { method: v.method, path: concrete(v.path), body });
    expect(r.ok).toBe(false);
    if (r.ok || r.status !== 400) throw new Error('expected a 400');
    expect(r.issues.map((i) => i.kind)).toContain(e.kind);
    const env = graphBadRequest(r.issues, { requestId: 'r-1', date: new Date('2026-01-02T03:04:05.678Z') });
    expect(env.error.code).toBe(e.code);
    expect(env.error.innerError).toEqual({
      date: '2026-01-02T03:04:05',
      'request-id': 'r-1',
      'client-request-id': 'r-1',
    });
  });
});

describe.each(vectors.filter((v) => v.service === 'arm'))('ARM $method $name @$apiVersion', (v) => {
  if (v.valid !== null)
    it('accepts the documented example', () => {
      const r = armc.validateRequest(v.method, v.path, v.apiVersion!, v.valid);
      expect(r.ok ? [] : 'issues' in r ? r.issues : r.reason).toEqual([]);
    });
  it.each(v.invalid)('refuses: $what', ({ body, expect: e }) => {
    const r = armc.validateRequest(v.method, v.path, v.apiVersion!, body);
    if (r.ok || r.status !== 400) throw new Error(`expected a 400, got ${JSON.stringify(r)}`);
    expect(r.issues.map((i) => i.target)).toContain(e.target);
    const env = armBadRequest(r.issues);
    expect(env.error.code).toBe(e.code);
    expect(env.error.details.every((d) => d.code === e.detailCode)).toBe(true);
  });
});
