#!/usr/bin/env node
/**
 * Counts a contract log: how many Graph and ARM requests breakglass sent to
 * the practice tenant, and how many validated against Microsoft's vendored
 * definitions (src/practice/contracts/README.md).
 *
 *   BREAKGLASS_PRACTICE_CONTRACT_LOG=$PWD/contracts.jsonl npx vitest run test/runbooks …
 *   node scripts/contract-log-summary.mjs contracts.jsonl [--json]
 *
 * Each line is one request the practice tenant's contract gate saw (a $batch
 * item is one line; its envelope one more, counted apart). "The product" is
 * what the real clients sent (Graph JavaScript client, Azure SDK pipeline);
 * raw HTTP calls a test makes on purpose (e.g. a misspelled body) are counted
 * apart as `other`. Log Analytics queries are not gated (the LogsQueryClient
 * builds that body) and do not appear. Exits 1 when a product request was
 * invalid or had no contract, or a response broke its definition.
 */
import { readFileSync } from 'node:fs';

const [file, ...flags] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/contract-log-summary.mjs <contract-log.jsonl> [--json]');
  process.exit(2);
}

const lines = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));

const count = (xs, key) => xs.reduce((m, x) => ({ ...m, [x[key] ?? '-']: (m[x[key] ?? '-'] ?? 0) + 1 }), {});
const product = lines.filter((l) => l.client === 'graph-sdk' || l.client === 'azure-sdk');
const requests = product.filter((l) => !l.batchEnvelope);
const summary = {
  lines: lines.length,
  product: {
    requests: requests.length,
    batchEnvelopes: product.length - requests.length,
    byHost: count(requests, 'host'),
    request: count(requests, 'request'),
    response: count(requests, 'response'),
    validated: requests.filter((l) => l.request === 'ok').length,
  },
  other: {
    requests: lines.length - product.length,
    request: count(
      lines.filter((l) => !product.includes(l)),
      'request',
    ),
  },
  problems: requests
    .filter((l) => l.request !== 'ok' || l.response === 'problems')
    .map(
      (l) =>
        `${l.method} ${l.host === 'graph' ? `/${l.version}` : ''}${l.path}: ${l.request}/${l.response ?? '-'} ${(l.problems ?? []).join('; ')}`,
    ),
};

if (flags.includes('--json')) console.log(JSON.stringify(summary, null, 2));
else {
  const p = summary.product;
  console.log(
    `${p.requests} requests from breakglass (${p.byHost.graph ?? 0} Graph, ${p.byHost.arm ?? 0} ARM; plus ${p.batchEnvelopes} $batch envelopes): ` +
      `${p.validated} validated against the vendored definitions, ${p.request.invalid ?? 0} invalid (400), ${p.request.none ?? 0} without a contract.`,
  );
  console.log(
    `responses: ${p.response.ok ?? 0} conform, ${p.response.problems ?? 0} with problems, ${p.response.unchecked ?? 0} unchecked (no definition vendored), ${p.response.skipped ?? 0} not checked (error or empty answer).`,
  );
  console.log(
    `${summary.other.requests} other requests (raw HTTP from tests): ${JSON.stringify(summary.other.request)}`,
  );
  for (const l of summary.problems.slice(0, 50)) console.log(`  problem: ${l}`);
}
process.exit(summary.problems.length ? 1 : 0);
