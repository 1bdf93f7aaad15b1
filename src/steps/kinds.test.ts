import { describe, expect, it } from 'vitest';
import { builtInCatalog } from './catalog.js';
import { STEP_KINDS } from '../core/runbook.js';
import { StepConfigError } from '../core/step-config-error.js';
import { decodeShare, encodeShare } from './share-codec.js';
import { combine, split } from 'shamir-secret-sharing';
import type { RunbookStep } from '../core/runbook.js';

const CATALOG = builtInCatalog();
const getStepKind = (name: string) => CATALOG.stepKind(name);

const step = {
  id: 's',
  title: 'S',
  prose: '',
  kind: 'manual',
  config: {},
  with: {},
  children: [],
  pos: { heading: { line: 1, col: 1 } },
} as RunbookStep;

describe('step kinds', () => {
  it('registers all nine kinds', () => {
    expect(
      CATALOG.stepKinds()
        .map((k) => k.name)
        .sort(),
    ).toEqual([...STEP_KINDS].sort());
  });

  it('manual accepts an empty block, true, and record fields; rejects unknown keys', () => {
    const k = getStepKind('manual')!;
    expect(k.schema.safeParse({}).success).toBe(true);
    expect(k.schema.safeParse({ manual: true }).success).toBe(true);
    const c = k.schema.parse({ manual: { confirm: 'Key in safe?', record: { keyLabel: { label: 'Label' } } } });
    expect(k.describe(c, step, CATALOG).outputs).toEqual(['keyLabel']);
    expect(k.schema.safeParse({ manual: { confrim: 'x' } }).success).toBe(false);
  });

  it('check: unknown id is a StepConfigError at path [check]', () => {
    const k = getStepKind('check')!;
    const c = k.schema.parse({ check: 'BG-999' });
    try {
      k.describe(c, step, CATALOG);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(StepConfigError);
      expect((e as StepConfigError).path).toEqual(['check']);
    }
    expect(k.schema.safeParse({ check: 'nope' }).success).toBe(false);
  });

  it('action and query: unknown ids are StepConfigErrors', () => {
    expect(() => getStepKind('action')!.describe({ action: 'no.such' }, step, CATALOG)).toThrow(StepConfigError);
    expect(() => getStepKind('query')!.describe({ query: 'no.such' }, step, CATALOG)).toThrow(StepConfigError);
    expect(() =>
      getStepKind('wait')!.describe(getStepKind('wait')!.schema.parse({ wait: 'no.such' }), step, CATALOG),
    ).toThrow(StepConfigError);
  });

  it('wait defaults timeout PT15M and interval PT10S; rejects a bad duration', () => {
    const k = getStepKind('wait')!;
    expect(k.schema.parse({ wait: 'q' })).toMatchObject({ timeout: 'PT15M', interval: 'PT10S' });
    expect(k.schema.safeParse({ wait: 'q', timeout: '15 minutes' }).success).toBe(false);
  });

  it('secret: rejects weak configurations and threshold > shares with a path', () => {
    const k = getStepKind('secret')!;
    const weak = k.schema.parse({ secret: 'passphrase', words: 2, minEntropyBits: 128 });
    expect(() => k.describe(weak, step, CATALOG)).toThrow(/entropy/);
    const bad = k.schema.parse({ secret: 'passphrase', split: { threshold: 4, shares: 3 } });
    try {
      k.describe(bad, step, CATALOG);
      expect.unreachable();
    } catch (e) {
      expect((e as StepConfigError).path).toEqual(['split', 'threshold']);
    }
    expect(k.describe(k.schema.parse({ secret: 'shamir' }), step, CATALOG).outputs).toContain('fingerprint');
  });

  it('share codec round-trips shamir shares and catches a typo', async () => {
    const secret = new TextEncoder().encode('abcde-fghjk-mnpqr');
    const shares = await split(secret, 3, 2);
    const encoded = shares.map(encodeShare);
    expect(encoded[0]).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{1,4})+$/);
    const back = await combine([decodeShare(encoded[0]!.toLowerCase()), decodeShare(encoded[2]!.replace(/-/g, ' '))]);
    expect(new TextDecoder().decode(back)).toBe('abcde-fghjk-mnpqr');
    const e = encoded[1]!;
    const typo = e.slice(0, 5) + (e[5] === 'A' ? 'B' : 'A') + e.slice(6);
    expect(() => decodeShare(typo)).toThrow(/checksum/);
  });
});
