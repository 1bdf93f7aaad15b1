/**
 * `breakglass export --to …` end to end: the real command (bin/breakglass.js)
 * signs in to the practice tenant with the real MSAL and Graph client over
 * TLS, resolves the declared accounts and group to object ids, and writes
 * each peer tool's configuration. Every file is validated against what the
 * tool publishes, vendored with provenance in test/fixtures/exports/:
 * ScubaGear's own JSON Schema; for Maester and the Zero Trust Assessment
 * (which publish none) schemas we derived from their documentation / code,
 * checked against the tools' own sample configurations first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { connectPractice } from '../src/commands/practice-session.js';
import { CLOUDS } from '../src/config/clouds.js';
import { RESOLVE_ROWS, resolveDeclaration, resolvePermissions } from '../src/export/resolve.js';
import { permissionRow } from '../src/config/permission-table.js';

const bin = fileURLToPath(new URL('../bin/breakglass.js', import.meta.url));
const fixture = (p: string) => fileURLToPath(new URL(`./fixtures/exports/${p}`, import.meta.url));
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8'));

// The healthy scenario's tenant, accounts and group (src/practice/scenarios/healthy.yaml).
const TENANT = '9b7e6c1a-4f2d-4e8b-a1c3-5d6e7f8a9b0c';
const BG1 = { upn: 'bg-admin-01@contosopractice.onmicrosoft.com', id: '0b9a8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d' };
const BG2 = { upn: 'bg-admin-02@contosopractice.onmicrosoft.com', id: '1c0b9d8e-7f6a-4b5c-8d3e-2f1a0b9c8d7e' };
const GROUP = { name: 'SG-BreakGlass-Exclude', id: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d' };
const EMERGENCY_APP = '7d3e5f1a-2b4c-4d6e-8f0a-9b1c2d3e4f5a';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bg-export-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The real command, as a user runs it, against the practice tenant. */
function exportTo(...args: string[]) {
  // The declarations name the practice tenant's id; --tenant practice says where to sign in (a flag wins).
  return spawnSync(process.execPath, [bin, 'export', '--tenant', 'practice', ...args], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', BREAKGLASS_STATE_DIR: join(dir, 'state') },
  });
}

/** A declaration file as docs/declaration.md describes it: one account by UPN only, one with its id. */
function declaration(name: string, extra = ''): string {
  const p = join(dir, name);
  writeFileSync(
    p,
    `tenant: ${TENANT}\naccounts:\n  - upn: ${BG1.upn}\n  - upn: ${BG2.upn}\n    id: ${BG2.id}\ngroup: ${GROUP.name}\nemergencyApp: ${EMERGENCY_APP}\n${extra}`,
  );
  return p;
}

function compile(schema: object) {
  // ScubaGear's schema carries its own keywords (caseSensitive, _comment, schemaMetadata): not strict.
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(schema);
}
function expectValid(validate: ReturnType<typeof compile>, data: unknown) {
  const ok = validate(data);
  expect(ok ? [] : validate.errors).toEqual([]);
}

const scubaSchema = readJson(fixture('scubagear/ScubaConfigSchema.json'));
/** The policies ScubaGear's schema maps to each exclusion type — read from its schema, not from our code. */
const mapped = (kind: string) =>
  Object.entries(scubaSchema.schemaMetadata.policyExclusionMappings as Record<string, unknown>)
    .filter(([id, kinds]) => id.startsWith('MS.AAD.') && Array.isArray(kinds) && kinds.includes(kind))
    .map(([id]) => id)
    .sort();

