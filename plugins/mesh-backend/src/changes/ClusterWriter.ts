import { KubeObject } from '@meshport/plugin-mesh-common';
import { WatchedKind } from '@meshport/plugin-mesh-common';
import {
  KubeHttpClient,
  KubeImpersonation,
  KubeReply,
} from '../cluster/KubeHttpClient';

/** Where one object lives on the API server. */
export interface ObjectAddress {
  kind: WatchedKind;
  version: string;
  namespace: string;
  name: string;
}

/** The API server's answer to a write: the object on success, its Status message otherwise. */
export type WriteOutcome =
  | { ok: true; status: number; object?: KubeObject }
  | { ok: false; status: number; message: string };

const FIELD_MANAGER = 'meshport';

function collectionPath(a: ObjectAddress): string {
  const base = a.kind.group
    ? `/apis/${a.kind.group}/${a.version}`
    : `/api/${a.version}`;
  return `${base}/namespaces/${encodeURIComponent(a.namespace)}/${a.kind.plural}`;
}

function objectPath(a: ObjectAddress): string {
  return `${collectionPath(a)}/${encodeURIComponent(a.name)}`;
}

function outcomeOf(reply: KubeReply): WriteOutcome {
  let body: unknown;
  try {
    body = reply.body ? JSON.parse(reply.body) : undefined;
  } catch {
    body = undefined;
  }
  if (reply.status >= 200 && reply.status < 300) {
    const o = body as KubeObject | undefined;
    return {
      ok: true,
      status: reply.status,
      object: o && o.kind !== 'Status' ? o : undefined,
    };
  }
  const message =
    (body as { message?: string } | undefined)?.message ??
    `the API server answered ${reply.status}`;
  return { ok: false, status: reply.status, message };
}

/**
 * The write path's calls to one cluster: reads of the live object, server-side dry runs and the
 * writes themselves, each as the cluster's registered identity or, when the cluster is registered
 * with `impersonate`, as the Backstage user (so the cluster's RBAC decides too).
 */
export class ClusterWriter {
  constructor(
    private readonly client: KubeHttpClient,
    private readonly impersonate?: KubeImpersonation,
  ) {}

  /** The live object, or undefined when it does not exist. Reads use the cluster's own identity. */
  async get(a: ObjectAddress): Promise<KubeObject | undefined> {
    const reply = await this.client.request({
      method: 'GET',
      path: objectPath(a),
    });
    if (reply.status === 404) return undefined;
    const outcome = outcomeOf(reply);
    if (!outcome.ok)
      throw new Error(
        `reading ${a.kind.kind} ${a.namespace}/${a.name} failed: ${outcome.message}`,
      );
    return outcome.object;
  }

  /**
   * Server-side apply as field manager `meshport`, taking over conflicting fields (the preview
   * showed the person the result). With `dryRun`, the server validates, defaults and merges, and
   * persists nothing. With `resourceVersion`, the server refuses (409) if the object moved.
   */
  async apply(
    a: ObjectAddress,
    manifest: KubeObject,
    options: { dryRun?: boolean; resourceVersion?: string } = {},
  ): Promise<WriteOutcome> {
    const query = new URLSearchParams({
      fieldManager: FIELD_MANAGER,
      force: 'true',
    });
    if (options.dryRun) query.set('dryRun', 'All');
    const body = {
      ...manifest,
      metadata: {
        ...manifest.metadata,
        ...(options.resourceVersion
          ? { resourceVersion: options.resourceVersion }
          : {}),
      },
    };
    return outcomeOf(
      await this.client.request({
        method: 'PATCH',
        path: `${objectPath(a)}?${query}`,
        body,
        contentType: 'application/apply-patch+yaml',
        impersonate: this.impersonate,
      }),
    );
  }

  /** Creates the object; 409 AlreadyExists when someone created it since the preview. */
  async create(a: ObjectAddress, manifest: KubeObject): Promise<WriteOutcome> {
    const query = new URLSearchParams({ fieldManager: FIELD_MANAGER });
    return outcomeOf(
      await this.client.request({
        method: 'POST',
        path: `${collectionPath(a)}?${query}`,
        body: manifest,
        impersonate: this.impersonate,
      }),
    );
  }

  /** Replaces the object whole: how a failed change restores what it overwrote. */
  async replace(
    a: ObjectAddress,
    manifest: KubeObject,
    resourceVersion: string,
  ): Promise<WriteOutcome> {
    const query = new URLSearchParams({ fieldManager: FIELD_MANAGER });
    const body = {
      ...manifest,
      metadata: { ...manifest.metadata, resourceVersion },
    };
    return outcomeOf(
      await this.client.request({
        method: 'PUT',
        path: `${objectPath(a)}?${query}`,
        body,
        impersonate: this.impersonate,
      }),
    );
  }

  /** Deletes the object, only if it is still at `resourceVersion` when given. */
  async delete(
    a: ObjectAddress,
    options: { dryRun?: boolean; resourceVersion?: string } = {},
  ): Promise<WriteOutcome> {
    const query = new URLSearchParams();
    if (options.dryRun) query.set('dryRun', 'All');
    const body = {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      ...(options.resourceVersion
        ? { preconditions: { resourceVersion: options.resourceVersion } }
        : {}),
      ...(options.dryRun ? { dryRun: ['All'] } : {}),
    };
    const q = query.toString();
    return outcomeOf(
      await this.client.request({
        method: 'DELETE',
        path: `${objectPath(a)}${q ? `?${q}` : ''}`,
        body,
        impersonate: this.impersonate,
      }),
    );
  }
}
