import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  analyze,
  ApplyChangeResult,
  ChangeExport,
  ChangeOperation,
  ChangePreview,
  ChangeResource,
  DryRunMessage,
  indexKindOf,
  KubeObject,
  MeshIndex,
  PreviewChangeRequest,
} from '@meshport/plugin-mesh-common';
import { randomUUID } from 'crypto';
import { ClusterCacheManager } from '../cache/ClusterCacheManager';
import {
  KubeHttpClient,
  KubeImpersonation,
  KubeNetworkError,
} from '../cluster/KubeHttpClient';
import {
  ChangeManifests,
  ChangeStore,
  StoredChange,
} from '../database/ChangeStore';
import { MeshStore, StoredCluster } from '../database/MeshStore';
import { MeshModel } from '../model/MeshModel';
import { MeshModelRegistry } from '../model/MeshModelRegistry';
import { ModelFindings } from '../model/ModelFindings';
import { ClusterWriter, ObjectAddress, WriteOutcome } from './ClusterWriter';
import { findingsDelta } from './findingsDelta';
import { cleanManifest, toYaml, unifiedDiff } from './manifestYaml';
import { parseChangeResources, ParsedResource } from './parseChangeResources';

/** Who asks: the user's entity ref, and their ownership groups for impersonation. */
export interface ChangeActor {
  userEntityRef: string;
  ownershipEntityRefs: string[];
}

interface ResolvedResource extends ParsedResource {
  address: ObjectAddress;
}

const label = (r: { kind: string; namespace: string; name: string }) =>
  `${r.kind} ${r.namespace}/${r.name}`;

/** How long apply waits for the live model to show what it wrote, so the next read sees it. */
const MODEL_CATCH_UP_MS = 2000;

/**
 * The one write path. Preview validates, analyzes the model as it would be after the change,
 * dry-runs on the cluster and diffs against live; apply writes all resources or none, each
 * carrying the resourceVersion the preview saw; every outcome is recorded for history and audit.
 */
export class ChangeService {
  constructor(
    private readonly store: MeshStore,
    private readonly changes: ChangeStore,
    private readonly caches: ClusterCacheManager,
    private readonly models: MeshModelRegistry,
    /** How writers are made; tests wrap the real one to make a write fail. */
    private readonly createWriter: (
      client: KubeHttpClient,
      impersonate?: KubeImpersonation,
    ) => ClusterWriter = (client, impersonate) =>
      new ClusterWriter(client, impersonate),
    /** The live models' findings, shared with the views. */
    private readonly findings: ModelFindings = new ModelFindings(),
  ) {}

  private async cluster(name: string): Promise<StoredCluster> {
    const cluster = await this.store.getCluster(name);
    if (!cluster)
      throw new InputError(`cluster: no cluster named "${name}" is registered`);
    return cluster;
  }

  private writer(cluster: StoredCluster, actor: ChangeActor): ClusterWriter {
    const cache = this.caches.get(cluster.name);
    if (!cache)
      throw new ConflictError(
        `Cluster ${cluster.name} is not being watched: ${this.caches.syncState(cluster.name).lastError?.message ?? 'its cache is stopped'}`,
      );
    const impersonate: KubeImpersonation | undefined = cluster.impersonate
      ? {
          user: actor.userEntityRef,
          groups: actor.ownershipEntityRefs.filter(
            r => r !== actor.userEntityRef,
          ),
        }
      : undefined;
    return this.createWriter(cache.client, impersonate);
  }

