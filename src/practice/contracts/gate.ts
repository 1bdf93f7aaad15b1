/**
 * The practice tenant's contract gate: every Graph and ARM request body is
 * checked against Microsoft's vendored definitions before a handler runs, and
 * every response against the same definitions before it is sent.
 *
 *  - A request that breaks its contract gets the service's 400 in the
 *    service's envelope (Graph: graphBadRequest, ARM: armBadRequest).
 *  - A call with no contract at all is served normally, except in strict mode
 *    (BREAKGLASS_PRACTICE_CONTRACTS=strict, set for the test suite): there it
 *    is refused with 501, so nothing the product sends slips through unchecked.
 *  - Response problems never change the answer (the emulator's output is the
 *    model under test, not the caller's problem); with
 *    BREAKGLASS_PRACTICE_CONTRACT_LOG=<file> one JSON line per checked
 *    request/response is appended, and tests assert it holds no problem;
 *    scripts/contract-log-summary.mjs counts a whole run's lines (how many
 *    requests the product sent, how many validated).
 *
 * Log Analytics (api.loganalytics.io) is not gated: its query body is built by
 * Microsoft's own LogsQueryClient.
 */
import { appendFileSync } from 'node:fs';
import { loadGraphBetaModel, loadGraphModel, type GraphModel } from './graph-model.js';
import { graphBadRequest, validateGraphRequest, validateGraphResponse } from './graph-contract.js';
import { ArmContract, armBadRequest, loadArmSpecs } from './arm-contract.js';

export type ContractMode = 'enforce' | 'strict';

export interface GateRequest {
  host: 'graph' | 'arm';
  method: string;
  /** Graph: path under the version root ('/users/x'); ARM: the full resource path. Query not included. */
  path: string;
  /** Graph: 'v1.0' | 'beta'; ARM: the api-version. */
  version: string | undefined;
  body: unknown;
  headers: Record<string, string>;
  requestId: string;
  clientRequestId: string;
  /** A $batch envelope: checked by the batch handler; each item is gated on its own. */
  batchEnvelope?: boolean;
}

export type GateVerdict = { ok: true; contract: boolean } | { ok: false; status: number; body: unknown };

export interface ContractLogLine {
  host: 'graph' | 'arm';
  method: string;
  path: string;
  version: string | undefined;
  /**
   * Who sent it, from the headers: 'graph-sdk' (Microsoft Graph JavaScript client, `SdkVersion: graph-js/…`),
   * 'azure-sdk' (Azure core-rest-pipeline, `User-Agent: core-rest-pipeline/…`), 'other' (e.g. a test's raw HTTP call).
   * $batch items inherit the envelope's headers, so they are attributed to the client that sent the envelope.
   */
  client: 'graph-sdk' | 'azure-sdk' | 'other';
  /** A $batch envelope (its items have lines of their own). */
  batchEnvelope?: true;
  /** ok | invalid (answered 400) | none (no contract; strict mode refused it) */
  request: 'ok' | 'invalid' | 'none';
  /** ok | problems | unchecked (no response definition vendored) | skipped (error or empty answer) */
  response?: 'ok' | 'problems' | 'unchecked' | 'skipped';
  problems?: string[];
}

const PREFER_UNKNOWN = /include-unknown-enum-members/i;

export function contractMode(env: NodeJS.ProcessEnv = process.env): ContractMode {
  return env['BREAKGLASS_PRACTICE_CONTRACTS'] === 'strict' ? 'strict' : 'enforce';
}

export class ContractGate {
  private readonly graph: GraphModel;
  /** Read at the first beta request: only some checks read beta (sign-in log entries, group members). */
  private graphBetaModel: GraphModel | undefined;
  private readonly arm: ArmContract;

  constructor(
    readonly mode: ContractMode = contractMode(),
    private readonly logFile: string | undefined = process.env['BREAKGLASS_PRACTICE_CONTRACT_LOG'] || undefined,
  ) {
    this.graph = loadGraphModel();
    this.arm = new ArmContract(loadArmSpecs());
  }

  private get graphBeta(): GraphModel {
    this.graphBetaModel ??= loadGraphBetaModel();
    return this.graphBetaModel;
  }

