/**
 * A scenario can hold every authentication method type Microsoft Graph v1.0 defines (the derived types of
 * authenticationMethod in the vendored metadata), and the practice tenant serves each under its own
 * @odata.type — so a check meets, on the practice tenant, every kind of method a real tenant can return.
 */
import { describe, expect, it } from 'vitest';
import { graphModel } from '../contracts/graph-model.js';
import { AuthMethodSpec } from './schema.js';
import { loadWorld } from './index.js';
import { methodJson } from '../routes/serialize.js';

const V1_TYPES = Object.entries(graphModel().types)
  .filter(([, t]) => t.base === 'microsoft.graph.authenticationMethod')
  .map(([name]) => name.replace('microsoft.graph.', '').replace(/AuthenticationMethod$/, ''));

/** The scenario spelling of each v1.0 type, and a minimal spec. */
const SPEC: Record<string, Record<string, unknown>> = {
  email: { type: 'email', emailAddress: 'a@example.com' },
  external: { type: 'external' },
  fido2: { type: 'fido2' },
  microsoftAuthenticator: { type: 'microsoftAuthenticator' },
  password: {},
  phone: { type: 'phone', phoneNumber: '+1 5550100' },
  platformCredential: { type: 'platformCredential' },
  qrCodePin: { type: 'qrCodePin' },
  softwareOath: { type: 'softwareOath' },
  temporaryAccessPass: { type: 'temporaryAccessPass' },
  windowsHelloForBusiness: { type: 'windowsHelloForBusiness' },
};

describe('authentication method types in scenarios', () => {
  it('covers every derived type of authenticationMethod in Graph v1.0', () => {
    expect(V1_TYPES.length).toBeGreaterThan(8);
    for (const t of V1_TYPES) expect(SPEC[t], `scenario spelling for ${t}`).toBeDefined();
  });

  it('serves each under its v1.0 @odata.type (the password is every user’s, not a scenario method)', () => {
    const specs = V1_TYPES.filter((t) => t !== 'password').map((t) => AuthMethodSpec.parse(SPEC[t]));
    const w = loadWorld({
      name: 'x',
      tenant: { initialDomain: 'x.onmicrosoft.com' },
      operator: { upn: 'a@x.onmicrosoft.com' },
      users: [{ upn: 'a@x.onmicrosoft.com', methods: specs }],
    });
    const u = w.user('a@x.onmicrosoft.com')!;
    const served = new Set(u._methods.map((m) => String(methodJson(w, m, u)['@odata.type'])));
    for (const t of V1_TYPES.filter((x) => x !== 'password'))
      expect(served.has(`#microsoft.graph.${t}AuthenticationMethod`), t).toBe(true);
  });
});
