import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  CanaryRecord,
  ShiftTrafficRequest,
  ShiftTrafficResponse,
  StartCanaryRequest,
  StartCanaryResponse,
} from '@meshport/plugin-mesh-common';
import { z } from 'zod';

/** Per call: whose request it is (the Scaffolder task's initiator) and when to give up. */
export interface MeshApiCallOptions {
  credentials: BackstageCredentials;
  signal?: AbortSignal;
}

export interface MeshApiClientOptions {
  discovery: Pick<DiscoveryService, 'getBaseUrl'>;
  auth: Pick<AuthService, 'getPluginRequestToken'>;
  /** For tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

/*
 * The answers are checked for the fields the actions read, no more: the mesh backend owns the
 * full shape (mesh-common's interfaces), and an answer without them means the two packages are
 * out of step, which should fail loudly here rather than as `undefined` in a template's output.
 */
const fileSchema = z.object({
  path: z.string().min(1),
  content: z.string(),
  action: z.enum(['apply', 'delete']),
});
const canaryRecordSchema = z
  .object({
    id: z.string().min(1),
    entityRef: z.string(),
    state: z.enum([
      'progressing',
      'paused',
      'promoted',
      'rolled-back',
      'aborted',
    ]),
    weights: z.array(z.number()),
    step: z.number(),
    weight: z.number(),
    events: z.array(z.unknown()),
  })
  .passthrough();
const startCanaryResponseSchema = z.union([
  canaryRecordSchema.extend({ kind: z.literal('started') }),
  z
    .object({
      kind: z.literal('dry-run'),
      weights: z.array(z.number()),
      preview: z.object({}).passthrough(),
      notes: z.array(z.string()),
    })
    .passthrough(),
  z
    .object({
      kind: z.literal('gitops'),
      weights: z.array(z.number()),
      files: z.array(fileSchema),
      notes: z.array(z.string()),
    })
    .passthrough(),
]);
const shiftTrafficResponseSchema = z.union([
  z
    .object({
      kind: z.literal('dry-run'),
      preview: z.object({ id: z.string() }).passthrough(),
    })
    .passthrough(),
  z
    .object({
      kind: z.literal('applied'),
      preview: z.object({ id: z.string() }).passthrough(),
      change: z.object({ id: z.string() }).passthrough(),
    })
    .passthrough(),
  z
    .object({
      kind: z.literal('gitops'),
      preview: z.object({ id: z.string() }).passthrough(),
      files: z.array(fileSchema),
    })
    .passthrough(),
]);

const backstageErrorSchema = z.object({
  error: z.object({ name: z.string().optional(), message: z.string() }),
});

/**
 * The mesh backend's HTTP API as the Scaffolder actions use it. Every call carries a plugin
 * request token issued on behalf of the task's initiator, so the mesh backend checks the USER's
 * permissions (mesh.canary.manage, mesh.config.update on the entity), not the scaffolder's.
 */
export class MeshApiClient {
  private readonly discovery: MeshApiClientOptions['discovery'];
  private readonly auth: MeshApiClientOptions['auth'];
  private readonly fetchImpl: typeof fetch;

