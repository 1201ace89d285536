import { IncomingMessage, ServerResponse } from 'node:http';
import { FieldValidation } from '../admission/Admission';
import { asVersion } from '../registry/asVersion';
import { ResourceRegistry } from '../registry/ResourceRegistry';
import { ResourceType } from '../registry/types';
import { parseFieldSelector } from '../store/fieldSelector';
import { parseLabelSelector } from '../store/labelSelector';
import { formatFieldPath, serverSideApply } from '../store/managedFields';
import { timestamp } from '../util/names';
import {
  APPLY_PATCH,
  fieldManagerOf,
  patchDocument,
  patchTypes,
} from './applyPatch';
import { ObjectStore } from '../store/ObjectStore';
import { KubeObject } from '../store/types';
import { ApiError } from './ApiError';
import { RequestAuthorizer } from './authorizeApiRequest';
import { parseBody, readBody, sendJson, warningHeaders } from './httpIo';
import { baseContentType, negotiate, ResponseFormat } from './negotiation';
import { ListQuery, ObjectReader } from './ObjectReader';
import {
  DeleteOptions,
  ObjectWriter,
  PropagationPolicy,
  WriteOptions,
} from './ObjectWriter';
import { ApiPath } from './parseApiPath';
import { replicasFromScale, toScale } from './scaleSubresource';
import { IncludeObject, toTable } from './tableConversion';
import { WatchSession } from './WatchSession';

export interface ResourceHandlerOptions {
  store: ObjectStore;
  registry: ResourceRegistry;
  reader: ObjectReader;
  writer: ObjectWriter;
  bookmarkIntervalMs: number;
  /** Watch lifetime when the client sets no timeoutSeconds. */
  defaultWatchTimeoutMs: number;
}

export type ResourcePath = Extract<ApiPath, { kind: 'resource' }>;

/** The verbs on resource paths: get, list, watch, create, update, patch, delete, deletecollection, scale. */
export class ResourceRequestHandler {
  private readonly watches = new Set<WatchSession>();

  constructor(private readonly options: ResourceHandlerOptions) {}

