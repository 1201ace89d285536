import { timingSafeEqual } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import { AddressInfo, Socket } from 'node:net';
import { ApiError } from './ApiError';
import { ApiRequestHandler } from './ApiRequestHandler';
import { ADMIN, ApiIdentity, authorizeApiRequest, VIEWER } from './authorizeApiRequest';
import { parseApiPath } from './parseApiPath';
import { sendError } from './httpIo';

export interface ApiServerOptions {
  handler: ApiRequestHandler;
  /** Authenticates as cluster-admin. */
  token: string;
  /** Authenticates as a service account with the `view` ClusterRole (reads, no Secrets, no writes). */
  viewerToken?: string;
  /** Serve HTTPS with this certificate; plain HTTP when absent. */
  tls?: { certPem: string; keyPem: string };
  port: number;
  host?: string;
  logger?: (line: string) => void;
}

/** Paths a real apiserver answers without credentials (system:public-info-viewer). */
const PUBLIC_PATHS = /^\/(healthz|livez|readyz|version)(\/.*)?$/;

function tokenMatches(header: string | undefined, token: string): boolean | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** One simulated cluster's HTTP(S) endpoint with bearer-token authentication. */
export class ApiServer {
  private readonly server: http.Server | https.Server;
  private readonly sockets = new Set<Socket>();
  private listeningPort?: number;

  constructor(private readonly options: ApiServerOptions) {
    const listener = (req: IncomingMessage, res: ServerResponse) => this.onRequest(req, res);
    this.server = options.tls ? https.createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, listener) : http.createServer(listener);
    // Watches are long-lived requests; Node's default 5-minute request timeout would cut them.
    this.server.requestTimeout = 0;
    // Every socket, including idle keep-alive ones and TLS handshakes in flight, so close() can
    // drop them all as a real API server going away would (closeAllConnections misses some).
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  async listen(): Promise<number> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        reject(
          error.code === 'EADDRINUSE'
            ? new Error(`port ${this.options.port} on ${host} is already in use; choose another --port or 0 for random ports`)
            : error,
        );
      };
      this.server.once('error', onError);
      this.server.listen(this.options.port, host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.listeningPort = (this.server.address() as AddressInfo).port;
    return this.listeningPort;
  }

  get url(): string {
    if (this.listeningPort === undefined) throw new Error('server is not listening');
    return `${this.options.tls ? 'https' : 'http'}://${this.options.host ?? '127.0.0.1'}:${this.listeningPort}`;
  }

  get address(): string {
    return `${this.options.host ?? '127.0.0.1'}:${this.listeningPort ?? 0}`;
  }

  async close(): Promise<void> {
    this.options.handler.closeWatches();
    await new Promise<void>(resolve => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
    });
  }

  /** The identity of the bearer token; undefined without a header, false for a wrong token. */
  private authenticate(header: string | undefined): ApiIdentity | false | undefined {
    const admin = tokenMatches(header, this.options.token);
    if (admin === undefined) return undefined;
    if (admin) return ADMIN;
    if (this.options.viewerToken && tokenMatches(header, this.options.viewerToken)) return VIEWER;
    return false;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const started = Date.now();
    const path = (req.url ?? '/').split('?')[0];
    const identity = this.authenticate(req.headers.authorization);
    if (identity === false || (identity === undefined && !PUBLIC_PATHS.test(path))) {
      sendError(res, ApiError.unauthorized());
      return;
    }
    const forbidden = identity ? authorizeApiRequest(identity, req.method ?? 'GET', parseApiPath(path), new URL(req.url ?? '/', 'http://x').searchParams) : undefined;
    if (forbidden) {
      sendError(res, forbidden);
      return;
    }
    res.once('finish', () => {
      this.options.logger?.(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`);
    });
    void this.options.handler.handle(req, res);
  }
}
