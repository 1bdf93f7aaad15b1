/**
 * The practice tenant's trust, made once per session: one TLS context that
 * trusts its CA (and nothing else), and one kept-alive https agent built on
 * it that MSAL, the Graph client (./graph-https.ts), the ARM pipeline and the
 * Logs client share. Every client still speaks TLS to the tenant and checks
 * its certificate; what is saved is parsing the CA into a new context for
 * every connection, and opening a new connection (a full handshake) per
 * client when one already open, or a resumed session, will do.
 *
 * Only ever for the practice tenant: a live session keeps each SDK's own
 * agent, so a proxy (HTTPS_PROXY) still applies to it — the Azure SDK
 * pipeline uses a proxy only when no agent is given
 * (https://learn.microsoft.com/javascript/api/@azure/core-rest-pipeline/pipelineoptions).
 */
import { Agent } from 'node:https';
import { createSecureContext, type SecureContext } from 'node:tls';

export interface PracticeTrust {
  caPem: string;
  secureContext: SecureContext;
  agent: Agent;
}

export function practiceTrust(caPem: string): PracticeTrust {
  const secureContext = createSecureContext({ ca: caPem });
  // `ca` stays in the options: the agent keys its connections and TLS sessions by it.
  return { caPem, secureContext, agent: new Agent({ keepAlive: true, ca: caPem, secureContext }) };
}
