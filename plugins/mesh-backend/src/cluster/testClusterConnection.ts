import { InputError } from '@backstage/errors';
import { ClusterConnection } from './ClusterConnection';
import { KubeHttpClient, KubeNetworkError, KubeReply } from './KubeHttpClient';

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
]);

/** Turns a socket-level failure into a sentence that says which part is wrong. */
export function describeNetworkError(e: unknown, apiUrl: string): string {
  const code = e instanceof KubeNetworkError ? (e.code ?? '') : '';
  const message = e instanceof Error ? e.message : String(e);
  if (TLS_CODES.has(code)) {
    return `TLS verification of ${apiUrl} failed (${code}): check caData, or set insecureSkipTlsVerify for a test cluster`;
  }
  if (code === 'ECONNREFUSED')
    return `${apiUrl} refused the connection: is the API server running on that port?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `the host of ${apiUrl} cannot be resolved`;
  if (code === 'ETIMEDOUT') return `${apiUrl} did not answer in time`;
  if (
    code === 'EPROTO' ||
    code === 'ECONNRESET' ||
    /wrong version number|packet length/i.test(message)
  ) {
    return `${apiUrl} did not complete the handshake: does the scheme (https/http) match the server?`;
  }
  return `cannot reach ${apiUrl}: ${code || message}`;
}

/**
 * Checks a cluster before it is registered: the server answers as a Kubernetes API server
 * (`/version`) and the token may list namespaces, the first thing the cache needs.
 * Throws InputError naming the field at fault; the message never contains the token.
 */
export async function testClusterConnection(
  conn: ClusterConnection,
  timeoutMs = 5000,
): Promise<{ serverVersion: string }> {
  const client = new KubeHttpClient(conn, timeoutMs);
  const call = async (path: string): Promise<KubeReply> => {
    try {
      return await client.get(path);
    } catch (e) {
      throw new InputError(
        `apiUrl connection failed: ${describeNetworkError(e, conn.apiUrl)}`,
      );
    }
  };
  try {
    const version = await call('version');
    if (version.status === 401)
      throw new InputError(
        'token was rejected by the API server (401 Unauthorized)',
      );
    let gitVersion: string | undefined;
    try {
      gitVersion = (JSON.parse(version.body) as { gitVersion?: string })
        .gitVersion;
    } catch {
      gitVersion = undefined;
    }
    if (version.status !== 200 || !gitVersion) {
      throw new InputError(
        `apiUrl ${conn.apiUrl} does not look like a Kubernetes API server (GET /version answered ${version.status})`,
      );
    }
    const list = await call('api/v1/namespaces?limit=1');
    if (list.status === 401)
      throw new InputError(
        'token was rejected by the API server (401 Unauthorized)',
      );
    if (list.status === 403) {
      throw new InputError(
        'token is valid but may not list namespaces (403 Forbidden): grant it list and watch on the kinds Meshport reads',
      );
    }
    if (list.status !== 200)
      throw new InputError(`listing namespaces answered ${list.status}`);
    return { serverVersion: gitVersion };
  } finally {
    client.close();
  }
}
