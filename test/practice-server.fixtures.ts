/**
 * Response shapes copied from Microsoft's documented examples (values are
 * examples; tests compare the SHAPE: keys and value types). Sources:
 *  - Graph errors: learn.microsoft.com/graph/errors ("error resource type")
 *  - Graph throttling: learn.microsoft.com/graph/throttling (429 + Retry-After)
 *  - Graph $batch: learn.microsoft.com/graph/json-batching
 *  - Entra token errors: learn.microsoft.com/entra/identity-platform/reference-error-codes
 *    and v2-oauth2-device-code ("authorization_pending")
 *  - Log Analytics errors: learn.microsoft.com/azure/azure-monitor/logs/api/errors
 *  - ARM errors: learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors
 */
export const GRAPH_ERROR = {
  error: {
    code: 'InvalidAuthenticationToken',
    message: 'Access token is empty.',
    innerError: {
      date: '2024-05-01T12:00:00',
      'request-id': '1b4b3c8e-0000-0000-0000-000000000000',
      'client-request-id': '1b4b3c8e-0000-0000-0000-000000000000',
    },
  },
};

export const GRAPH_COLLECTION_PAGE = {
  '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users',
  '@odata.nextLink': 'https://graph.microsoft.com/v1.0/users?$top=2&$skiptoken=RFNwdAIAAQAAAD8...',
  value: [{ id: '87d349ed-44d7-43e1-9a83-5f2406dee5bd', displayName: 'Adele Vance' }],
};

export const GRAPH_BATCH_RESPONSE = {
  responses: [{ id: '1', status: 200, headers: { 'Content-Type': 'application/json' }, body: {} }],
};

export const ENTRA_TOKEN_ERROR = {
  error: 'authorization_pending',
  error_description:
    'AADSTS70016: OAuth 2.0 device flow error. Authorization is pending. Continue polling. Trace ID: 0000 Correlation ID: 0000 Timestamp: 2024-05-01 12:00:00Z',
  error_codes: [70016],
  timestamp: '2024-05-01 12:00:00Z',
  trace_id: '0000aaaa-11bb-cccc-dd22-eeeeee333333',
  correlation_id: 'aaaa0000-bb11-2222-33cc-444444dddddd',
  error_uri: 'https://login.microsoftonline.com/error?code=70016',
};

export const ENTRA_DEVICE_CODE = {
  user_code: 'FZ3HJQ8TK',
  device_code: 'DAQABAAEAAAD--DLA3VO7QrddgJg7WevrQ...',
  verification_uri: 'https://microsoft.com/devicelogin',
  expires_in: 900,
  interval: 5,
  message:
    'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FZ3HJQ8TK to authenticate.',
};

export const ENTRA_TOKEN = {
  token_type: 'Bearer',
  scope: 'https://graph.microsoft.com/.default',
  expires_in: 3599,
  ext_expires_in: 3599,
  access_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6Ik1uQ19WWmNBVGZNNXBP...',
};

export const LOGS_ERROR = {
  error: {
    message: 'The provided credentials have insufficient access to perform the requested operation',
    code: 'InsufficientAccessError',
    correlationId: '7d5c5ac2-0000-0000-0000-000000000000',
  },
};

export const ARM_ERROR = {
  error: {
    code: 'AuthorizationFailed',
    message:
      "The client 'user@contoso.com' with object id '00000000-0000-0000-0000-000000000000' does not have authorization to perform action 'Microsoft.Insights/scheduledQueryRules/read' over scope '/subscriptions/…' or the scope is invalid. If access was recently granted, please refresh your credentials.",
  },
};

/** Keys and leaf types, recursively (arrays: shape of the first element). */
export function shapeOf(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? [shapeOf(v[0])] : [];
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .map(([k, x]) => [k, shapeOf(x)])
        .sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)),
    );
  return v === null ? 'null' : typeof v;
}