  async preview(
    request: PreviewChangeRequest & { revertOf?: string },
    actor: ChangeActor,
  ): Promise<ChangePreview> {
    const cluster = await this.cluster(request.cluster);
    const parsed = parseChangeResources(request.resources);
    const writer = this.writer(cluster, actor);
    const resolved: ResolvedResource[] = parsed.map(p => ({
      ...p,
      address: {
        kind: p.kind,
        version: p.version,
        namespace: p.namespace,
        name: p.name,
      },
    }));

    const resources: ChangeResource[] = [];
    const manifests: ChangeManifests[] = [];
    const messages: DryRunMessage[] = [];
    let dryRunOk = true;
    const afterObjects: Array<{ r: ResolvedResource; after?: KubeObject }> = [];
    for (const r of resolved) {
      const live = await writer.get(r.address);
      const desired =
        r.action === 'apply'
          ? {
              ...r.object,
              metadata: { ...r.object.metadata, namespace: r.namespace },
            }
          : undefined;
      let after: KubeObject | undefined;
      let operation: ChangeOperation;
      let outcome: WriteOutcome;
      if (r.action === 'delete') {
        operation = live ? 'delete' : 'unchanged';
        outcome = live
          ? await writer.delete(r.address, {
              dryRun: true,
              resourceVersion: live.metadata.resourceVersion,
            })
          : { ok: true, status: 200 };
        if (!live)
          messages.push({
            resource: label({
              kind: r.object.kind,
              namespace: r.namespace,
              name: r.name,
            }),
            message: 'does not exist: nothing to delete',
          });
      } else {
        outcome = await writer.apply(r.address, desired!, { dryRun: true });
        after = outcome.ok && outcome.object ? outcome.object : desired;
        operation = live ? 'update' : 'create';
      }
      if (!outcome.ok) {
        dryRunOk = false;
        messages.push({
          resource: label({
            kind: r.object.kind,
            namespace: r.namespace,
            name: r.name,
          }),
          message: outcome.message,
        });
      }
      const beforeYaml = live ? toYaml(cleanManifest(live)) : '';
      const afterYaml = after ? toYaml(cleanManifest(after)) : '';
      if (operation === 'update' && beforeYaml === afterYaml)
        operation = 'unchanged';
      resources.push({
        apiVersion: r.object.apiVersion,
        kind: r.object.kind,
        namespace: r.namespace,
        name: r.name,
        action: r.action,
        operation,
        diff: unifiedDiff(
          `${r.namespace}/${r.object.kind.toLowerCase()}-${r.name}.yaml`,
          beforeYaml,
          afterYaml,
        ),
        liveResourceVersion: live?.metadata.resourceVersion,
        before: beforeYaml,
        after: afterYaml,
      });
      manifests.push({
        before: live ? cleanManifest(live) : undefined,
        desired,
      });
      afterObjects.push({ r, after });
    }

    const findings = this.findingsOf(cluster.name, afterObjects);
    const preview: StoredChange = {
      id: randomUUID(),
      entityRef: request.entityRef,
      cluster: cluster.name,
      description: request.description,
      resources,
      manifests,
      findings,
      dryRun: { ok: dryRunOk, messages },
      gitops: cluster.gitops,
      revertOf: request.revertOf,
      createdBy: actor.userEntityRef,
      createdAt: new Date().toISOString(),
      status: 'previewed',
    };
    await this.changes.create(preview);
    return toPreview(preview);
  }

  /** Findings the change introduces and fixes: every analyzer on the model before and after. */
  private findingsOf(
    cluster: string,
    afterObjects: Array<{ r: ResolvedResource; after?: KubeObject }>,
  ) {
    const model = this.models.forCluster(cluster);
    if (!model) return { introduced: [], fixed: [] };
    const before = this.findings.all(model);
    const next = this.copyIndex(model);
    for (const { r, after } of afterObjects) {
      if (r.action === 'delete')
        next.remove(
          {
            apiVersion: r.object.apiVersion,
            kind: r.object.kind,
            namespace: r.namespace,
            name: r.name,
          },
          cluster,
        );
      else if (after) next.upsert(after, cluster);
    }
    return findingsDelta(before, analyze(next));
  }

  /** A private copy of a live model, to change without touching what views read. */
  private copyIndex(model: MeshModel): MeshIndex {
    const copy = new MeshIndex(model.spec.options);
    for (const cluster of model.spec.clusters) {
      for (const o of this.caches.get(cluster)?.allObjects() ?? [])
        copy.upsert(o, cluster);
    }
    return copy;
  }

  async get(id: string): Promise<StoredChange> {
    const change = await this.changes.get(id);
    if (!change) throw new NotFoundError(`No change with id ${id}`);
    return change;
  }

