import { IncomingMessage, ServerResponse } from 'node:http';
import { ResourceRegistry } from '../registry/ResourceRegistry';
import { ObjectStore } from '../store/ObjectStore';
import { SelectorParseError } from '../store/SelectorParseError';
import { ApiError } from './ApiError';
import { RequestAuthorizer } from './authorizeApiRequest';
import {
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from './discovery';
import { sendError, sendJson } from './httpIo';
import { negotiate } from './negotiation';
import { ObjectReader } from './ObjectReader';
import { ObjectWriter } from './ObjectWriter';
import { openApiV3Document, openApiV3Index } from './openApiV3';
import { ApiPath, parseApiPath } from './parseApiPath';
import { ResourcePath, ResourceRequestHandler } from './ResourceRequestHandler';

export interface ApiHandlerOptions {
  store: ObjectStore;
  registry: ResourceRegistry;
  reader: ObjectReader;
  writer: ObjectWriter;
  /** host:port clients reach this server at (reported by /api). */
  serverAddress(): string;
  bookmarkIntervalMs: number;
  /** Watch lifetime when the client sets no timeoutSeconds. */
  defaultWatchTimeoutMs: number;
}

/** The Kubernetes version the sandbox imitates; build fields are empty because there is no Go build. */
const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4+meshport-sandbox',
  gitCommit: '',
  gitTreeState: '',
  buildDate: '',
  goVersion: '',
  compiler: '',
  platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};

/** Routes one authenticated request: health, version, discovery, OpenAPI, and resource verbs. */
export class ApiRequestHandler {
  private readonly resources: ResourceRequestHandler;

  constructor(private readonly options: ApiHandlerOptions) {
    this.resources = new ResourceRequestHandler(options);
  }

  /**
   * `authorize` decides checks that arise inside a request (a server-side apply that creates the
   * object also needs `create`); the request itself was authorized before it got here.
   */
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    authorize?: RequestAuthorizer,
  ): Promise<void> {
    try {
      await this.route(req, res, authorize);
    } catch (error) {
      if (error instanceof ApiError) {
        sendError(res, error);
      } else if (error instanceof SelectorParseError) {
        sendError(res, ApiError.badRequest(error.message));
      } else {
        sendError(
          res,
          ApiError.internal((error as Error).message ?? String(error)),
        );
      }
    }
  }

  /** Ends every open watch (server shutdown). */
  closeWatches(): void {
    this.resources.closeWatches();
  }

  private async route(
    req: IncomingMessage,
    res: ServerResponse,
    authorize: RequestAuthorizer | undefined,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/version') {
      sendJson(res, 200, VERSION_INFO);
      return;
    }
    if (/^\/(healthz|livez|readyz)(\/.*)?$/.test(path)) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    }
    if (path === '/openapi/v3') {
      sendJson(res, 200, openApiV3Index(this.options.registry));
      return;
    }
    if (path.startsWith('/openapi/v3/')) {
      const document = openApiV3Document(
        this.options.registry,
        path.slice('/openapi/v3/'.length),
      );
      if (!document) throw ApiError.pathNotFound();
      sendJson(res, 200, document);
      return;
    }
    const parsed = parseApiPath(path);
    if (!parsed) {
      throw ApiError.pathNotFound();
    }
    if (parsed.kind !== 'resource') {
      if (req.method !== 'GET') throw ApiError.methodNotAllowed();
      this.discovery(req, res, parsed);
      return;
    }
    await this.resources.handle(req, res, parsed, url.searchParams, authorize);
  }

  private discovery(
    req: IncomingMessage,
    res: ServerResponse,
    path: Exclude<ApiPath, ResourcePath>,
  ): void {
    const { registry } = this.options;
    if (path.kind === 'core-root' || path.kind === 'groups-root') {
      const format = negotiate(req.headers.accept, {
        aggregatedDiscovery: true,
      });
      if (format?.kind === 'aggregated-discovery') {
        const body = aggregatedDiscovery(
          registry,
          path.kind === 'core-root' ? 'core' : 'apis',
          format.version,
        );
        sendJson(res, 200, body, {
          'Content-Type': `application/json;g=apidiscovery.k8s.io;v=${format.version};as=APIGroupDiscoveryList`,
        });
        return;
      }
      sendJson(
        res,
        200,
        path.kind === 'core-root'
          ? apiVersions(this.options.serverAddress())
          : apiGroupList(registry),
      );
      return;
    }
    if (path.kind === 'group') {
      const group = apiGroup(registry, path.group);
      if (!group) throw ApiError.pathNotFound();
      sendJson(res, 200, group);
      return;
    }
    if (path.group === '' && path.version !== 'v1')
      throw ApiError.pathNotFound();
    const list = apiResourceList(registry, path.group, path.version);
    if (!list) throw ApiError.pathNotFound();
    sendJson(res, 200, list);
  }
}
