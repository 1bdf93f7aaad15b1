/**
 * A marker file in the state folder that exists exactly while a secret is on
 * screen. If the process is killed then (SIGKILL leaves no chance to clean
 * up), the terminal may still show the secret on its alternate screen, or
 * plain mode's lines may still be in view. The next start of breakglass sees
 * the marker and clears the screen before anything else, and says why.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDir } from './paths.js';

export type SecretScreen = 'alternate' | 'main';

export function secretMarkerPath(stateDir: string): string {
  return join(stateDir, 'secret-on-screen');
}

/** Set before a secret is drawn, cleared after it is wiped. Failures to write are not fatal: the secret is still wiped. */
export function secretMarker(stateDir: string): { set(screen: SecretScreen): void; clear(): void } {
  const path = secretMarkerPath(stateDir);
  return {
    set(screen) {
      try {
        ensureDir(stateDir);
        writeFileSync(path, `${screen}\n`, { mode: 0o600 });
      } catch {
        /* a read-only state folder must not stop the secret from being shown and wiped */
      }
    },
    clear() {
      rmSync(path, { force: true });
    },
  };
}

/** Enter the alternate screen (clearing it), clear it again, leave it; then, for plain mode, the main screen and scrollback. */
const WIPE_ALTERNATE = '\x1b[?1049h\x1b[2J\x1b[H\x1b[?1049l';
const WIPE_MAIN = '\x1b[2J\x1b[3J\x1b[H';

/**
 * At start-up, before anything else: if a secret was left on screen by a
 * killed run, wipe it from the terminal and say why. Needs a terminal to wipe
 * it; without one the marker stays for the next start that has one.
 */
export function clearSecretLeftOnScreen(
  stateDir: string,
  out: { isTTY?: boolean; write(s: string): unknown },
): boolean {
  const path = secretMarkerPath(stateDir);
  if (!existsSync(path) || !out.isTTY) return false;
  let screen = 'alternate';
  try {
    screen = readFileSync(path, 'utf8').trim();
  } catch {
    /* wipe both */
  }
  out.write(WIPE_ALTERNATE + (screen === 'alternate' ? '' : WIPE_MAIN));
  out.write(
    'breakglass cleared the screen: the last run was stopped while a secret was on it (the program was killed), so the terminal could still have been showing it.\n',
  );
  rmSync(path, { force: true });
  return true;
}