describe('the derived schemas accept what the tools publish, and reject what they reject', () => {
  it("Maester: its default config and its documentation's examples", () => {
    const v = compile(readJson(fixture('maester/emergency-access.schema.derived.json')));
    const defaults = readJson(fixture('maester/maester-config.default.trimmed.json'));
    expect(defaults.GlobalSettings.EmergencyAccessAccounts).toEqual([]);
    expectValid(v, {
      ...defaults,
      GlobalSettings: {
        ...defaults.GlobalSettings,
        EmergencyAccessAccounts: [
          { UserPrincipalName: 'BreakGlass1@contoso.com', Type: 'User' },
          { Id: '00000000-0000-0000-0000-000000000002', Type: 'Group' },
        ],
      },
    });
    expect(v({ GlobalSettings: { EmergencyAccessAccounts: [{ Type: 'User' }] } })).toBe(false);
    expect(v({ GlobalSettings: { EmergencyAccessAccounts: [{ Id: BG1.id, Type: 'Application' }] } })).toBe(false);
  });

  it("Zero Trust Assessment: the code's own example; a group without an Id is refused", () => {
    const v = compile(readJson(fixture('zta/emergency-access.schema.derived.json')));
    expectValid(v, readJson(fixture('zta/zt-config.emergency-access.sample.json')));
    expect(v({ GlobalSettings: { EmergencyAccessAccounts: [{ Type: 'Group', UserPrincipalName: 'g@x.com' }] } })).toBe(
      false,
    );
  });

  it("ScubaGear: its sample's Aad section validates; a UPN where a GUID belongs does not", () => {
    const v = compile(scubaSchema);
    const sample = parseYaml(readFileSync(fixture('scubagear/full_config.yaml'), 'utf8'));
    expectValid(v, { Aad: sample.Aad });
    expect(v({ Aad: { 'MS.AAD.1.1v1': { CapExclusions: { Users: [BG1.upn] } } } })).toBe(false);
  });
});

