/**
 * The cloud table: endpoints and resource identifiers per Microsoft cloud.
 * Data, not code — adding a sovereign cloud means adding a row here.
 *
 * `resources` are the OAuth resource identifiers used in scopes
 * (`<resource>/<Scope>` delegated, `<resource>/.default` app-only). They are
 * not always the same string as the endpoint the API is served from
 * (the practice tenant serves "Graph" from a loopback host but still issues
 * tokens for the resource https://graph.microsoft.com, like Entra does).
 */
import type { CloudEndpoints } from '../core/tenant.js';

export type CloudName = 'public' | 'usgov' | 'usgovdod' | 'china' | 'practice';

export interface CloudResources {
  graph: string;
  logs: string;
  arm: string;
}

export interface CloudProfile {
  name: CloudName;
  label: string;
  /** undefined for practice: its endpoints come from the running practice server. */
  endpoints?: CloudEndpoints;
  resources: CloudResources;
}

const PUBLIC_RESOURCES: CloudResources = {
  graph: 'https://graph.microsoft.com',
  logs: 'https://api.loganalytics.io',
  arm: 'https://management.azure.com',
};

export const CLOUDS: Readonly<Record<CloudName, CloudProfile>> = {
  public: {
    name: 'public',
    label: 'Microsoft Entra (global)',
    endpoints: {
      authorityHost: 'https://login.microsoftonline.com',
      graph: 'https://graph.microsoft.com',
      logs: 'https://api.loganalytics.io/v1',
      arm: 'https://management.azure.com',
    },
    resources: PUBLIC_RESOURCES,
  },
  // Microsoft Graph's national cloud deployments (https://learn.microsoft.com/graph/deployments): US Government
  // L4 (GCC High) and L5 (DoD) share the sign-in and ARM hosts but not Graph's.
  usgov: {
    name: 'usgov',
    label: 'Microsoft Entra for US Government (GCC High, L4)',
    endpoints: {
      authorityHost: 'https://login.microsoftonline.us',
      graph: 'https://graph.microsoft.us',
      logs: 'https://api.loganalytics.us/v1',
      arm: 'https://management.usgovcloudapi.net',
    },
    resources: {
      graph: 'https://graph.microsoft.us',
      logs: 'https://api.loganalytics.us',
      arm: 'https://management.usgovcloudapi.net',
    },
  },
  usgovdod: {
    name: 'usgovdod',
    label: 'Microsoft Entra for US Government (DoD, L5)',
    endpoints: {
      authorityHost: 'https://login.microsoftonline.us',
      graph: 'https://dod-graph.microsoft.us',
      logs: 'https://api.loganalytics.us/v1',
      arm: 'https://management.usgovcloudapi.net',
    },
    resources: {
      graph: 'https://dod-graph.microsoft.us',
      logs: 'https://api.loganalytics.us',
      arm: 'https://management.usgovcloudapi.net',
    },
  },
  china: {
    name: 'china',
    label: 'Microsoft Entra operated by 21Vianet (China)',
    endpoints: {
      authorityHost: 'https://login.chinacloudapi.cn',
      graph: 'https://microsoftgraph.chinacloudapi.cn',
      logs: 'https://api.loganalytics.azure.cn/v1',
      arm: 'https://management.chinacloudapi.cn',
    },
    resources: {
      graph: 'https://microsoftgraph.chinacloudapi.cn',
      logs: 'https://api.loganalytics.azure.cn',
      arm: 'https://management.chinacloudapi.cn',
    },
  },
  practice: {
    name: 'practice',
    label: 'PRACTICE tenant (local emulator)',
    resources: PUBLIC_RESOURCES,
  },
};

export function isCloudName(v: string): v is CloudName {
  return Object.prototype.hasOwnProperty.call(CLOUDS, v);
}

/** The clouds a live tenant can be in, as they are spelled on the command line and in configuration. */
export const LIVE_CLOUDS = ['public', 'usgov', 'usgovdod', 'china'] as const;

export function cloudProfile(name: CloudName): CloudProfile {
  return CLOUDS[name];
}