  /** Ends every open watch (server shutdown). */
  closeWatches(): void {
    for (const watch of [...this.watches]) {
      watch.close();
    }
  }

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    path: ResourcePath,
    query: URLSearchParams,
    authorize?: RequestAuthorizer,
  ): Promise<void> {
    const type = this.options.registry.lookup(
      path.group,
      path.version,
      path.resource,
    );
    if (!type || (path.namespace !== undefined && !type.namespaced)) {
      throw ApiError.pathNotFound();
    }
    const sub = path.subresource;
    const subOk =
      sub === undefined ||
      (sub === 'status' && type.subresources.status) ||
      (sub === 'scale' && type.subresources.scale !== undefined) ||
      (sub === 'finalize' && type.group === '' && type.plural === 'namespaces');
    if (!subOk || (sub !== undefined && path.name === undefined)) {
      throw ApiError.pathNotFound();
    }
    const method = req.method ?? 'GET';
    const namespace = type.namespaced ? path.namespace : undefined;
    const watch =
      path.legacyWatch ||
      query.get('watch') === 'true' ||
      query.get('watch') === '1';

    if (method === 'GET' && path.name === undefined) {
      if (watch) this.watch(req, res, type, path.version, namespace, query);
      else this.list(req, res, type, path.version, namespace, query);
      return;
    }
    if (method === 'GET' && path.name !== undefined) {
      if (watch) {
        // A watch on one object is a watch with a name field selector.
        query.set(
          'fieldSelector',
          [query.get('fieldSelector'), `metadata.name=${path.name}`]
            .filter(Boolean)
            .join(','),
        );
        this.watch(req, res, type, path.version, namespace, query);
        return;
      }
      const object = this.options.reader.get(
        type,
        path.version,
        namespace,
        path.name,
      );
      if (sub === 'scale') {
        sendJson(res, 200, toScale(object));
        return;
      }
      this.sendObject(req, res, 200, type, path.version, object, query, []);
      return;
    }
    if (method === 'POST' && path.name === undefined) {
      if (type.namespaced && namespace === undefined)
        throw ApiError.methodNotAllowed();
      const body = await this.body(req);
      const result = this.options.writer.create(
        type,
        path.version,
        namespace,
        body as KubeObject,
        this.writeOptions(query, req),
      );
      this.sendObject(
        req,
        res,
        201,
        type,
        path.version,
        result.object,
        query,
        result.warnings,
      );
      return;
    }
    if (method === 'PUT' && path.name !== undefined) {
      const body = (await this.body(req)) as KubeObject;
      if (sub === 'scale') {
        this.writeScale(
          res,
          type,
          path.version,
          namespace,
          path.name,
          body,
          query,
          req,
        );
        return;
      }
      const result = this.options.writer.replace(
        type,
        path.version,
        namespace,
        path.name,
        body,
        {
          ...this.writeOptions(query, req),
          subresource: sub as WriteOptions['subresource'],
        },
      );
      this.sendObject(
        req,
        res,
        200,
        type,
        path.version,
        result.object,
        query,
        result.warnings,
      );
      return;
    }
    if (method === 'PATCH' && path.name !== undefined) {
      await this.patch(req, res, type, path, namespace, query, authorize);
      return;
    }
    if (method === 'DELETE' && path.name !== undefined && sub === undefined) {
      const options = await this.deleteOptions(req, query);
      const deleted = this.options.writer.delete(
        type,
        namespace,
        path.name,
        options,
      );
      this.sendObject(
        req,
        res,
        200,
        type,
        path.version,
        asVersion(type, path.version, deleted),
        query,
        [],
      );
      return;
    }
    if (method === 'DELETE' && path.name === undefined) {
      await this.deleteCollection(
        req,
        res,
        type,
        path.version,
        namespace,
        query,
      );
      return;
    }
    throw ApiError.methodNotAllowed();
  }

  private listQuery(query: URLSearchParams): ListQuery {
    const limit = query.get('limit');
    return {
      labelSelector: parseLabelSelector(query.get('labelSelector') ?? ''),
      fieldSelector: parseFieldSelector(query.get('fieldSelector') ?? ''),
      limit: limit ? Number(limit) : undefined,
      continueToken: query.get('continue') || undefined,
      resourceVersion: query.get('resourceVersion') ?? undefined,
      resourceVersionMatch: query.get('resourceVersionMatch') ?? undefined,
    };
  }

  private format(req: IncomingMessage): ResponseFormat {
    const format = negotiate(req.headers.accept, { table: true });
    if (!format) {
      throw ApiError.notAcceptable(
        'only the following media types are accepted: application/json, application/yaml',
      );
    }
    return format;
  }

  private includeObject(query: URLSearchParams): IncludeObject {
    const value = query.get('includeObject');
    return value === 'None' || value === 'Object' ? value : 'Metadata';
  }

  private list(
    req: IncomingMessage,
    res: ServerResponse,
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    query: URLSearchParams,
  ): void {
    const format = this.format(req);
    const list = this.options.reader.list(
      type,
      version,
      namespace,
      this.listQuery(query),
    );
    if (format.kind === 'table') {
      const objects = list.items.map(item => asVersion(type, version, item));
      sendJson(
        res,
        200,
        toTable(type, version, objects, {
          tableVersion: format.version,
          includeObject: this.includeObject(query),
          listMeta: list.metadata,
        }),
      );
      return;
    }
    sendJson(res, 200, list);
  }

  private watch(
    req: IncomingMessage,
    res: ServerResponse,
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    query: URLSearchParams,
  ): void {
    const format = this.format(req);
    const listQuery = this.listQuery(query);
    const timeoutSeconds = query.get('timeoutSeconds');
    const includeObject = this.includeObject(query);
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', 'no-cache, private');
    const session = new WatchSession(
      this.options.store,
      {
        type,
        version,
        namespace,
        query: listQuery,
        resourceVersion: query.get('resourceVersion') ?? undefined,
        sendInitialEvents: query.get('sendInitialEvents') === 'true',
        allowBookmarks: query.get('allowWatchBookmarks') === 'true',
        bookmarkIntervalMs: this.options.bookmarkIntervalMs,
        timeoutMs: timeoutSeconds
          ? Number(timeoutSeconds) * 1000
          : this.options.defaultWatchTimeoutMs,
      },
      {
        send: event => {
          const object =
            format.kind === 'table' &&
            event.type !== 'BOOKMARK' &&
            event.type !== 'ERROR'
              ? toTable(type, version, [event.object], {
                  tableVersion: format.version,
                  includeObject,
                })
              : event.object;
          res.write(`${JSON.stringify({ type: event.type, object })}\n`);
        },
        end: () => {
          this.watches.delete(session);
          res.end();
        },
      },
    );
    // Fails (e.g. a malformed resourceVersion) before anything is written, so the error is a plain HTTP Status.
    session.start();
    if (session.isOpen) {
      this.watches.add(session);
      res.once('close', () => session.close());
    }
    if (!res.headersSent && !res.writableEnded) {
      res.flushHeaders();
    }
  }

  private async patch(
    req: IncomingMessage,
    res: ServerResponse,
    type: ResourceType,
    path: ResourcePath,
    namespace: string | undefined,
    query: URLSearchParams,
    authorize: RequestAuthorizer | undefined,
  ): Promise<void> {
    const contentType = baseContentType(req.headers['content-type']);
    const patch = await this.body(req);
    const name = path.name!;
    // The media type is checked before the object is read, as the apiserver does.
    if (!patchTypes(type).includes(contentType))
      throw ApiError.unsupportedMediaType(contentType, patchTypes(type));
    if (contentType === APPLY_PATCH && path.subresource === undefined) {
      await this.apply(
        req,
        res,
        type,
        path,
        namespace,
        query,
        patch,
        authorize,
      );
      return;
    }
    const existing = this.options.reader.get(
      type,
      path.version,
      namespace,
      name,
    );
    if (path.subresource === 'scale') {
      const patchedScale = patchDocument(
        contentType,
        type,
        toScale(existing),
        patch,
      ) as KubeObject;
      this.writeScale(
        res,
        type,
        path.version,
        namespace,
        name,
        patchedScale,
        query,
        req,
      );
      return;
    }
    const patched = patchDocument(
      contentType,
      type,
      existing,
      patch,
    ) as KubeObject;
    const result = this.options.writer.writePatched(
      type,
      path.version,
      existing,
      patched,
      {
        ...this.writeOptions(query, req),
        subresource: path.subresource as WriteOptions['subresource'],
      },
    );
    this.sendObject(
      req,
      res,
      200,
      type,
      path.version,
      result.object,
      query,
      result.warnings,
    );
  }

  /** Server-side apply: creates the object or merges the manager's intent, with field ownership and conflicts. */
  private async apply(
    req: IncomingMessage,
    res: ServerResponse,
    type: ResourceType,
    path: ResourcePath,
    namespace: string | undefined,
    query: URLSearchParams,
    body: unknown,
    authorize: RequestAuthorizer | undefined,
  ): Promise<void> {
    const manager = query.get('fieldManager');
    if (!manager)
      throw ApiError.badRequest(
        'fieldManager: Required value: is required for apply patch',
      );
    const force = query.get('force') === 'true';
    const applied = body as KubeObject;
    if (
      !applied ||
      typeof applied !== 'object' ||
      !applied.metadata ||
      typeof applied.metadata !== 'object'
    )
      throw ApiError.badRequest(
        'the apply configuration must be an object with metadata',
      );
    const name = path.name!;
    if (applied.metadata.name !== undefined && applied.metadata.name !== name) {
      throw ApiError.badRequest(
        `the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    let existing: KubeObject | undefined;
    try {
      existing = this.options.reader.get(type, path.version, namespace, name);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 404)) throw error;
    }
    if (!existing) {
      // The request was authorized as a patch; creating through it needs `create` as well, as the
      // apiserver's patch handler checks before it creates (dry run or not).
      const denied = authorize?.({
        verb: 'create',
        apiGroup: type.group,
        resource: type.plural,
        name,
        ...(namespace !== undefined ? { namespace } : {}),
      });
      if (denied) throw denied;
    }
    const apiVersion = `${type.group ? `${type.group}/` : ''}${path.version}`;
    const outcome = serverSideApply(
      existing,
      { ...applied, metadata: { ...applied.metadata, name } },
      manager,
      apiVersion,
      force,
      timestamp(),
      type.custom,
    );
    if (!outcome.ok) {
      const causes = outcome.conflicts.map(c => ({
        reason: 'FieldManagerConflict',
        message: `conflict with "${c.manager}" using ${c.apiVersion}`,
        field: formatFieldPath(c.path),
      }));
      const lines = causes.map(c => `${c.message}: ${c.field}`);
      const summary =
        lines.length === 1
          ? `Apply failed with 1 conflict: ${lines[0]}`
          : `Apply failed with ${lines.length} conflicts: ${lines.join('\n')}`;
      throw new ApiError(409, 'Conflict', summary, {
        name,
        group: type.group || undefined,
        kind: type.plural,
        causes,
      });
    }
    const options: WriteOptions = {
      ...this.writeOptions(query, req),
      fieldManager: manager,
      managedFields: outcome.managedFields,
    };
    if (!existing) {
      const created = this.options.writer.create(
        type,
        path.version,
        namespace,
        { ...outcome.object, apiVersion, kind: type.kind },
        options,
      );
      this.sendObject(
        req,
        res,
        201,
        type,
        path.version,
        created.object,
        query,
        created.warnings,
      );
      return;
    }
    const result = this.options.writer.writePatched(
      type,
      path.version,
      existing,
      outcome.object,
      options,
    );
    this.sendObject(
      req,
      res,
      200,
      type,
      path.version,
      result.object,
      query,
      result.warnings,
    );
  }

  private writeScale(
    res: ServerResponse,
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    name: string,
    scale: KubeObject,
    query: URLSearchParams,
    req: IncomingMessage,
  ): void {
    const replicas = replicasFromScale(scale);
    if (typeof replicas === 'string') {
      throw ApiError.invalid({ group: 'autoscaling', kind: 'Scale' }, name, [
        {
          reason: 'FieldValueInvalid',
          field: 'spec.replicas',
          message: replicas,
        },
      ]);
    }
    const existing = this.options.reader.get(type, version, namespace, name);
    const expected = scale.metadata?.resourceVersion;
    if (expected && expected !== existing.metadata.resourceVersion) {
      throw ApiError.conflict(type, name);
    }
    const updated = {
      ...existing,
      spec: { ...(existing.spec as object), replicas },
    } as KubeObject;
    const result = this.options.writer.writePatched(
      type,
      version,
      existing,
      updated,
      this.writeOptions(query, req),
    );
    sendJson(res, 200, toScale(result.object), warningHeaders(result.warnings));
  }

  private async deleteCollection(
    req: IncomingMessage,
    res: ServerResponse,
    type: ResourceType,
    version: string,
    namespace: string | undefined,
    query: URLSearchParams,
  ): Promise<void> {
    const options = await this.deleteOptions(req, query);
    const listQuery = {
      ...this.listQuery(query),
      limit: undefined,
      continueToken: undefined,
    };
    const list = this.options.reader.list(type, version, namespace, listQuery);
    const deleted: KubeObject[] = [];
    for (const item of list.items) {
      try {
        deleted.push(
          asVersion(
            type,
            version,
            this.options.writer.delete(
              type,
              item.metadata.namespace,
              item.metadata.name!,
              options,
            ),
          ),
        );
      } catch (error) {
        // Something else removed it meanwhile (a cascade); that is what deletecollection wanted anyway.
        if (!(error instanceof ApiError && error.code === 404)) throw error;
      }
    }
    sendJson(res, 200, {
      apiVersion: list.apiVersion,
      kind: list.kind,
      metadata: { resourceVersion: String(this.options.store.revision) },
      items: deleted,
    });
  }

  private async deleteOptions(
    req: IncomingMessage,
    query: URLSearchParams,
  ): Promise<DeleteOptions> {
    const body = ((await this.body(req, true)) ?? {}) as {
      propagationPolicy?: string;
      dryRun?: string[];
      preconditions?: { uid?: string; resourceVersion?: string };
      orphanDependents?: boolean;
    };
    const policy =
      query.get('propagationPolicy') ??
      body.propagationPolicy ??
      (body.orphanDependents ? 'Orphan' : undefined);
    if (
      policy !== undefined &&
      !['Background', 'Foreground', 'Orphan'].includes(policy)
    ) {
      throw ApiError.badRequest(
        `propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
      );
    }
    return {
      dryRun:
        query.getAll('dryRun').includes('All') ||
        (body.dryRun ?? []).includes('All'),
      propagationPolicy: policy as PropagationPolicy | undefined,
      preconditions: body.preconditions,
    };
  }

  private writeOptions(
    query: URLSearchParams,
    req: IncomingMessage,
  ): WriteOptions {
    const dryRun = query.getAll('dryRun');
    if (dryRun.some(value => value !== 'All')) {
      throw ApiError.badRequest(
        `dryRun: Unsupported value: "${dryRun.find(v => v !== 'All')}": supported values: "All"`,
      );
    }
    const fieldValidation = query.get('fieldValidation') ?? 'Warn';
    if (!['Ignore', 'Warn', 'Strict'].includes(fieldValidation)) {
      throw ApiError.badRequest(
        `fieldValidation: Unsupported value: "${fieldValidation}": supported values: "Ignore", "Warn", "Strict"`,
      );
    }
    return {
      dryRun: dryRun.length > 0,
      fieldValidation: fieldValidation as FieldValidation,
      fieldManager: fieldManagerOf(req, query),
    };
  }

  private async body(req: IncomingMessage, optional = false): Promise<unknown> {
    const parsed = parseBody(await readBody(req), req.headers['content-type']);
    if (parsed === undefined && !optional) {
      throw ApiError.badRequest('the request body is empty');
    }
    return parsed;
  }

  private sendObject(
    req: IncomingMessage,
    res: ServerResponse,
    code: number,
    type: ResourceType,
    version: string,
    object: KubeObject,
    query: URLSearchParams,
    warnings: string[],
  ): void {
    const format = this.format(req);
    if (format.kind === 'table') {
      sendJson(
        res,
        code,
        toTable(type, version, [object], {
          tableVersion: format.version,
          includeObject: this.includeObject(query),
        }),
        warningHeaders(warnings),
      );
      return;
    }
    sendJson(res, code, object, warningHeaders(warnings));
  }
}