  async apply(
    change: StoredChange,
    actor: ChangeActor,
  ): Promise<ApplyChangeResult> {
    const cluster = await this.cluster(change.cluster);
    if (cluster.gitops) {
      throw new ConflictError(
        `Cluster ${cluster.name} is managed by GitOps: export instead`,
      );
    }
    if (change.status !== 'previewed')
      throw new ConflictError(
        `Change ${change.id} was already ${change.status}; preview again`,
      );
    if (!change.dryRun.ok)
      throw new InputError(
        `Change ${change.id} failed its dry run: ${change.dryRun.messages.map(m => `${m.resource}: ${m.message}`).join('; ')}`,
      );
    if (!(await this.changes.claim(change.id, actor.userEntityRef))) {
      throw new ConflictError(
        `Change ${change.id} is being applied or was applied by someone else; preview again`,
      );
    }
    const writer = this.writer(cluster, actor);
    const parsed = parseChangeResources(
      change.resources.map((r, i) => ({
        action: r.action,
        manifest: (change.manifests[i].desired ?? {
          apiVersion: r.apiVersion,
          kind: r.kind,
          metadata: { name: r.name, namespace: r.namespace },
        }) as unknown as Record<string, unknown>,
      })),
    );
    const addresses = parsed.map(p => ({
      kind: p.kind,
      version: p.version,
      namespace: p.namespace,
      name: p.name,
    }));
    const finish = (
      status: 'applied' | 'failed' | 'conflict',
      result?: string,
    ) =>
      this.changes.finish(change.id, {
        status,
        by: actor.userEntityRef,
        at: new Date().toISOString(),
        result,
      });

    // Writes done so far, for the restore when a later one fails.
    const written: Array<{ i: number; resourceVersion?: string }> = [];
    try {
      // 1. Nothing may have moved since the preview: check everything before writing anything.
      const moved: string[] = [];
      for (const [i, r] of change.resources.entries()) {
        const live = await writer.get(addresses[i]);
        const now = live?.metadata.resourceVersion;
        if (now !== r.liveResourceVersion) {
          if (!r.liveResourceVersion)
            moved.push(
              `${label(r)} was created by someone else since the preview`,
            );
          else if (!now)
            moved.push(`${label(r)} was deleted since the preview`);
          else
            moved.push(
              `${label(r)} changed since the preview (resourceVersion ${r.liveResourceVersion} → ${now})`,
            );
        }
      }
      if (moved.length > 0) {
        const message = `Nothing was written: ${moved.join('; ')}. Preview again to see the current state.`;
        await finish('conflict', message);
        throw new ConflictError(message);
      }

      // 2. Write in order; on a failure, restore what this change already wrote, newest first.
      for (const [i, r] of change.resources.entries()) {
        if (r.operation === 'unchanged') continue;
        const a = addresses[i];
        const desired = change.manifests[i].desired;
        let outcome: WriteOutcome;
        if (r.action === 'delete')
          outcome = await writer.delete(a, {
            resourceVersion: r.liveResourceVersion,
          });
        else if (!r.liveResourceVersion)
          outcome = await writer.create(a, desired!);
        else
          outcome = await writer.apply(a, desired!, {
            resourceVersion: r.liveResourceVersion,
          });
        if (!outcome.ok) {
          const restored = await this.restore(
            writer,
            change,
            addresses,
            written.map(w => w.i),
          );
          const status = outcome.status === 409 ? 'conflict' : 'failed';
          const message = `${label(r)}: the cluster refused the write (${outcome.status}): ${outcome.message}. ${restored}`;
          await finish(status, message);
          throw clusterRefusal(outcome.status, message);
        }
        written.push({
          i,
          resourceVersion: outcome.object?.metadata.resourceVersion,
        });
      }
    } catch (e) {
      if (!(e instanceof KubeNetworkError)) throw e;
      // The cluster stopped answering mid-apply: put back what was written, record the failure
      // (the change must not stay `applying`), and say so.
      const restored = await this.restore(
        writer,
        change,
        addresses,
        written.map(w => w.i),
      ).catch(
        r => `Restoring the earlier writes failed: ${(r as Error).message}`,
      );
      const message = `The cluster did not answer: ${e.message}. ${restored}`;
      await finish('failed', message);
      throw new ServiceUnavailableError(message);
    }
    const appliedAt = new Date().toISOString();
    await this.changes.finish(change.id, {
      status: 'applied',
      by: actor.userEntityRef,
      at: appliedAt,
      result: `${written.length} resource(s) written`,
    });
    const result: ApplyChangeResult = {
      id: change.id,
      status: 'applied',
      appliedAt,
      resources: change.resources.map((r, i) => ({
        kind: r.kind,
        namespace: r.namespace,
        name: r.name,
        operation: r.operation,
        resourceVersion: written.find(w => w.i === i)?.resourceVersion,
      })),
    };
    await this.waitForModel(change, result);
    return result;
  }

  /** Puts back what a failed change wrote; says what could not be restored. */
  private async restore(
    writer: ClusterWriter,
    change: StoredChange,
    addresses: ObjectAddress[],
    indexes: number[],
  ): Promise<string> {
    const problems: string[] = [];
    for (const i of [...indexes].reverse()) {
      const r = change.resources[i];
      const before = change.manifests[i].before;
      const a = addresses[i];
      let outcome: WriteOutcome;
      if (!before) {
        outcome = await writer.delete(a);
      } else if (r.action === 'delete') {
        outcome = await writer.create(a, before);
      } else {
        const current = await writer.get(a);
        outcome = current
          ? await writer.replace(
              a,
              before,
              current.metadata.resourceVersion ?? '',
            )
          : await writer.create(a, before);
      }
      if (!outcome.ok) problems.push(`${label(r)}: ${outcome.message}`);
    }
    if (indexes.length === 0) return 'Nothing had been written.';
    return problems.length === 0
      ? `The ${indexes.length} resource(s) written before it were restored.`
      : `Restoring the earlier writes failed for ${problems.join('; ')}.`;
  }

