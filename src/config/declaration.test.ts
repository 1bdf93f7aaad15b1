import { describe, expect, it } from 'vitest';
import { parseDeclaration } from './declaration.js';

const fail = (text: string): string => {
  try {
    parseDeclaration(text, 'tenants/t.yaml');
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the declaration to be refused');
};

describe('per-tenant declaration', () => {
  it('reads every key, normalising accounts and the emergency app', () => {
    const d = parseDeclaration(
      [
        'tenant: contoso.onmicrosoft.com',
        'cloud: usgov',
        'clientId: 5A6B7C8D-9E0F-4A1B-8C2D-3E4F5A6B7C8D',
        'accounts:',
        '  - bg1@contoso.onmicrosoft.com',
        '  - upn: bg2@contoso.onmicrosoft.com',
        '    id: 1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
        'group: SG-BreakGlass-Exclude',
        'emergencyApp: { appId: 7d3e5f1a-2b4c-4d6e-8f0a-9b1c2d3e4f5a }',
        'checks: BG-001, BG-006',
        'whatIf: true',
        'rotationMaxAgeDays: 30',
      ].join('\n'),
      'tenants/t.yaml',
    );
    expect(d).toEqual({
      tenant: 'contoso.onmicrosoft.com',
      cloud: 'usgov',
      clientId: '5A6B7C8D-9E0F-4A1B-8C2D-3E4F5A6B7C8D',
      accounts: [
        { upn: 'bg1@contoso.onmicrosoft.com' },
        { upn: 'bg2@contoso.onmicrosoft.com', id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' },
      ],
      group: 'SG-BreakGlass-Exclude',
      emergencyApp: '7d3e5f1a-2b4c-4d6e-8f0a-9b1c2d3e4f5a',
      checks: ['BG-001', 'BG-006'],
      whatIf: true,
      rotationMaxAgeDays: 30,
    });
    expect(parseDeclaration('{"emergencyApp": "none", "accounts": "a@x.io,b@x.io"}', 'x.json')).toEqual({
      emergencyApp: 'none',
      accounts: [{ upn: 'a@x.io' }, { upn: 'b@x.io' }],
    });
  });

  it('refuses an unknown key at its line and column, naming the known ones', () => {
    const m = fail('tenant: practice\n  \nacounts: [a@x.io]\n');
    expect(m).toMatch(/^tenants\/t\.yaml:3:1: unknown key "acounts" \(known: tenant, cloud, clientId, accounts,/);
  });

  it('points at the bad value inside a list', () => {
    expect(fail('accounts:\n  - a@x.io\n  - upn: not-a-upn\n')).toMatch(
      /^tenants\/t\.yaml:3:10: "accounts\.1\.upn" must be a user principal name/,
    );
    expect(fail('accounts:\n  - upn: a@x.io\n    secret: x\n')).toMatch(
      /^tenants\/t\.yaml:3:5: unknown key "accounts\.0\.secret" \(known: upn, id\)/,
    );
  });

  it('refuses a tenant that is not one tenant, a bad cloud, a non-GUID app', () => {
    expect(fail('tenant: common\n')).toMatch(/^tenants\/t\.yaml:1:9: "tenant" must be a tenant id/);
    expect(fail('cloud: azure\n')).toMatch(/1:8: "cloud" must be one of: public, usgov, usgovdod, china/);
    expect(fail('emergencyApp: My App\n')).toMatch(/1:15: "emergencyApp" must be the app's appId \(a GUID\) or "none"/);
    expect(fail('whatIf: yes\n')).toMatch(/1:9: "whatIf" must be true or false/);
    expect(fail('accounts: 5\n')).toMatch(/1:11: "accounts" must be a list/);
    expect(fail('rotationMaxAgeDays: 0\n')).toMatch(/1:21: "rotationMaxAgeDays" must be at least 1 day/);
  });

  it('reports YAML syntax errors with their position, and a non-map file', () => {
    expect(fail('accounts: [a@x.io\n')).toMatch(/^tenants\/t\.yaml:\d+:\d+: not valid JSON or YAML/);
    expect(fail('- a@x.io\n')).toMatch(/^tenants\/t\.yaml:1:1: the config file must hold a map/);
  });
});