  /** Checks a request before its handler runs. */
  request(r: GateRequest): GateVerdict {
    if (r.host === 'graph') {
      const version = r.version === 'beta' ? 'beta' : 'v1.0';
      const v = validateGraphRequest(version === 'beta' ? this.graphBeta : this.graph, {
        method: r.method,
        path: r.path,
        version,
        // The envelope's own rules (≤ 20 steps, ids, Content-Type) are the batch handler's; items are gated one by one.
        body: r.batchEnvelope ? { requests: [] } : r.body,
        includeUnknownEnumMembers: PREFER_UNKNOWN.test(r.headers['prefer'] ?? ''),
      });
      if (v.ok) return { ok: true, contract: true };
      if (v.status === 400) {
        this.log({ ...line(r), request: 'invalid', problems: v.issues.map((i) => `${i.at || '/'}: ${i.message}`) });
        return {
          ok: false,
          status: 400,
          body: graphBadRequest(v.issues, { requestId: r.requestId, clientRequestId: r.clientRequestId }),
        };
      }
      return this.noContract(r, v.reason);
    }
    const v = this.arm.validateRequest(r.method, r.path, r.version ?? '', r.body);
    if (v.ok) return { ok: true, contract: true };
    if (v.status === 400) {
      this.log({ ...line(r), request: 'invalid', problems: v.issues.map((i) => `${i.target}: ${i.message}`) });
      return { ok: false, status: 400, body: armBadRequest(v.issues) };
    }
    return this.noContract(r, v.reason);
  }

  /** Checks what the emulator is about to send; logs, never alters the answer. `contract`: the request had one. */
  response(r: GateRequest, contract: boolean, status: number, body: unknown): void {
    if (!this.logFile) return;
    const request = contract ? 'ok' : 'none';
    if (status >= 400 || body === undefined || r.batchEnvelope) {
      this.log({ ...line(r), request, response: 'skipped' });
      return;
    }
    const check =
      r.host === 'graph'
        ? ((c) => ({ checked: c.checked, problems: c.issues.map((i) => `${i.at || '/'}: ${i.message}`) }))(
            r.version === 'beta'
              ? validateGraphResponse(this.graphBeta, r.method, r.path, body, 'beta')
              : validateGraphResponse(this.graph, r.method, r.path, body, 'v1.0'),
          )
        : ((c) => ({ checked: c.checked, problems: c.issues.map((i) => `${i.target}: ${i.message}`) }))(
            this.arm.validateResponse(r.method, r.path, r.version ?? '', body),
          );
    this.log({
      ...line(r),
      request,
      response: !check.checked ? 'unchecked' : check.problems.length ? 'problems' : 'ok',
      ...(check.problems.length ? { problems: check.problems } : {}),
    });
  }

  private noContract(r: GateRequest, reason: string): GateVerdict {
    if (this.mode !== 'strict') return { ok: true, contract: false };
    this.log({ ...line(r), request: 'none', problems: [reason] });
    const message = `Practice tenant (strict contract mode): ${reason}. Every call breakglass makes needs a vendored Microsoft contract (src/practice/contracts).`;
    const body =
      r.host === 'graph'
        ? graphBadRequest([{ kind: 'WrongType', code: 'NotImplemented', at: '', message }], {
            requestId: r.requestId,
            clientRequestId: r.clientRequestId,
          })
        : { error: { code: 'NotImplemented', message } };
    return { ok: false, status: 501, body };
  }

  private log(l: ContractLogLine): void {
    if (this.logFile) appendFileSync(this.logFile, `${JSON.stringify(l)}\n`);
  }
}

const line = (
  r: GateRequest,
): Pick<ContractLogLine, 'host' | 'method' | 'path' | 'version' | 'client' | 'batchEnvelope'> => ({
  host: r.host,
  method: r.method,
  path: r.path,
  version: r.version,
  client: clientOf(r.headers),
  ...(r.batchEnvelope ? { batchEnvelope: true as const } : {}),
});

function clientOf(headers: Record<string, string>): ContractLogLine['client'] {
  if (/^graph-js\//i.test(headers['sdkversion'] ?? '')) return 'graph-sdk';
  if (/\bcore-rest-pipeline\//i.test(headers['user-agent'] ?? '')) return 'azure-sdk';
  return 'other';
}
