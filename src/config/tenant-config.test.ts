import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_PUBLIC_CLIENT_ID, parseTenantFlags, resolveTenantConfig } from './tenant-config.js';

const NO_FILE = join(tmpdir(), 'breakglass-no-such-config.json');

function file(content: unknown): string {
  const p = join(mkdtempSync(join(tmpdir(), 'bg-cfg-')), 'config.json');
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

describe('tenant configuration', () => {
  it('defaults to the practice tenant when nothing is configured', async () => {
    const c = await resolveTenantConfig({ env: {}, configFile: NO_FILE });
    expect(c).toMatchObject({
      mode: 'practice',
      tenantId: 'practice',
      cloud: 'practice',
      flow: 'device-code',
      clientId: DEFAULT_PUBLIC_CLIENT_ID,
    });
    expect(c.sources.tenant).toBe('default');
  });

  it('flags beat env beat the config file', async () => {
    const f = file({ tenant: 'fabrikam.onmicrosoft.com', flow: 'interactive', cloud: 'usgov' });
    const fromFile = await resolveTenantConfig({ env: {}, configFile: f });
    expect(fromFile).toMatchObject({
      mode: 'live',
      tenantId: 'fabrikam.onmicrosoft.com',
      flow: 'interactive',
      cloud: 'usgov',
    });
    const fromEnv = await resolveTenantConfig({ env: { BREAKGLASS_TENANT: 'contoso.onmicrosoft.com' }, configFile: f });
    expect(fromEnv.tenantId).toBe('contoso.onmicrosoft.com');
    expect(fromEnv.sources.tenant).toBe('env');
    const { flags } = parseTenantFlags(['--tenant=11111111-2222-4333-8444-555555555555', '--cloud', 'public']);
    const fromFlag = await resolveTenantConfig({
      flags,
      env: { BREAKGLASS_TENANT: 'contoso.onmicrosoft.com' },
      configFile: f,
    });
    expect(fromFlag).toMatchObject({ tenantId: '11111111-2222-4333-8444-555555555555', cloud: 'public' });
  });

  it('parseTenantFlags leaves other arguments alone', () => {
    const { flags, rest } = parseTenantFlags(['run', 'x.md', '--tenant', 'practice', '--plain']);
    expect(flags).toEqual({ tenant: 'practice' });
    expect(rest).toEqual(['run', 'x.md', '--plain']);
  });

  it('refuses secrets on the command line and in the config file', async () => {
    expect(() => parseTenantFlags(['--client-secret', 'abc'])).toThrow(ConfigError);
    expect(() => parseTenantFlags(['--client-secret=abc'])).toThrow(/shell history/);
    await expect(
      resolveTenantConfig({ env: {}, configFile: file({ tenant: 'contoso.onmicrosoft.com', clientSecret: 'x' }) }),
    ).rejects.toThrow(/secrets do not belong/);
  });

  it('explains bad values: multi-tenant aliases, junk tenant, unknown flow/cloud, non-GUID client', async () => {
    await expect(resolveTenantConfig({ env: { BREAKGLASS_TENANT: 'common' }, configFile: NO_FILE })).rejects.toThrow(
      /not a single tenant/,
    );
    await expect(
      resolveTenantConfig({ env: { BREAKGLASS_TENANT: 'not a tenant' }, configFile: NO_FILE }),
    ).rejects.toThrow(/neither a tenant id nor a domain/);
    await expect(
      resolveTenantConfig({
        env: { BREAKGLASS_TENANT: 'contoso.onmicrosoft.com', BREAKGLASS_FLOW: 'password' },
        configFile: NO_FILE,
      }),
    ).rejects.toThrow(/unknown sign-in flow "password" \(from BREAKGLASS_FLOW\)/);
    await expect(
      resolveTenantConfig({
        env: { BREAKGLASS_TENANT: 'contoso.onmicrosoft.com', BREAKGLASS_CLOUD: 'mars' },
        configFile: NO_FILE,
      }),
    ).rejects.toThrow(/unknown cloud/);
    await expect(resolveTenantConfig({ env: { BREAKGLASS_CLIENT_ID: 'abc' }, configFile: NO_FILE })).rejects.toThrow(
      /is not a GUID/,
    );
    await expect(resolveTenantConfig({ env: {}, configFile: file('{oops') })).rejects.toThrow(/not valid JSON/);
  });

  it('app-only flows need their own client id and credentials', async () => {
    await expect(
      resolveTenantConfig({
        env: { BREAKGLASS_TENANT: 'contoso.onmicrosoft.com', BREAKGLASS_FLOW: 'client-secret' },
        configFile: NO_FILE,
      }),
    ).rejects.toThrow(/needs its client id/);
    await expect(
      resolveTenantConfig({
        env: {
          BREAKGLASS_TENANT: 'contoso.onmicrosoft.com',
          BREAKGLASS_FLOW: 'client-certificate',
          BREAKGLASS_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
        },
        configFile: NO_FILE,
      }),
    ).rejects.toThrow(/needs a certificate file/);
    const ok = await resolveTenantConfig({
      flags: { secretEnv: 'MY_SECRET' },
      env: {
        BREAKGLASS_TENANT: 'contoso.onmicrosoft.com',
        BREAKGLASS_FLOW: 'client-secret',
        BREAKGLASS_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
      },
      configFile: NO_FILE,
    });
    expect(ok.secretEnv).toBe('MY_SECRET');
    await expect(
      resolveTenantConfig({ flags: { secretEnv: 'abc def!' }, env: {}, configFile: NO_FILE }),
    ).rejects.toThrow(/not an environment variable name/);
  });
});
