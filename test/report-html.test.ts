/**
 * The HTML report as a user sees it: rendered by headless Chromium at A4
 * width (794 × 1123 CSS px), screenshot saved, DOM inspected. Hostile tenant
 * strings must show up as text, never as markup or terminal escapes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyPair } from '../src/report/keys.js';
import { writeSampleRun } from '../src/report/sample-run.js';
import { writeReport } from '../src/report/write.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) =>
  existsSync(p),
);
const HOSTILE_POLICY = 'CA9 <img src=x onerror=alert(1)> \u001b[31mred\u001b[0m \u202eevil';
const HOSTILE_TENANT = 'Fabrikam <script>document.title="pwned"</script> & Co';

let dir: string;
let htmlPath: string;
let mdPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bg-html-'));
  const k = await createKeyPair({ name: 'Dana Whitfield', dir: join(dir, 'keys'), passphrase: 'html test passphrase' });
  const { runDir } = await writeSampleRun({ dir, policyName: HOSTILE_POLICY, tenantLabel: HOSTILE_TENANT });
  const res = await writeReport({
    runDir,
    signers: [{ role: 'operator', name: 'Dana Whitfield', keyPath: k.privatePath, passphrase: 'html test passphrase' }],
  });
  htmlPath = res.htmlPath;
  mdPath = res.markdownPath;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function chromium(args: string[]) {
  return spawnSync(
    CHROMIUM!,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${join(dir, 'profile')}`,
      '--hide-scrollbars',
      ...args,
    ],
    { encoding: 'utf8', timeout: 90_000 },
  );
}

describe('HTML report', () => {
  it('is self-contained and escapes tenant strings', async () => {
    const html = await readFile(htmlPath, 'utf8');
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/(src|href)=["']?https?:/i);
    expect(html).toContain('CA9 &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Fabrikam &lt;script&gt;');
    expect(html).not.toMatch(/[\u001b\u202e]/);
    expect(html).toContain('@page{size:A4');
    // Failures come before the step table.
    expect(html.indexOf('Needs attention')).toBeLessThan(html.indexOf('<h2>Steps</h2>'));
    const md = await readFile(mdPath, 'utf8');
    expect(md).not.toMatch(/[\u001b\u202e]/);
    expect(md).toContain('CA9 \\<img src=x onerror=alert\\(1\\)\\>');
    expect(md).toContain('PRACTICE — not evidence of a live drill');
  });

  it('renders in headless Chromium at A4 width: screenshot saved, banner and text as the user sees them', async (ctx) => {
    if (!CHROMIUM) {
      console.warn(
        'SKIPPED: chromium not found; install it (apt-get install -y chromium) to render the HTML report in a test',
      );
      ctx.skip('chromium is not installed');
      return;
    }
    const shot = join(dir, 'report-a4.png');
    const r = chromium(['--window-size=794,1123', `--screenshot=${shot}`, pathToFileURL(htmlPath).href]);
    expect(r.status, r.stderr).toBe(0);
    const png = await readFile(shot);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(794); // IHDR width
    expect(png.readUInt32BE(20)).toBe(1123);
    expect(png.length).toBeGreaterThan(30_000); // a rendered page, not a blank one
    const dom = chromium(['--dump-dom', pathToFileURL(htmlPath).href]);
    expect(dom.status, dom.stderr).toBe(0);
    expect(dom.stdout).toContain('PRACTICE — not evidence of a live drill');
    expect(dom.stdout).not.toContain('<title>pwned</title>'); // the hostile script never ran
    expect(dom.stdout).not.toMatch(/<img\b/i); // the hostile string stayed text
    expect(dom.stdout).not.toMatch(/<script\b/i);
    expect(dom.stdout).toContain('Needs attention');
    console.log(`HTML report screenshot (A4 width): ${shot}`);
  });
});
