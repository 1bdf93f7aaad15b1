/**
 * The last link of the Graph client's middleware chain (in place of its HTTPMessageHandler, which
 * calls the global fetch): sends the request the client built over node:https, through the
 * session's kept-alive agent, and hands the client back a standard Response.
 *
 * Why not fetch: in Node 20 the global fetch needs undici's whole client (and, for the practice
 * tenant's CA, a second copy of undici for a dispatcher), each parsing llhttp's WebAssembly at every
 * start; measured on `check --all` that was about a quarter of the command's CPU. node:https is what
 * MSAL and the Azure SDK pipelines already use, so for the practice tenant the three clients now share
 * one agent (./practice-trust.ts) and its connections.
 *
 * What the handler does and does not do, compared with fetch:
 *  - the whole body is read before the Response is handed back, so a connection that breaks mid-body
 *    fails the attempt inside the retry middleware (./graph-transport.ts), where it can be retried;
 *  - it asks for gzip (Accept-Encoding, RFC 9110 §12.5.3) and decodes it, as fetch did: a large
 *    tenant's pages of users are several megabytes of JSON, and the operator may be on a poor link;
 *    a body in an encoding it did not ask for, or gzip that does not decode, fails the attempt;
 *  - redirects are not followed: Graph's JSON APIs do not redirect, and a 3xx reaches the caller as
 *    the status it is, which no read takes for success;
 *  - the request body is the string the Graph client serialised (JSON); anything else is refused.
 */
import { request, type Agent } from 'node:https';
import { gunzipSync } from 'node:zlib';

interface Context {
  request: string | { url: string };
  options?: { method?: string; body?: unknown; headers?: unknown; signal?: AbortSignal };
  response?: Response;
}

/** Headers as the Graph client leaves them: a Headers object, [name, value] pairs or a plain object. */
function headerRecord(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (h === undefined || h === null) return out;
  if (h instanceof Headers) h.forEach((v, k) => (out[k] = v));
  else if (Array.isArray(h)) for (const [k, v] of h as [string, string][]) out[k.toLowerCase()] = v;
  else for (const [k, v] of Object.entries(h as Record<string, string>)) out[k.toLowerCase()] = v;
  return out;
}

/** The body as sent, decoded from the one content coding asked for (gzip); throws on any other. */
function decodedBody(raw: Buffer, coding: string | undefined): Buffer {
  const c = (coding ?? '').trim().toLowerCase();
  if (c === '' || c === 'identity') return raw;
  if (c === 'gzip' || c === 'x-gzip') return gunzipSync(raw);
  throw new Error(`Graph answered with a content encoding that was not asked for: ${c}`);
}

/** Statuses whose Response must have no body (Fetch standard, "null body status"). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export class HttpsHandler {
  constructor(private readonly agent: Agent) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const o = context.options ?? {};
    const body = o.body;
    if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array))
      throw new TypeError('the Graph request body is not serialised JSON');
    context.response = await new Promise<Response>((resolve, reject) => {
      const req = request(
        url,
        {
          method: (o.method ?? 'GET').toUpperCase(),
          headers: { ...headerRecord(o.headers), 'accept-encoding': 'gzip' },
          agent: this.agent,
          ...(o.signal ? { signal: o.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            try {
              const body = decodedBody(Buffer.concat(chunks), res.headers['content-encoding']);
              const headers = new Headers();
              for (const [k, v] of Object.entries(res.headers)) {
                // The body handed on is decoded: its encoding and encoded length no longer describe it.
                if (v === undefined || k === 'content-encoding' || k === 'content-length') continue;
                for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
              }
              const status = res.statusCode ?? 0;
              resolve(
                new Response(NULL_BODY.has(status) ? null : body, {
                  status,
                  statusText: res.statusMessage ?? '',
                  headers,
                }),
              );
            } catch (e) {
              reject(e instanceof Error ? e : new Error(String(e)));
            }
          });
        },
      );
      req.on('error', reject);
      req.end(body ?? undefined);
    });
  }
}