  constructor(options: MeshApiClientOptions) {
    this.discovery = options.discovery;
    this.auth = options.auth;
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** POST /canaries: starts a canary, or previews it (`dryRun`), or exports it (GitOps cluster). */
  async startCanary(
    request: StartCanaryRequest,
    options: MeshApiCallOptions,
  ): Promise<StartCanaryResponse> {
    const body = await this.request('POST', '/canaries', options, request);
    return parseAnswer(
      startCanaryResponseSchema,
      body,
      'POST /canaries',
    ) as StartCanaryResponse;
  }

  /** GET /canaries/:id, with its events. */
  async getCanary(
    id: string,
    options: MeshApiCallOptions,
  ): Promise<CanaryRecord> {
    const body = await this.request('GET', canaryPath(id), options);
    return parseAnswer(
      canaryRecordSchema,
      body,
      'GET /canaries/:id',
    ) as unknown as CanaryRecord;
  }

  /** POST /canaries/:id/promote: all traffic to the canary version now. */
  async promoteCanary(
    id: string,
    reason: string | undefined,
    options: MeshApiCallOptions,
  ): Promise<CanaryRecord> {
    return this.canaryAction(id, 'promote', reason, options);
  }

  /** POST /canaries/:id/abort: all traffic back to the stable version. */
  async abortCanary(
    id: string,
    reason: string | undefined,
    options: MeshApiCallOptions,
  ): Promise<CanaryRecord> {
    return this.canaryAction(id, 'abort', reason, options);
  }

  /** POST /traffic/shift: sets the weights per version, or previews/exports that change. */
  async shiftTraffic(
    request: ShiftTrafficRequest,
    options: MeshApiCallOptions,
  ): Promise<ShiftTrafficResponse> {
    const body = await this.request('POST', '/traffic/shift', options, request);
    return parseAnswer(
      shiftTrafficResponseSchema,
      body,
      'POST /traffic/shift',
    ) as unknown as ShiftTrafficResponse;
  }

  private async canaryAction(
    id: string,
    verb: 'promote' | 'abort',
    reason: string | undefined,
    options: MeshApiCallOptions,
  ): Promise<CanaryRecord> {
    const body = await this.request(
      'POST',
      `${canaryPath(id)}/${verb}`,
      options,
      reason === undefined ? {} : { reason },
    );
    return parseAnswer(
      canaryRecordSchema,
      body,
      `POST /canaries/:id/${verb}`,
    ) as unknown as CanaryRecord;
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    options: MeshApiCallOptions,
    body?: unknown,
  ): Promise<unknown> {
    const baseUrl = await this.discovery.getBaseUrl('mesh');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: options.credentials,
      targetPluginId: 'mesh',
    });
    const url = `${baseUrl}${path}`;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: options.signal,
      });
    } catch (e) {
      // The message names the URL (no credentials in it), never the request headers.
      throw new ServiceUnavailableError(
        `mesh backend unreachable (${method} ${url}): ${(e as Error).message}`,
      );
    }
    const text = await response.text();
    if (!response.ok) throw errorFromResponse(response.status, text);
    try {
      return JSON.parse(text);
    } catch {
      throw new ServiceUnavailableError(
        `mesh backend answered ${method} ${path} with ${response.status} but not JSON: ${excerpt(text)}`,
      );
    }
  }
}

function canaryPath(id: string): string {
  if (!id) throw new InputError('canaryId: is required');
  return `/canaries/${encodeURIComponent(id)}`;
}

function parseAnswer<T extends z.ZodTypeAny>(
  schema: T,
  body: unknown,
  route: string,
): z.output<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ServiceUnavailableError(
      `mesh backend answered ${route} with an unexpected body (${issue.path.join('.') || 'body'}: ${issue.message})`,
    );
  }
  return parsed.data;
}

function excerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
}

/**
 * Backstage's error JSON (`{ error: { name, message }, response: { statusCode } }`) as the
 * matching @backstage/errors class, so a 403 stays a NotAllowedError for whoever catches it and
 * the task log shows the backend's own words.
 */
function errorFromResponse(status: number, text: string): Error {
  let message = excerpt(text) || 'no details';
  try {
    const parsed = backstageErrorSchema.safeParse(JSON.parse(text));
    if (parsed.success) message = parsed.data.error.message;
  } catch {
    // Not JSON (a proxy's HTML page, say): the excerpt above is all there is.
  }
  const refused = `mesh backend refused (${status}): ${message}`;
  switch (status) {
    case 400:
      return new InputError(refused);
    case 401:
      return new AuthenticationError(refused);
    case 403:
      return new NotAllowedError(refused);
    case 404:
      return new NotFoundError(refused);
    case 409:
      return new ConflictError(refused);
    default:
      return status >= 500
        ? new ServiceUnavailableError(
            `mesh backend failed (${status}): ${message}`,
          )
        : new Error(refused);
  }
}
