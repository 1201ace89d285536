import http from 'http';
import https from 'https';
import { ClusterConnection } from './ClusterConnection';

export interface KubeReply {
  status: number;
  body: string;
}

/** An error from the socket or TLS layer, with Node's error code kept for diagnosis. */
export class KubeNetworkError extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
    this.name = 'KubeNetworkError';
  }
}

/**
 * Minimal GET client for one cluster's API server, with a keep-alive agent carrying the
 * cluster's CA and bearer token. Used for connection tests and informer lists; watches go
 * through @kubernetes/client-node.
 */
export class KubeHttpClient {
  private readonly agent: http.Agent;

  constructor(private readonly conn: ClusterConnection, private readonly timeoutMs = 15000) {
    this.agent = this.isHttps
      ? new https.Agent({ keepAlive: true, ca: conn.caData, rejectUnauthorized: !conn.insecureSkipTlsVerify })
      : new http.Agent({ keepAlive: true });
  }

  private get isHttps(): boolean {
    return this.conn.apiUrl.startsWith('https:');
  }

  get(path: string): Promise<KubeReply> {
    const base = this.conn.apiUrl.endsWith('/') ? this.conn.apiUrl : `${this.conn.apiUrl}/`;
    const url = new URL(path.replace(/^\//, ''), base);
    const lib = this.isHttps ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(
        url,
        {
          method: 'GET',
          agent: this.agent,
          timeout: this.timeoutMs,
          headers: { Authorization: `Bearer ${this.conn.token}`, Accept: 'application/json' },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', e => reject(new KubeNetworkError(e.message, (e as NodeJS.ErrnoException).code)));
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', e => reject(new KubeNetworkError(e.message, (e as NodeJS.ErrnoException).code)));
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