describe('breakglass export against the practice tenant', () => {
  it('maester: a tenant-named file in the directory, object ids resolved from UPNs and the group name', () => {
    const out = join(dir, 'maester');
    mkdirSync(out);
    const r = exportTo('--to', 'maester', '--config', declaration('contoso.yaml'), '--output', out);
    expect(r.stderr).toContain(`wrote ${join(out, `maester-config.${TENANT}.json`)} for Maester`);
    expect(r.status).toBe(0);
    expect(readdirSync(out)).toEqual([`maester-config.${TENANT}.json`]);
    const written = readJson(join(out, `maester-config.${TENANT}.json`));
    expectValid(compile(readJson(fixture('maester/emergency-access.schema.derived.json'))), written);
    expect(written).toEqual({
      GlobalSettings: {
        EmergencyAccessAccounts: [
          { Id: BG1.id, Type: 'User' },
          { Id: BG2.id, Type: 'User' },
          { Id: GROUP.id, Type: 'Group' },
        ],
      },
    });
    expect(r.stderr).toContain(`not exported: the emergency app (appId ${EMERGENCY_APP})`);
  });

  it('maester: a new tenant file starts from the maester-config.json beside it, which stays unchanged', () => {
    const out = join(dir, 'maester-seeded');
    mkdirSync(out);
    const shared = readFileSync(fixture('maester/maester-config.default.trimmed.json'), 'utf8');
    writeFileSync(join(out, 'maester-config.json'), shared);
    const r = exportTo('--to', 'maester', '--config', declaration('contoso.yaml'), '--output', out);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'maester-config.json'), 'utf8')).toBe(shared);
    const written = readJson(join(out, `maester-config.${TENANT}.json`));
    expectValid(compile(readJson(fixture('maester/emergency-access.schema.derived.json'))), written);
    const base = JSON.parse(shared);
    expect(written).toEqual({
      ...base,
      GlobalSettings: {
        ...base.GlobalSettings,
        EmergencyAccessAccounts: written.GlobalSettings.EmergencyAccessAccounts,
      },
    });
    expect(written.GlobalSettings.EmergencyAccessAccounts.map((e: { Id: string }) => e.Id)).toEqual([
      BG1.id,
      BG2.id,
      GROUP.id,
    ]);
    expect(r.stderr).toContain('started from a copy of');
  });

  it('maester: merging into an existing file replaces the list, keeps the rest, and names what it removed', () => {
    const file = join(dir, 'maester-config.json');
    const base = readJson(fixture('maester/maester-config.default.trimmed.json'));
    base.GlobalSettings.EmergencyAccessAccounts = [{ UserPrincipalName: 'old-bg@contoso.com', Type: 'User' }];
    writeFileSync(file, JSON.stringify(base, null, 4));
    const r = exportTo('--to', 'maester', '--config', declaration('contoso.yaml'), '--output', file);
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^\{\n {4}"ModuleVersion"/); // the file's own indentation and key order
    const written = JSON.parse(text);
    expect(written.TestSettings).toEqual(base.TestSettings);
    expect(written.GlobalSettings.GitHubApiBaseUri).toBe(base.GlobalSettings.GitHubApiBaseUri);
    expect(written.GlobalSettings.EmergencyAccessAccounts).toHaveLength(3);
    expect(r.stderr).toContain('removed 1 entry not in the declaration: User old-bg@contoso.com');
  });

  it("scubagear: exactly the policies ScubaGear's schema maps, GUIDs only, valid against its schema", () => {
    const file = join(dir, 'scuba-new.yaml');
    const r = exportTo('--to', 'scubagear', '--config', declaration('contoso.yaml'), '--output', file);
    expect(r.status, r.stderr).toBe(0);
    const written = parseYaml(readFileSync(file, 'utf8'));
    expectValid(compile(scubaSchema), written);
    expect(Object.keys(written.Aad).sort()).toEqual([...mapped('CapExclusions'), ...mapped('RoleExclusions')].sort());
    for (const p of mapped('CapExclusions'))
      expect(written.Aad[p], p).toEqual({ CapExclusions: { Users: [BG1.id, BG2.id], Groups: [GROUP.id] } });
    for (const p of mapped('RoleExclusions'))
      expect(written.Aad[p]).toEqual({ RoleExclusions: { Users: [BG1.id, BG2.id] } });
  });

  it("scubagear: merged into ScubaGear's full sample, other settings, comments and exclusions survive", () => {
    const file = join(dir, 'full_config.yaml');
    const original = readFileSync(fixture('scubagear/full_config.yaml'), 'utf8');
    writeFileSync(file, original);
    const r = exportTo('--to', 'scubagear', '--config', declaration('contoso.yaml'), '--output', file);
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    const before = parseYaml(original);
    const after = parseYaml(text);
    expectValid(compile(scubaSchema), { Aad: after.Aad });
    const { Aad: _a, ...restBefore } = before;
    const { Aad: _b, ...restAfter } = after;
    expect(restAfter).toEqual(restBefore);
    expect(text).toContain('# Example Group 1');
    for (const p of mapped('CapExclusions')) {
      const was = before.Aad[p]?.CapExclusions ?? {};
      const now = after.Aad[p].CapExclusions;
      expect(now.Users, p).toEqual([...(was.Users ?? []), BG1.id, BG2.id]);
      expect(now.Groups, p).toEqual([...(was.Groups ?? []), GROUP.id]);
      expect(now.Applications, p).toEqual(was.Applications);
      expect(now.GuestUserTypes, p).toEqual(was.GuestUserTypes);
    }
    expect(r.stderr).toContain('kept 1 exclusion not in the declaration at Aad.MS.AAD.1.1v1.CapExclusions.Users');
  });

  it('scubagear: a .json output is JSON, valid against the schema', () => {
    const file = join(dir, 'scuba.json');
    const r = exportTo('--to', 'scubagear', '--config', declaration('contoso.yaml'), '--output', file);
    expect(r.status, r.stderr).toBe(0);
    const written = readJson(file);
    expectValid(compile(scubaSchema), written);
    expect(written.Aad['MS.AAD.3.2v2'].CapExclusions.Users).toEqual([BG1.id, BG2.id]);
  });

  it('zta: zt-config.json with the same entries, and the output says which test reads them', () => {
    const out = join(dir, 'zta');
    mkdirSync(out);
    const r = exportTo('--to', 'zta', '--config', declaration('contoso.yaml'), '--output', out);
    expect(r.status, r.stderr).toBe(0);
    const written = readJson(join(out, 'zt-config.json'));
    expectValid(compile(readJson(fixture('zta/emergency-access.schema.derived.json'))), written);
    expect(written.GlobalSettings.EmergencyAccessAccounts).toEqual([
      { Id: BG1.id, Type: 'User' },
      { Id: BG2.id, Type: 'User' },
      { Id: GROUP.id, Type: 'Group' },
    ]);
    expect(r.stderr).toContain('test 21815 only');
    expect(r.stderr).toContain('test 21835');
  });

  it('prowler: refuses with the reason, writes nothing', () => {
    const file = join(dir, 'prowler.yaml');
    const r = exportTo('--to', 'prowler', '--config', declaration('contoso.yaml'), '--output', file);
    expect(r.status).toBe(64);
    expect(r.stderr).toContain('Prowler has no setting to declare emergency-access accounts');
    expect(r.stderr).toContain('https://docs.prowler.com/user-guide/cli/tutorials/mutelist');
    expect(existsSync(file)).toBe(false);
  });
});

