import { timingSafeEqual } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import { AddressInfo, Socket } from 'node:net';
import { ApiError } from './ApiError';
import { ApiRequestHandler } from './ApiRequestHandler';
import {
  ADMIN,
  ApiIdentity,
  authorizeIdentity,
  forbidden,
  RequestAuthorizer,
  requestAttributes,
  VIEWER,
} from './authorizeApiRequest';
import {
  impersonatedUser,
  impersonationAttributes,
  readImpersonation,
} from './impersonation';
import { parseApiPath } from './parseApiPath';
import {
  rbacAllows,
  RbacPolicySource,
  staticPolicySource,
} from './rbacAuthorizer';
import { sendError } from './httpIo';

export interface ApiServerOptions {
  handler: ApiRequestHandler;
  /** Authenticates as cluster-admin. */
  token: string;
  /** Authenticates as a service account with the `view` ClusterRole (reads, no Secrets, no writes). */
  viewerToken?: string;
  /**
   * The cluster's Roles, ClusterRoles and bindings: impersonated requests are authorized by RBAC over
   * them. Without it nothing is granted to an impersonated user.
   */
  rbac?: RbacPolicySource;
  /** Serve HTTPS with this certificate; plain HTTP when absent. */
  tls?: { certPem: string; keyPem: string };
  port: number;
  host?: string;
  logger?: (line: string) => void;
}

/** Paths a real apiserver answers without credentials (system:public-info-viewer). */
const PUBLIC_PATHS = /^\/(healthz|livez|readyz|version)(\/.*)?$/;

function tokenMatches(
  header: string | undefined,
  token: string,
): boolean | undefined {
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
    const listener = (req: IncomingMessage, res: ServerResponse) =>
      this.onRequest(req, res);
    this.server = options.tls
      ? https.createServer(
          { cert: options.tls.certPem, key: options.tls.keyPem },
          listener,
        )
      : http.createServer(listener);
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
            ? new Error(
                `port ${this.options.port} on ${host} is already in use; choose another --port or 0 for random ports`,
              )
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
    if (this.listeningPort === undefined)
      throw new Error('server is not listening');
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
  private authenticate(
    header: string | undefined,
  ): ApiIdentity | false | undefined {
    const admin = tokenMatches(header, this.options.token);
    if (admin === undefined) return undefined;
    if (admin) return ADMIN;
    if (
      this.options.viewerToken &&
      tokenMatches(header, this.options.viewerToken)
    )
      return VIEWER;
    return false;
  }

  /**
   * How this request is authorized: the fixed identity's rights, or, with Impersonate-* headers that
   * the identity may use, RBAC for the impersonated user. An ApiError when impersonation itself fails.
   */
  private authorizerFor(
    req: IncomingMessage,
    identity: ApiIdentity,
  ): RequestAuthorizer | ApiError {
    const impersonation = readImpersonation(req.headersDistinct);
    if (impersonation instanceof ApiError) return impersonation;
    if (!impersonation)
      return attributes => authorizeIdentity(identity, attributes);
    for (const attributes of impersonationAttributes(impersonation)) {
      const denied = authorizeIdentity(identity, attributes);
      if (denied) return denied;
    }
    const user = impersonatedUser(impersonation);
    const policy = this.options.rbac ?? staticPolicySource([]);
    return attributes =>
      rbacAllows(policy, user, attributes)
        ? undefined
        : forbidden(user.name, attributes);
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const identity = this.authenticate(req.headers.authorization);
    if (
      identity === false ||
      (identity === undefined && !PUBLIC_PATHS.test(url.pathname))
    ) {
      sendError(res, ApiError.unauthorized());
      return;
    }
    let authorize: RequestAuthorizer | undefined;
    if (identity) {
      const authorizer = this.authorizerFor(req, identity);
      if (authorizer instanceof ApiError) {
        sendError(res, authorizer);
        return;
      }
      authorize = authorizer;
      const path = parseApiPath(url.pathname);
      // Non-resource paths (discovery, OpenAPI, version) are open to every authenticated user, as
      // system:discovery and system:public-info-viewer make them on a real cluster.
      const denied =
        path?.kind === 'resource'
          ? authorize(
              requestAttributes(req.method ?? 'GET', path, url.searchParams),
            )
          : undefined;
      if (denied) {
        sendError(res, denied);
        return;
      }
    }
    res.once('finish', () => {
      this.options.logger?.(
        `${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`,
      );
    });
    void this.options.handler.handle(req, res, authorize);
  }
}
