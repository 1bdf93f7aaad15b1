import { describe, expect, it } from 'vitest';
import { countdownText, deviceCodeView } from './device-code-view.js';

describe('device code view', () => {
  it('shows the code, the URL, a QR code and the time left', async () => {
    const now = new Date('2025-01-01T00:00:00Z');
    const v = await deviceCodeView(
      {
        userCode: 'ABCD-1234',
        verificationUri: 'https://microsoft.com/devicelogin',
        expiresAt: new Date(now.getTime() + 872_000),
        message: 'x',
      },
      now,
    );
    expect(v.instruction).toBe('Open https://microsoft.com/devicelogin and enter the code ABCD-1234');
    expect(v.countdown).toBe('14:32 left');
    expect(v.qr.split('\n').length).toBeGreaterThan(10);
    expect(v.qr).toMatch(/[▀▄█]/);
  });

  it('says when the code has expired', () => {
    expect(countdownText(new Date(0), new Date(1000)).text).toMatch(/expired/);
  });
});
