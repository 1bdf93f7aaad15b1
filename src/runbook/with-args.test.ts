import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkWithArgs } from './with-args.js';

const args = z.strictObject({
  user: z.string().min(1),
  lifetimeMinutes: z.number().int().min(10).default(60),
  receivers: z.array(z.strictObject({ email: z.email() })).optional(),
});

describe('checkWithArgs', () => {
  it('accepts literal and expression arguments', () => {
    expect(checkWithArgs({ user: 'a@x.onmicrosoft.com', lifetimeMinutes: 60 }, args, 'action `x`')).toEqual([]);
    expect(checkWithArgs({ user: '${inputs.a}', lifetimeMinutes: '${inputs.m}' }, args, 'action `x`')).toEqual([]);
    expect(checkWithArgs('${steps.plan.args}', args, 'action `x`')).toEqual([]);
  });

  it('names an unknown key once, with the key it probably meant and the valid ones', () => {
    const p = checkWithArgs({ usr: 'a@x.onmicrosoft.com' }, args, 'action `x`');
    expect(p).toEqual([
      {
        path: ['usr'],
        key: true,
        message: 'unknown argument `usr` for action `x` (did you mean `user`?)',
        hint: 'valid arguments of action `x`: user, lifetimeMinutes, receivers',
      },
    ]);
  });

  it('reports a missing required argument and a literal of the wrong shape at its path', () => {
    expect(checkWithArgs({}, args, 'action `x`').map((p) => p.message)).toEqual([
      'action `x` needs the argument `user`',
    ]);
    const p = checkWithArgs({ user: 'u', receivers: [{ email: 'not-an-address' }] }, args, 'action `x`');
    expect(p.map((x) => x.path)).toEqual([['receivers', 0, 'email']]);
  });
});
