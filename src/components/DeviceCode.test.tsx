import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { DeviceCode } from './DeviceCode.js';

describe('DeviceCode', () => {
  it('in practice, says who approves the code and when, beside the address and code a live run shows', () => {
    const { lastFrame } = render(
      <DeviceCode
        rows={24}
        info={{
          userCode: 'ABCD-EFGH',
          verificationUri: 'https://microsoft.com/devicelogin',
          expiresAt: new Date(Date.now() + 900_000),
          message: '',
          practiceApproval: { at: new Date(Date.now() + 3_000), as: 'bg-admin-01@contosopractice.onmicrosoft.com' },
        }}
      />,
    );
    const f = lastFrame()!
      .replace(/[│╭╮╰╯─]/g, ' ')
      .replace(/\s+/g, ' ');
    expect(f).toContain('Open https://microsoft.com/devicelogin and enter the code ABCD-EFGH');
    expect(f).toMatch(
      /PRACTICE: the practice tenant approves this code as bg-admin-01@contosopractice\.onmicrosoft\.com in [23] s/,
    );
    expect(f).toContain('In a live run you open the address and enter the code yourself.');
  });

  it('live: no practice line', () => {
    const { lastFrame } = render(
      <DeviceCode
        rows={24}
        info={{
          userCode: 'X',
          verificationUri: 'https://microsoft.com/devicelogin',
          expiresAt: new Date(),
          message: '',
        }}
      />,
    );
    expect(lastFrame()).not.toContain('PRACTICE');
  });
});