describe('never a partial or wrong file', () => {
  it('an unknown account and a UPN that does not match its id: one error naming both, nothing written', () => {
    const file = join(dir, 'bad.json');
    const r = exportTo(
      '--to',
      'zta',
      '--accounts',
      `nobody@contosopractice.onmicrosoft.com,${BG1.upn}`,
      '--group',
      'No Such Group',
      '--output',
      file,
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('account nobody@contosopractice.onmicrosoft.com: no such user');
    expect(r.stderr).toContain('group "No Such Group": no group has this display name');
    expect(existsSync(file)).toBe(false);

    const mismatch = join(dir, 'mismatch.yaml');
    writeFileSync(mismatch, `accounts:\n  - upn: ${BG1.upn}\n    id: ${BG2.id}\n`);
    const m = exportTo('--to', 'maester', '--config', mismatch, '--output', join(dir, 'mm.json'));
    expect(m.status).toBe(1);
    expect(m.stderr).toContain(`object ${BG2.id} is ${BG2.upn}, not ${BG1.upn}`);
    expect(existsSync(join(dir, 'mm.json'))).toBe(false);
  });

  it('a declaration for another tenant is refused before anything is written', () => {
    const p = join(dir, 'other.yaml');
    writeFileSync(p, `tenant: 11111111-2222-4333-8444-555555555555\naccounts:\n  - upn: ${BG1.upn}\n`);
    const r = exportTo('--to', 'maester', '--config', p, '--output', join(dir, 'o.json'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `is for tenant 11111111-2222-4333-8444-555555555555, but the session is signed in to tenant ${TENANT}`,
    );
    expect(existsSync(join(dir, 'o.json'))).toBe(false);
  });

  it('a file that cannot be merged is left exactly as it was', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "GlobalSettings": ');
    const r = exportTo('--to', 'maester', '--config', declaration('contoso.yaml'), '--output', file);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('is not valid JSON');
    expect(readFileSync(file, 'utf8')).toBe('{ "GlobalSettings": ');
    const other = join(dir, `maester-config.11111111-2222-4333-8444-555555555555.json`);
    const o = exportTo('--to', 'maester', '--config', declaration('contoso.yaml'), '--output', other);
    expect(o.status).toBe(1);
    expect(o.stderr).toContain("is Maester's file for tenant 11111111-2222-4333-8444-555555555555");
    expect(existsSync(other)).toBe(false);
  });

  it('a misspelt target gets "did you mean"', () => {
    const r = exportTo('--to', 'measter');
    expect(r.status).toBe(64);
    expect(r.stderr).toContain('Did you mean --to maester?');
  });
});

describe('least privilege: resolving needs only the basic profile and group membership read', () => {
  const graph = CLOUDS.public.resources.graph.replace(/\/+$/, '');
  /** The healthy scenario, with the sign-in app consented for exactly these delegated scopes. */
  function scenarioGranting(scopes: string[]): object {
    const world = parseYaml(
      readFileSync(fileURLToPath(new URL('../src/practice/scenarios/healthy.yaml', import.meta.url)), 'utf8'),
    );
    for (const app of world.applications) if (app.publicClient) app.delegatedScopes = [...scopes];
    return world;
  }
  const decl = {
    tenant: TENANT,
    accounts: [{ upn: BG1.upn }, { id: BG2.id, upn: BG2.upn }],
    group: { name: GROUP.name },
    source: 'test',
  };

  it("the delegated scopes are the table's least for the rows it reads, and the practice tenant serves them", async () => {
    expect(resolvePermissions().sort()).toEqual(
      [...new Set(RESOLVE_ROWS.flatMap((r) => permissionRow(r).delegated.least))].sort(),
    );
    expect(resolvePermissions().sort()).toEqual(['GroupMember.Read.All', 'User.ReadBasic.All']);
    const conn = await connectPractice({
      scenario: scenarioGranting(resolvePermissions()),
      scopes: resolvePermissions().map((p) => `${graph}/${p}`),
    });
    try {
      const r = await resolveDeclaration(decl, conn.session);
      expect(r.accounts.map((a) => a.id)).toEqual([BG1.id, BG2.id]);
      expect(r.group).toEqual({ id: GROUP.id, displayName: GROUP.name });
      expect((await conn.session.identity()).granted.sort()).toEqual(resolvePermissions().sort());
    } finally {
      await conn.close();
    }
  });

  it('without the group permission, the export fails naming the permission, and resolves nothing', async () => {
    const only = ['User.ReadBasic.All'];
    const conn = await connectPractice({
      scenario: scenarioGranting(only),
      scopes: only.map((p) => `${graph}/${p}`),
    });
    try {
      const err = await resolveDeclaration(decl, conn.session).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect(String((err as Error).message)).toMatch(/group "SG-BreakGlass-Exclude": Graph answered 403/);
      expect(String((err as Error).message)).toContain('GroupMember.Read.All');
    } finally {
      await conn.close();
    }
  });
});
