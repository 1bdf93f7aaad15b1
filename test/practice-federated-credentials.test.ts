/**
 * GET /applications/{id}/federatedIdentityCredentials on the practice tenant
 * (List federatedIdentityCredentials,
 * https://learn.microsoft.com/graph/api/application-list-federatedidentitycredentials?view=graph-rest-1.0):
 * the real Microsoft Graph client, signed in app-only through workload
 * identity federation itself, reads back the credentials the scenario
 * declared — each response checked against the vendored Graph v1.0 metadata
 * (federatedIdentityCredential: name, issuer and audiences required).
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Agent } from 'undici';
import { Client } from '@microsoft/microsoft-graph-client';
import { parse } from 'yaml';
import { startPracticeServer, type PracticeServer } from '../src/practice/server.js';
import { AuthSession } from '../src/tenant/auth.js';
import { EvidenceLog } from '../src/tenant/evidence.js';
import { cloudProfile } from '../src/config/clouds.js';
import { loadGraphModel } from '../src/practice/contracts/graph-model.js';
import { validateGraphResponse } from '../src/practice/contracts/graph-contract.js';
import type { ContractLogLine } from '../src/practice/contracts/gate.js';

const root = resolve(import.meta.dirname, '..');
const APP = '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d';
const APP_OBJECT = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const REPOSITORY = 'contoso/breakglass-fleet';
/** Three credentials as Learn documents each issuer and subject (see the comments beside them). */
const DECLARED = [
  {
    // GitHub Actions, an environment (https://docs.github.com/en/actions/reference/security/oidc)
    name: 'github-breakglass-nightly',
    issuer: 'https://token.actions.githubusercontent.com',
    subject: `repo:${REPOSITORY}:environment:breakglass-nightly`,
    audiences: ['api://AzureADTokenExchange'],
  },
  {
    // Azure DevOps issuer (https://learn.microsoft.com/azure/devops/pipelines/release/troubleshoot-workload-identity)
    name: 'azure-devops-issuer',
    issuer: 'https://vstoken.dev.azure.com/0f1e2d3c-4b5a-4697-8879-6a5b4c3d2e1f',
    subject: 'sc://contoso/breakglass/breakglass-wif',
    audiences: ['api://AzureADTokenExchange'],
  },
  {
    // Microsoft Entra issuer for newer service connections (same page): <prefix>/sc/<organization id>/<connection id>
    name: 'entra-issuer',
    issuer: 'https://login.microsoftonline.com/9c1f2a3b-4d5e-4f60-8a7b-1c2d3e4f5a6b/v2.0',
    subject:
      '/eid1/c/pub/t/OyofnF5NYE-KexwtPk9aaw/a/rIRbSSETf0KqFyZ8pml3mA/sc/0f1e2d3c-4b5a-4697-8879-6a5b4c3d2e1f/6e5d4c3b-2a19-4807-96a5-b4c3d2e1f0a9',
    audiences: ['api://AzureADTokenExchange'],
  },
];

const dir = mkdtempSync(join(tmpdir(), 'bg-fic-'));
const log = join(dir, 'contracts.jsonl');
const previousLog = process.env['BREAKGLASS_PRACTICE_CONTRACT_LOG'];
let server: PracticeServer;
let graph: Client;
let auth: AuthSession;

function scenario(appRoles: string[]): object {
  const s = parse(readFileSync(join(root, 'src', 'practice', 'scenarios', 'healthy.yaml'), 'utf8'), {
    merge: true,
    maxAliasCount: -1,
  }) as { applications: object[] };
  s.applications.push({
    id: APP_OBJECT,
    displayName: 'breakglass pipeline checks',
    appId: APP,
    servicePrincipal: true,
    appRoles,
    federatedIdentityCredentials: DECLARED,
  });
  return s;
}

beforeAll(async () => {
  process.env['BREAKGLASS_PRACTICE_CONTRACT_LOG'] = log;
  server = await startPracticeServer({ scenario: scenario(['Application.Read.All']) });
  const job = server.githubActionsJob({ repository: REPOSITORY, environment: 'breakglass-nightly' });
  auth = new AuthSession({
    tenantId: server.tenantId,
    clientId: APP,
    flow: 'workload-identity',
    authorityHost: server.url,
    resources: cloudProfile('practice').resources,
    scopes: { graph: [], logs: [], arm: [] },
    caPem: server.caPem,
    trustAuthorityHost: true,
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: job.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: job.requestToken },
    evidence: new EvidenceLog(),
  });
  const dispatcher = new Agent({ connect: { ca: server.caPem } });
  graph = Client.init({
    authProvider: (done) => {
      auth.getToken('graph').then(
        (t) => done(null, t.token),
        (e: unknown) => done(e as Error, null),
      );
    },
    baseUrl: server.url,
    customHosts: new Set([new URL(server.url).hostname]),
    fetchOptions: { dispatcher },
  });
});
afterAll(async () => {
  auth?.close();
  await server?.close();
  if (previousLog === undefined) delete process.env['BREAKGLASS_PRACTICE_CONTRACT_LOG'];
  else process.env['BREAKGLASS_PRACTICE_CONTRACT_LOG'] = previousLog;
  rmSync(dir, { recursive: true, force: true });
});

