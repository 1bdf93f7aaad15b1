/**
 * MSAL's network module for the practice tenant: all of MSAL's HTTP goes
 * through node:https with the practice CA as the ONLY trusted root (and
 * keep-alive), passed as `system.networkClient`. MSAL itself is unchanged.
 *
 * Usage (src/tenant/, practice mode):
 *   new PublicClientApplication({
 *     auth: { clientId, authority: `${server.url}/${tenantId}`, knownAuthorities: [new URL(server.url).host] },
 *     system: { networkClient: createPracticeNetworkModule(server.caPem) },
 *   })
 */
import { Agent, request } from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

export interface PracticeNetworkModule extends INetworkModule {
  /** Close idle keep-alive sockets. */
  destroy(): void;
}

export function createPracticeNetworkModule(caPem: string, opts: { timeoutMs?: number } = {}): PracticeNetworkModule {
  const agent = new Agent({ ca: caPem, keepAlive: true });
  const send = <T>(
    method: 'GET' | 'POST',
    url: string,
    options: NetworkRequestOptions | undefined,
    timeout?: number,
  ): Promise<NetworkResponse<T>> =>
    new Promise((resolve, reject) => {
      const body = options?.body;
      const headers: Record<string, string> = { ...(options?.headers ?? {}) };
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const req = request(url, { method, agent, headers, timeout: timeout ?? opts.timeoutMs ?? 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : {};
          } catch {
            // Same fallback as MSAL's own HttpClient: surface a non-JSON body as an error object.
            parsed = {
              error: 'invalid_response',
              error_description: `Non-JSON response (HTTP ${res.statusCode ?? 0}): ${text.slice(0, 200)}`,
            };
          }
          resolve({ headers: h, body: parsed as T, status: res.statusCode ?? 0 });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`Request to ${new URL(url).origin} timed out`)));
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) =>
      send<T>('GET', url, options, timeout),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>('POST', url, options),
    destroy: () => agent.destroy(),
  };
}