  /** Waits (briefly) until the live model holds what apply wrote, so the next view shows it. */
  private async waitForModel(
    change: StoredChange,
    result: ApplyChangeResult,
  ): Promise<void> {
    const model = this.models.forCluster(change.cluster);
    if (!model) return;
    const seen = () =>
      result.resources.every((r, i) => {
        const kind = indexKindOf({
          apiVersion: change.resources[i].apiVersion,
          kind: r.kind,
        });
        const o = model.index.get(kind, r.namespace, r.name, change.cluster);
        if (r.operation === 'delete') return !o;
        if (r.operation === 'unchanged' || !r.resourceVersion) return true;
        return o?.metadata.resourceVersion === r.resourceVersion;
      });
    if (seen()) return;
    // The model tells us of each change it applies; check then, rather than polling.
    await new Promise<void>(resolve => {
      const timer = setTimeout(done, MODEL_CATCH_UP_MS);
      const stop = model.onChange(() => {
        if (seen()) done();
      });
      function done() {
        clearTimeout(timer);
        stop();
        resolve();
      }
    });
  }

  /** A new preview that puts back the state before an applied change. */
  async revert(
    change: StoredChange,
    actor: ChangeActor,
  ): Promise<ChangePreview> {
    if (change.status !== 'applied')
      throw new ConflictError(
        `Change ${change.id} is ${change.status}; only an applied change can be reverted`,
      );
    const resources = change.resources
      .map((r, i) => {
        const before = change.manifests[i].before;
        if (r.operation === 'unchanged') return undefined;
        if (before)
          return {
            action: 'apply' as const,
            manifest: before as unknown as Record<string, unknown>,
          };
        return {
          action: 'delete' as const,
          manifest: {
            apiVersion: r.apiVersion,
            kind: r.kind,
            metadata: { name: r.name, namespace: r.namespace },
          },
        };
      })
      .filter((r): r is NonNullable<typeof r> => r !== undefined);
    if (resources.length === 0)
      throw new InputError(
        `Change ${change.id} changed nothing; there is nothing to revert`,
      );
    return this.preview(
      {
        entityRef: change.entityRef,
        cluster: change.cluster,
        resources,
        description: `Revert of ${change.description ?? `change ${change.id}`}`,
        revertOf: change.id,
      },
      actor,
    );
  }

  /** The change as ready-to-commit YAML: one file per resource, `cluster/namespace/kind-name.yaml`. */
  export(change: StoredChange): ChangeExport {
    return {
      id: change.id,
      files: change.resources.map((r, i) => ({
        path: `${change.cluster}/${r.namespace}/${r.kind.toLowerCase()}-${r.name}.yaml`,
        content:
          r.action === 'delete'
            ? ''
            : toYaml(cleanManifest(change.manifests[i].desired!)),
        action: r.action,
      })),
    };
  }

  /** Marks a preview of a GitOps cluster as exported, for the history. */
  async markExported(change: StoredChange, actor: ChangeActor): Promise<void> {
    if (
      change.status === 'previewed' &&
      (await this.changes.claim(change.id, actor.userEntityRef))
    ) {
      await this.changes.finish(change.id, {
        status: 'exported',
        by: actor.userEntityRef,
        at: new Date().toISOString(),
        result: 'exported as YAML',
      });
    }
  }

  async history(entityRef: string): Promise<ChangePreview[]> {
    return (await this.changes.listForEntity(entityRef)).map(c => ({
      ...toPreview(c),
      status: c.status,
      appliedBy: c.appliedBy,
      appliedAt: c.appliedAt,
      result: c.result,
    }));
  }
}

/** The cluster's refusal as the matching Backstage error, with Kubernetes' own message. */
function clusterRefusal(status: number, message: string): Error {
  if (status === 409) return new ConflictError(message);
  if (status === 403) return new NotAllowedError(message);
  if (status === 400 || status === 422) return new InputError(message);
  return new ServiceUnavailableError(message);
}

function toPreview(c: StoredChange): ChangePreview {
  const {
    manifests: _m,
    status: _s,
    appliedAt: _a,
    appliedBy: _b,
    result: _r,
    ...preview
  } = c;
  return preview;
}
