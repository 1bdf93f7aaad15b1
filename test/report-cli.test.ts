/**
 * The report commands as a user runs them: bin/breakglass.js (built dist/),
 * real files, exit codes and messages. Passphrases come from
 * BREAKGLASS_KEY_PASSPHRASE (never argv).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSampleRun } from '../src/report/sample-run.js';
import { writeReport } from '../src/report/write.js';

const bin = fileURLToPath(new URL('../bin/breakglass.js', import.meta.url));
const PASS = 'cli test passphrase one';
let dir: string;

function bg(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', BREAKGLASS_STATE_DIR: join(dir, 'state'), ...env },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bg-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('breakglass keys / sign / verify / history', () => {
  it('the full flow: keys, a report signed by the operator, INCOMPLETE, witness signs, VALID; tampering is INVALID', async () => {
    const keys = join(dir, 'keys');
    const a = bg(['keys', 'create', '--name', 'Dana Whitfield', '--out', keys], { BREAKGLASS_KEY_PASSPHRASE: PASS });
    expect(a.err).toBe('');
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/fingerprint {2}[0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}/);
    expect(a.out).toContain('-----BEGIN PUBLIC KEY-----');
    expect(a.out).not.toContain(PASS);
    const b = bg(['keys', 'create', '--name', 'Sam Okafor', '--out', keys], { BREAKGLASS_KEY_PASSPHRASE: PASS });
    expect(b.code).toBe(0);
    const files = (await readdir(keys)).sort();
    const opKey = join(
      keys,
      files.find((f) => f.startsWith('dana') && f.endsWith('.key.pem'))!,
    );
    const opPub = join(
      keys,
      files.find((f) => f.startsWith('dana') && f.endsWith('.pub.pem'))!,
    );
    const wiKey = join(
      keys,
      files.find((f) => f.startsWith('sam') && f.endsWith('.key.pem'))!,
    );
    const wiPub = join(
      keys,
      files.find((f) => f.startsWith('sam') && f.endsWith('.pub.pem'))!,
    );

    const show = bg(['keys', 'show', opPub]);
    expect(show.code).toBe(0);
    expect(show.out).toContain(opPub.split('-').pop()!.slice(0, 16));

    const { runDir } = await writeSampleRun({ dir: join(dir, 'state', 'runs') });
    const res = await writeReport({
      runDir,
      signers: [{ role: 'operator', name: 'Dana Whitfield', keyPath: opKey, passphrase: PASS }],
    });

    const v1 = bg(['verify', res.envelopePath, '--pubkey', opPub, '--pubkey', wiPub, '--run-dir', runDir]);
    expect(v1.code).toBe(2);
    expect(v1.out).toContain('PRACTICE — not evidence of a live drill');
    expect(v1.out).toContain('INCOMPLETE — valid, but missing required signature(s): witness');
    expect(v1.out).toMatch(/MISSING witness\s+Sam Okafor/);

    const s = bg(['sign', res.envelopePath, '--key', wiKey, '--role', 'witness', '--name', 'Sam Okafor'], {
      BREAKGLASS_KEY_PASSPHRASE: PASS,
    });
    expect(s.err).toBe('');
    expect(s.code).toBe(0);
    // What is being signed is shown before the passphrase is asked for, then the result.
    expect(s.out).toMatch(
      /^You are about to sign:\n {2}Runbook {2}quarterly-validation 1\.2\.0 — Quarterly break-glass validation\n {2}Tenant {3}PRACTICE \(not evidence of a live drill\) · .*\n {2}Verdict {2}PASSED WITH WARNINGS.*\n(.*\n)* {2}As {7}witness Sam Okafor\n/,
    );
    expect(s.out.indexOf('You are about to sign')).toBeLessThan(s.out.indexOf('Signed as witness Sam Okafor'));

    const v2 = bg(['verify', res.envelopePath, '--pubkey', opPub, '--pubkey', wiPub, '--run-dir', runDir]);
    expect(v2.code).toBe(0);
    expect(v2.out).toMatch(/OK +operator +Dana Whitfield/);
    expect(v2.out).toMatch(/OK +witness +Sam Okafor/);
    expect(v2.out).toContain('VALID and COMPLETE — PRACTICE run');

    const live = bg(['verify', res.envelopePath, '--pubkey', opPub, '--pubkey', wiPub, '--require-live']);
    expect(live.code).toBe(1);
    expect(live.out).toContain('PRACTICE — not evidence of a live drill (--require-live)');

    const json = bg(['verify', res.envelopePath, '--pubkey', opPub, '--pubkey', wiPub, '--json']);
    const parsed = JSON.parse(json.out);
    expect(parsed).toMatchObject({ valid: true, complete: true, exitCode: 0, practice: true, pinned: true });
    expect(parsed.report.runbook.id).toBe('quarterly-validation');

    const env = await readFile(res.envelopePath, 'utf8');
    const tampered = join(dir, 'tampered.dsse.json');
    const payload = JSON.parse(env).payload as string;
    const decoded = Buffer.from(payload, 'base64')
      .toString()
      .replace('"result":"passed-with-warnings"', '"result":"passed"');
    await writeFile(tampered, env.replace(payload, Buffer.from(decoded).toString('base64')));
    const t = bg(['verify', tampered, '--pubkey', opPub, '--pubkey', wiPub]);
    expect(t.code).toBe(1);
    expect(t.out).toContain('INVALID — do not rely on this report');
    expect(t.out).toMatch(/does NOT check/);

    // Trust anchors: without them nothing counts (exit 1); --allow-unpinned says so on the first line.
    const untrusted = bg(['verify', res.envelopePath]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.out).toContain('NOT TRUSTED: operator Dana Whitfield');
    const unpinned = bg(['verify', res.envelopePath, '--allow-unpinned']);
    // The witness signed later into an open slot: their key is not in the report, so even unpinned it cannot count.
    expect(unpinned.code).toBe(2);
    expect(unpinned.out.split('\n')[0]).toMatch(/^KEYS NOT TRUSTED \(--allow-unpinned\)/);
    const unpinnedJson = bg(['verify', res.envelopePath, '--allow-unpinned', '--json']);
    expect(unpinnedJson.out.split('\n')[1]).toMatch(/^ {2}"notice": "KEYS NOT TRUSTED/);
    expect(bg(['keys', 'trust', opPub, '--as', 'operator', '--name', 'Dana Whitfield']).out).toMatch(
      /^Trusted [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} as operator Dana Whitfield\n/,
    );
    expect(bg(['keys', 'trust', wiPub, '--as', 'witness', '--name', 'Sam Okafor']).code).toBe(0);
    expect(bg(['keys', 'trust', wiPub, '--as', 'witness', '--name', 'Sam Okafor'])).toMatchObject({
      code: 1,
      err: expect.stringContaining('is already trusted as witness Sam Okafor'),
    });
    expect(bg(['keys', 'list']).out).toMatch(/operator +Dana Whitfield[\s\S]*witness +Sam Okafor/);
    const anchored = bg(['verify', res.envelopePath, '--run-dir', runDir]);
    expect(anchored.code).toBe(0);
    expect(anchored.out).toContain(
      'VALID and COMPLETE — PRACTICE run (not evidence of a live drill) — signed by trusted keys',
    );
    const wiKeyid = wiPub.match(/([0-9a-f]{16})\.pub\.pem$/)![1]!;
    expect(bg(['keys', 'untrust', wiKeyid]).out).toContain('No longer trusted:');
    expect(bg(['verify', res.envelopePath]).code).toBe(2); // the witness's signature no longer counts
    expect(bg(['keys', 'trust', wiPub, '--as', 'witness', '--name', 'Sam Okafor']).code).toBe(0);

    const h = bg(['history']);
    expect(h.code).toBe(0);
    expect(h.out).toContain('quarterly-validation');
    expect(h.out).toContain('Alert latency, quarterly-validation');
    expect(h.out).toContain('DUE NOW — never done live');
  });

  it('bad input: clear messages and documented exit codes, never a stack trace', async () => {
    const cases: [string[], number, RegExp, Record<string, string>?][] = [
      [['verify'], 64, /give one report file/],
      [['verify', join(dir, 'nope.json')], 66, /no such file/],
      [['verify', bin], 1, /not valid JSON/],
      [['verify', bin, '--pubkey', bin], 66, /not a public key PEM/],
      [['keys', 'create'], 64, /--name is required/],
      [
        ['keys', 'create', '--name', 'X', '--out', join(dir, 'k3')],
        1,
        /too short/,
        { BREAKGLASS_KEY_PASSPHRASE: 'short' },
      ],
      [['keys', 'frob'], 64, /unknown subcommand "frob"/],
      [['sign', 'x.json'], 64, /need the report file, --key, --role and --name/],
      [['history', '--bogus'], 64, /unknown option --bogus for `breakglass history`/],
    ];
    for (const [args, code, msg, env] of cases) {
      const r = bg(args, env);
      expect(`${args.join(' ')} → ${r.code}`).toBe(`${args.join(' ')} → ${code}`);
      expect(r.out + r.err).toMatch(msg);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
    // No passphrase and no terminal: refuse clearly (never block on a prompt).
    const r = spawnSync(process.execPath, [bin, 'keys', 'create', '--name', 'Y', '--out', join(dir, 'k4')], {
      encoding: 'utf8',
      env: { ...process.env, BREAKGLASS_KEY_PASSPHRASE: '' },
      input: '',
    });
    expect(r.status).toBe(67);
    expect(r.stderr).toContain('BREAKGLASS_KEY_PASSPHRASE');
  });
});
