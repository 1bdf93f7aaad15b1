import { withScope } from '../steps/preview-scope.js';
import { describe, expect, it } from 'vitest';
import { actionLines, eventLines, resultLines, secretLines, tenantWords } from './format.js';
import { result, run } from '../../test/tui-helpers.js';

describe('plain-mode wording', () => {
  it('says PRACTICE or LIVE in words', () => {
    expect(tenantWords({ label: 'PRACTICE · healthy', practice: true })).toBe('PRACTICE tenant healthy');
    expect(tenantWords({ label: 'contoso.onmicrosoft.com', practice: false })).toBe(
      'LIVE tenant contoso.onmicrosoft.com',
    );
  });

  it('announces a step with its position, whether it changes the tenant, and its prose as text', () => {
    const lines = eventLines(
      {
        type: 'step-started',
        instanceId: 'a',
        stepId: 'a',
        index: 3,
        total: 7,
        title: 'Create TAP',
        prose: '## Why\n\n- one\n- two',
        kind: 'action',
        mutating: true,
      },
      80,
    );
    expect(lines).toEqual(['', 'Step 3 of 7: Create TAP (this step changes the tenant)', 'Why', '', '• one', '• two']);
  });

  it('gives results with verdict words and the failure explanation', () => {
    const lines = resultLines(
      result({
        status: 'error',
        summary: 'could not read',
        error: { what: 'Reading users failed', cause: 'throttled', todo: 'retry in a minute', requestId: 'r-1' },
      }),
    );
    expect(lines).toContain('  What failed: Reading users failed');
    expect(lines).toContain('  Request id: r-1');
  });

  it('run-started names the run id and how to stop', () => {
    const lines = eventLines({ type: 'run-started', run, resumed: false }, 80);
    expect(lines.join('\n')).toContain('Run id: run-2025-01-01-abc123');
    expect(lines.join('\n')).toContain('This is practice, not a live drill.');
    expect(lines.join('\n')).toContain('Ctrl+C');
  });

  it('secrets and diffs are sanitized and labelled', () => {
    expect(
      secretLines({ title: 'TAP\x1b[2J', lines: ['abc\x07'], fingerprint: 'tap:1', audience: 'custodian 2' }),
    ).toEqual([
      'SECRET: TAP (for custodian 2 only)',
      '  abc',
      'Fingerprint recorded instead of the secret: tap:1',
      'It is shown once and never saved.',
    ]);
    expect(
      actionLines({
        actionId: 'x',
        summary: 'Delete',
        target: { type: 'user', name: 'u\u202e' },
        alreadyDone: false,
        destructive: true,
        diff: { before: ['a'], after: ['b'] },
      }),
    ).toEqual(['DESTRUCTIVE change: Delete', 'Target: user u', '  - before: a', '  + after: b']);
  });

  it('a change: the real scope first in the headline, every diff line in full (never cut)', () => {
    const long = `excludeGroups: [${Array.from({ length: 30 }, (_, i) => `SG-Exclude-${i + 1}`).join(', ')}]`;
    const lines = actionLines(
      withScope({
        actionId: 'authMethods.enableForGroup',
        summary: 'Enable Temporary Access Pass for all users and group "SG-BreakGlass-Exclude"',
        target: { type: 'authenticationMethodConfiguration', name: 'Temporary Access Pass' },
        alreadyDone: false,
        destructive: false,
        diff: { before: ['state: disabled'], after: [long] },
        sends: [
          {
            method: 'PATCH',
            path: '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass',
            body: { state: 'enabled', includeTargets: [{ id: 'all_users' }] },
            current: { state: 'disabled', includeTargets: [{ id: 'all_users' }] },
          },
        ],
      }),
    );
    expect(lines[0]).toBe(
      'Change: Reaches every user in the tenant (the method’s targets include all users) — Enable Temporary Access Pass for all users and group "SG-BreakGlass-Exclude"',
    );
    expect(lines).toContain(`  + after: ${long}`);
  });

  it('run-finished says where the report is and how to verify it', () => {
    const lines = eventLines(
      { type: 'run-finished', status: 'completed', runDir: '/s/r', reportPath: '/s/r/report.json' },
      80,
    );
    expect(lines).toContain('Verify it with: breakglass verify /s/r/report.json');
  });
});
