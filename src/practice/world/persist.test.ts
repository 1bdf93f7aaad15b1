import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorld } from './load.js';
import { PracticeStateError, WorldSaver, restoreWorld, worldDataJson } from './persist.js';

describe('practice tenant state file', () => {
  it('brings back the same tenant: data, id sequence and simulated time', () => {
    let real = Date.parse('2026-01-01T00:00:00Z');
    const now = () => new Date(real);
    const w = loadWorld('healthy', { now });
    w.simulateSignIn({ upn: w.operatorUpn, method: 'fido2' });
    const file = join(mkdtempSync(join(tmpdir(), 'bg-persist-')), 'practice-tenant.json');
    new WorldSaver(w, file).save();
    const simAtSave = w.clock.nowMs();
    real += 60_000; // a minute passes while nobody runs breakglass
    const back = restoreWorld(readFileSync(file, 'utf8'), { now });
    expect(worldDataJson(back)).toBe(worldDataJson(w));
    expect(back.users.get([...w.users.keys()][0]!)?.userPrincipalName).toBe(
      [...w.users.values()][0]!.userPrincipalName,
    );
    expect(back.signIns).toHaveLength(w.signIns.length);
    expect(back.ids.guid()).toBe(w.ids.guid());
    expect(back.clock.nowMs()).toBe(simAtSave + 60_000);
  });

  it('writes only when the tenant changed', () => {
    const w = loadWorld('healthy');
    const file = join(mkdtempSync(join(tmpdir(), 'bg-persist-')), 'practice-tenant.json');
    const saver = new WorldSaver(w, file);
    saver.save();
    const first = readFileSync(file, 'utf8');
    saver.save();
    expect(readFileSync(file, 'utf8')).toBe(first);
    w.displayName = 'Renamed';
    saver.save();
    expect(restoreWorld(readFileSync(file, 'utf8')).displayName).toBe('Renamed');
  });

  it('refuses a file that is not a saved practice tenant', () => {
    expect(() => restoreWorld('{"format":"other"}')).toThrow(PracticeStateError);
    expect(() => restoreWorld('not json')).toThrow(/not valid JSON/);
  });
});