interface Fic {
  id: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  description: string | null;
}

describe('GET /applications/{id}/federatedIdentityCredentials on the practice tenant', () => {
  it('the Graph client reads back every declared credential, as the v1.0 metadata defines it', async () => {
    const r = (await graph.api(`/applications/${APP_OBJECT}/federatedIdentityCredentials`).get()) as {
      '@odata.context': string;
      value: Fic[];
    };
    expect(r.value.map(({ name, issuer, subject, audiences }) => ({ name, issuer, subject, audiences }))).toEqual(
      DECLARED,
    );
    // Entity ids: GUIDs, one per credential, the same on a second read.
    expect(new Set(r.value.map((f) => f.id)).size).toBe(3);
    for (const f of r.value) expect(f.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const again = (await graph.api(`/applications/${APP_OBJECT}/federatedIdentityCredentials`).get()) as {
      value: Fic[];
    };
    expect(again.value.map((f) => f.id)).toEqual(r.value.map((f) => f.id));
    // The practice tenant checked its answer against the vendored metadata: a contract exists and it held.
    const lines = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ContractLogLine)
      .filter((l) => l.path.endsWith('/federatedIdentityCredentials'));
    expect(lines.map((l) => [l.client, l.request, l.response])).toEqual([
      ['graph-sdk', 'ok', 'ok'],
      ['graph-sdk', 'ok', 'ok'],
    ]);
  });

  it('$filter=subject eq … picks the one credential (the page documents $filter with eq)', async () => {
    const r = (await graph
      .api(`/applications/${APP_OBJECT}/federatedIdentityCredentials`)
      .filter(`subject eq '${DECLARED[2]!.subject}'`)
      .get()) as { value: Fic[] };
    expect(r.value.map((f) => f.name)).toEqual(['entra-issuer']);
  });

  it('the metadata contract would catch a credential the metadata does not define (a misspelled or mistyped member)', () => {
    const model = loadGraphModel();
    const path = `/applications/${APP_OBJECT}/federatedIdentityCredentials`;
    const good = { value: [{ id: 'x', ...DECLARED[0]!, description: null }] };
    expect(validateGraphResponse(model, 'GET', path, good)).toEqual({ checked: true, issues: [] });
    const misspelled = { value: [{ id: 'x', ...DECLARED[0]!, audience: 'api://AzureADTokenExchange' }] };
    expect(JSON.stringify(validateGraphResponse(model, 'GET', path, misspelled).issues)).toMatch(/audience/);
    const mistyped = { value: [{ id: 'x', ...DECLARED[0]!, audiences: 'api://AzureADTokenExchange' }] };
    expect(validateGraphResponse(model, 'GET', path, mistyped).issues.length).toBeGreaterThan(0);
  });

  it('an app without Application.Read.All is refused with Graph 403 Authorization_RequestDenied', async () => {
    const other = await startPracticeServer({ scenario: scenario(['User.Read.All']) });
    const job = other.githubActionsJob({ repository: REPOSITORY, environment: 'breakglass-nightly' });
    const a = new AuthSession({
      tenantId: other.tenantId,
      clientId: APP,
      flow: 'workload-identity',
      authorityHost: other.url,
      resources: cloudProfile('practice').resources,
      scopes: { graph: [], logs: [], arm: [] },
      caPem: other.caPem,
      trustAuthorityHost: true,
      env: { ACTIONS_ID_TOKEN_REQUEST_URL: job.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: job.requestToken },
      evidence: new EvidenceLog(),
    });
    try {
      const token = (await a.getToken('graph')).token;
      const res = await fetch(`${other.url}/v1.0/applications/${APP_OBJECT}/federatedIdentityCredentials`, {
        headers: { authorization: `Bearer ${token}` },
        dispatcher: new Agent({ connect: { ca: other.caPem } }),
      });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('Authorization_RequestDenied');
    } finally {
      a.close();
      await other.close();
    }
  });
});
