import http from 'http';
import https from 'https';
import { ClusterConnection } from './ClusterConnection';

export interface KubeReply {
  status: number;
  body: string;
}

/** An error from the socket or TLS layer, with Node's error code kept for diagnosis. */
export class KubeNetworkError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'KubeNetworkError';
  }
}

/** Who a write is made as: the cluster's credentials, optionally impersonating a Backstage user. */
export interface KubeImpersonation {
  user: string;
  groups: string[];
}

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** Defaults to application/json when there is a body. */
  contentType?: string;
  impersonate?: KubeImpersonation;
}

/**
 * Minimal client for one cluster's API server, with a keep-alive agent carrying the cluster's CA
 * and bearer token. Used for connection tests, informer lists and the write path; watches go
 * through @kubernetes/client-node. Hand-written on purpose: the write path needs exact control of
 * headers (impersonation, server-side apply's content type) and of the raw Status reply, which
 * client-node's generated API hides behind typed exceptions.
 */
export class KubeHttpClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly conn: ClusterConnection,
    private readonly timeoutMs = 15000,
  ) {
    this.agent = this.isHttps
      ? new https.Agent({
          keepAlive: true,
          ca: conn.caData,
          rejectUnauthorized: !conn.insecureSkipTlsVerify,
        })
      : new http.Agent({ keepAlive: true });
  }

  private get isHttps(): boolean {
    return this.conn.apiUrl.startsWith('https:');
  }

  get(path: string): Promise<KubeReply> {
    return this.request({ method: 'GET', path });
  }

  request(r: KubeRequest): Promise<KubeReply> {
    const base = this.conn.apiUrl.endsWith('/')
      ? this.conn.apiUrl
      : `${this.conn.apiUrl}/`;
    const url = new URL(r.path.replace(/^\//, ''), base);
    const lib = this.isHttps ? https : http;
    let payload: string | undefined;
    if (r.body !== undefined)
      payload = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    const headers: http.OutgoingHttpHeaders = {
      Authorization: `Bearer ${this.conn.token}`,
      Accept: 'application/json',
    };
    if (payload !== undefined) {
      headers['Content-Type'] = r.contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    }
    if (r.impersonate) {
      headers['Impersonate-User'] = r.impersonate.user;
      if (r.impersonate.groups.length > 0)
        headers['Impersonate-Group'] = r.impersonate.groups;
    }
    return this.send(lib, url, r.method, headers, payload, true);
  }

  /**
   * One HTTP exchange. A keep-alive socket the server closed while it sat idle fails the next
   * request at once with ECONNRESET (or "socket hang up") before the server read any of it; such a
   * request is sent once more on a fresh socket, as Node's documentation advises
   * (`request.reusedSocket`). Any other failure, or one on a fresh socket, is not retried.
   */
  private send(
    lib: typeof http | typeof https,
    url: URL,
    method: KubeRequest['method'],
    headers: http.OutgoingHttpHeaders,
    payload: string | undefined,
    mayRetry: boolean,
  ): Promise<KubeReply> {
    return new Promise((resolve, reject) => {
      const req = lib.request(
        url,
        {
          method,
          agent: this.agent,
          timeout: this.timeoutMs,
          headers,
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', e =>
            reject(
              new KubeNetworkError(
                e.message,
                (e as NodeJS.ErrnoException).code,
              ),
            ),
          );
        },
      );
      req.on('timeout', () =>
        req.destroy(
          Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }),
        ),
      );
      req.on('error', e => {
        const code = (e as NodeJS.ErrnoException).code;
        if (
          mayRetry &&
          req.reusedSocket &&
          (code === 'ECONNRESET' || e.message === 'socket hang up')
        ) {
          resolve(this.send(lib, url, method, headers, payload, false));
          return;
        }
        reject(new KubeNetworkError(e.message, code));
      });
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
