import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { stripAnsi } from '../../test/tui-helpers.js';
import { isQrUrl, QrCode } from './QrCode.js';

afterEach(() => cleanup());

describe('QrCode', () => {
  it('draws a block QR code with its label above and the address below', () => {
    const app = render(<QrCode url="https://aka.ms/mysecurityinfo" label="Scan to open on your phone:" />);
    const lines = stripAnsi(app.lastFrame() ?? '').split('\n');
    expect(lines[0]).toBe('Scan to open on your phone:');
    expect(lines.at(-1)).toBe('https://aka.ms/mysecurityinfo');
    const code = lines.slice(1, -1);
    // Small mode: half-height blocks, square-ish, well over ten rows.
    expect(code.length).toBeGreaterThan(10);
    expect(code.join('')).toMatch(/[▀▄█]/);
  });

  it('draws nothing for anything but a web address (never a secret)', () => {
    for (const url of ['TAP: s3cr3t-tap', 'javascript:alert(1)', 'https://x y', `https://${'a'.repeat(300)}`]) {
      expect(isQrUrl(url)).toBe(false);
      const app = render(<QrCode url={url} label="Scan" />);
      expect(app.lastFrame() ?? '').toBe('');
      cleanup();
    }
  });
});
