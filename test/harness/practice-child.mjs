// A practice tenant in its own process, for tests that must block their own
// event loop (as a busy pipeline runner's is) while the tenant keeps running.
// Serves the built server (dist/) with the `healthy` scenario plus an app that
// has a client secret and trusts a GitHub Actions environment through a
// federated credential, and sends { url, caPem, tenantId, clientId, secret,
// job } to the parent over IPC.
//   fork('test/harness/practice-child.mjs', [keepAliveTimeoutMs])
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const CLIENT_ID = '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d';
const REPOSITORY = 'contoso/breakglass-fleet';
const ENVIRONMENT = 'breakglass-nightly';
// Made per run and handed to the parent only: practice material, never a real secret.
const secret = randomBytes(24).toString('base64url');

const { startPracticeServer } = await import(join(root, 'dist', 'practice', 'server.js'));
const scenario = parse(readFileSync(join(root, 'src', 'practice', 'scenarios', 'healthy.yaml'), 'utf8'), {
  merge: true,
  maxAliasCount: -1,
});
scenario.applications.push({
  displayName: 'breakglass pipeline checks',
  appId: CLIENT_ID,
  servicePrincipal: true,
  appRoles: ['Directory.Read.All'],
  secrets: [secret],
  federatedIdentityCredentials: [
    {
      name: 'github',
      issuer: 'https://token.actions.githubusercontent.com',
      subject: `repo:${REPOSITORY}:environment:${ENVIRONMENT}`,
      audiences: ['api://AzureADTokenExchange'],
    },
  ],
});
const keepAliveTimeoutMs = Number(process.argv[2] ?? 5000);
const server = await startPracticeServer({ scenario, keepAliveTimeoutMs });
process.send({
  url: server.url,
  caPem: server.caPem,
  tenantId: server.tenantId,
  clientId: CLIENT_ID,
  secret,
  job: server.githubActionsJob({ repository: REPOSITORY, environment: ENVIRONMENT }),
});
process.on('disconnect', async () => {
  await server.close();
  process.exit(0);
});
