import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ExprError, evaluateCondition, findReferences, parsePath, resolveValue, scanExpressions } from './index.js';

const scope = {
  inputs: {
    accounts: ['bg1@contoso.onmicrosoft.com', 'bg2@contoso.onmicrosoft.com'],
    group: 'SG-BG',
    count: 2,
    on: true,
    off: false,
    empty: [],
  },
  steps: {
    'create-tap': { tapId: 't-1', expires: '2025-01-01' },
    'enroll.create-tap': { tap: 'child-fp' },
  },
  run: { tenant: { initialDomain: 'contoso.onmicrosoft.com' } },
  account: 'bg1@contoso.onmicrosoft.com',
};

describe('parsePath', () => {
  it('parses names with dashes and indices', () => {
    expect(parsePath('steps.create-tap.tapId')).toEqual({
      root: 'steps',
      segments: ['create-tap', 'tapId'],
      raw: 'steps.create-tap.tapId',
    });
    expect(parsePath(' inputs.accounts[1] ').segments).toEqual(['accounts', 1]);
  });
  it.each(['__proto__', 'inputs.__proto__', 'inputs.constructor', 'a.prototype.x'])(
    'rejects prototype segment in %s',
    (p) => {
      expect(() => parsePath(p)).toThrow(ExprError);
      expect(() => parsePath(p)).toThrow(/not allowed/);
    },
  );
  it.each(['', 'inputs.', 'inputs..a', '1abc', 'inputs[x]', 'a + b', 'f()', 'inputs[0'])('rejects %j', (p) => {
    expect(() => parsePath(p)).toThrow(ExprError);
  });
  it('rejects huge expressions quickly', () => {
    const t = Date.now();
    expect(() => parsePath('a' + '.b'.repeat(100_000))).toThrow(/longer than/);
    expect(Date.now() - t).toBeLessThan(200);
  });
});

describe('resolveValue', () => {
  it('a string that is exactly one reference yields the raw value', () => {
    expect(resolveValue('${inputs.accounts}', scope)).toEqual(scope.inputs.accounts);
    expect(resolveValue('${inputs.count}', scope)).toBe(2);
  });
  it('embedded references interpolate as text', () => {
    expect(resolveValue('Group ${inputs.group} has ${inputs.count}', scope)).toBe('Group SG-BG has 2');
    expect(resolveValue('to: ${inputs.accounts}', scope)).toBe(
      'to: bg1@contoso.onmicrosoft.com, bg2@contoso.onmicrosoft.com',
    );
    expect(resolveValue('upn@${run.tenant.initialDomain}', scope)).toBe('upn@contoso.onmicrosoft.com');
  });
  it('resolves deeply and leaves the input untouched', () => {
    const v = { a: ['${account}', { b: '${inputs.accounts[1]}' }], n: 3, z: null };
    expect(resolveValue(v, scope)).toEqual({
      a: ['bg1@contoso.onmicrosoft.com', { b: 'bg2@contoso.onmicrosoft.com' }],
      n: 3,
      z: null,
    });
    expect(v.a[0]).toBe('${account}');
  });
  it('finds group children keyed flat by dotted id', () => {
    expect(resolveValue('${steps.enroll.create-tap.tap}', scope)).toBe('child-fp');
  });
  it('supports $${ as an escaped literal', () => {
    expect(resolveValue('cost $${x}', scope)).toBe('cost ${x}');
  });
  it('throws a clear ExprError for a missing path', () => {
    expect(() => resolveValue('${inputs.nope}', scope)).toThrow('`${inputs.nope}`: `inputs` has no `nope`');
    expect(() => resolveValue('${steps.create-tap.x}', scope)).toThrow(/`steps.create-tap` has no `x`/);
    expect(() => resolveValue('${foo.bar}', scope)).toThrow(/unknown name `foo`/);
    expect(() => resolveValue('${inputs.accounts[5]}', scope)).toThrow(ExprError);
  });
  it('never reads the prototype chain', () => {
    expect(() => resolveValue('${inputs.toString}', scope)).toThrow(/has no `toString`/);
    expect(() => resolveValue('${inputs.hasOwnProperty}', scope)).toThrow(ExprError);
    expect(() => resolveValue('${inputs.__proto__}', scope)).toThrow(/not allowed/);
  });
  it('an object cannot be embedded in text', () => {
    expect(() => resolveValue('x ${run.tenant}', scope)).toThrow(/cannot be placed inside text/);
  });
  it('keeps a __proto__ key as data and does not pollute', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": "yes"}, "a": "${account}"}');
    const out = resolveValue(hostile, scope) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toContain('__proto__');
    expect((out as { polluted?: unknown }).polluted).toBeUndefined();
  });
  it('rejects absurd nesting', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 200; i++) deep = [deep];
    expect(() => resolveValue(deep, scope)).toThrow(/nested deeper/);
  });
  it('unterminated reference is an error', () => {
    expect(() => resolveValue('${inputs.group', scope)).toThrow(/unterminated/);
  });
});

describe('evaluateCondition', () => {
  it.each([
    ['${inputs.on}', true],
    ['${inputs.off}', false],
    ['${inputs.empty}', false],
    ['!${inputs.on}', false],
    ['not ${inputs.off}', true],
    ['${inputs.group} == SG-BG', true],
    ["${inputs.group} == 'SG-BG'", true],
    ['${inputs.group} != "SG-BG"', false],
    ['${inputs.count} == 2', true],
    ['${inputs.count} == "2"', true],
    ['${inputs.on} == true', true],
    ['${inputs.on} != false', true],
    ['${run.tenant.initialDomain} == contoso.onmicrosoft.com', true],
  ] as const)('%s → %s', (expr, expected) => {
    expect(evaluateCondition(expr, scope)).toBe(expected);
  });
  it.each([
    'inputs.on',
    '${inputs.on} && ${inputs.off}',
    '${inputs.on} ==',
    '!${inputs.on} == 1',
    '${inputs.on} > 2',
    '${inputs.on} == a b',
  ])('rejects %j with guidance', (expr) => {
    expect(() => evaluateCondition(expr, scope)).toThrow(ExprError);
  });
  it('missing path throws by default, or counts as falsy when asked', () => {
    expect(() => evaluateCondition('${steps.skipped.found}', scope)).toThrow(ExprError);
    expect(evaluateCondition('${steps.skipped.found}', scope, { missing: 'falsy' })).toBe(false);
    expect(evaluateCondition('!${steps.skipped.found}', scope, { missing: 'falsy' })).toBe(true);
  });
});

describe('findReferences / scanExpressions', () => {
  it('lists every reference with where it sits', () => {
    const refs = findReferences({ group: '${inputs.group}', list: ['a ${steps.create-tap.tapId} b ${account}'] });
    expect(refs.map((r) => [r.root, r.path, r.raw, r.at])).toEqual([
      ['inputs', ['group'], '${inputs.group}', ['group']],
      ['steps', ['create-tap', 'tapId'], '${steps.create-tap.tapId}', ['list', 0]],
      ['account', [], '${account}', ['list', 0]],
    ]);
  });
  it('reports syntax problems instead of throwing', () => {
    const r = scanExpressions({ a: '${inputs.', b: ['${x.constructor}'] });
    expect(r.problems.map((p) => p.at)).toEqual([['a'], ['b', 0]]);
  });
  it('property: never throws anything but ExprError on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        scanExpressions(s);
        try {
          resolveValue(s, scope);
        } catch (e) {
          expect(e).toBeInstanceOf(ExprError);
        }
        try {
          evaluateCondition(s, scope);
        } catch (e) {
          expect(e).toBeInstanceOf(ExprError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
