import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import {
  ApplyChangeResult,
  ChangeExport,
  ChangePreview,
  KubeObject,
  readServiceState,
  ServiceState,
  WizardResource,
} from '@meshport/plugin-mesh-common';
import { ChangeActor, ChangeService } from '../changes/ChangeService';
import { StoredCanary } from '../database/CanaryStore';
import { MeshModel } from '../model/MeshModel';
import { MeshModelRegistry } from '../model/MeshModelRegistry';
import { EntityOverviewService } from '../service/EntityOverviewService';

/** Which Service of an entity a canary or a shift is about. */
export interface ServiceTarget {
  cluster?: string;
  namespace: string;
  service: string;
}

/** The cluster's dry-run messages in one line. */
export function dryRunMessages(preview: ChangePreview): string {
  return preview.dryRun.messages
    .map(m => `${m.resource}: ${m.message}`)
    .join('; ');
}

/**
 * What canaries and traffic shifts share: finding the entity's Service and its routing state in
 * the live model, and writing a generator's manifests through the one write path (preview, then
 * apply, or the YAML for a GitOps cluster).
 */
export class RoutingWrites {
  constructor(
    private readonly options: {
      changes: ChangeService;
      models: MeshModelRegistry;
      overviews: EntityOverviewService;
    },
  ) {}

  /** The entity's cluster that holds the Service, checked against the entity's own Services. */
  resolveCluster(entity: Entity, input: ServiceTarget): string {
    const overview = this.options.overviews.getOverview(entity);
    const holding = overview.clusters
      .filter(c =>
        c.services.some(
          s => s.namespace === input.namespace && s.name === input.service,
        ),
      )
      .map(c => c.cluster);
    const entityRef = stringifyEntityRef(entity);
    if (input.cluster) {
      if (!holding.includes(input.cluster))
        throw new InputError(
          `service: ${entityRef} has no Service ${input.namespace}/${input.service} in cluster ${input.cluster}`,
        );
      return input.cluster;
    }
    if (holding.length === 0)
      throw new InputError(
        `service: ${input.namespace}/${input.service} is not one of ${entityRef}'s Services`,
      );
    if (holding.length > 1)
      throw new InputError(
        `cluster: ${input.namespace}/${input.service} is in ${holding.length} clusters (${holding.join(', ')}); name one`,
      );
    return holding[0];
  }

  private model(cluster: string): MeshModel {
    const model = this.options.models.forCluster(cluster);
    if (!model)
      throw new ConflictError(`Cluster ${cluster} has no live model yet`);
    return model;
  }

  /** Previews a generator's manifests through the write path. */
  preview(
    target: { entityRef: string; cluster: string },
    resources: WizardResource[],
    description: string,
    actor: ChangeActor,
  ): Promise<ChangePreview> {
    return this.options.changes.preview(
      {
        ...target,
        resources: resources.map(r => ({
          action: r.action,
          manifest: r.manifest as unknown as Record<string, unknown>,
        })),
        description,
      },
      actor,
    );
  }

  /**
   * The second half of a write: on a GitOps cluster the previewed YAML is handed over (and the
   * preview marked exported), else it is applied, unless the cluster's dry run refused it.
   */
  async applyOrExport(
    preview: ChangePreview,
    actor: ChangeActor,
    what: string,
  ): Promise<
    | { kind: 'gitops'; files: ChangeExport['files'] }
    | { kind: 'applied'; change: ApplyChangeResult }
  > {
    const stored = await this.options.changes.get(preview.id);
    if (preview.gitops) {
      await this.options.changes.markExported(stored, actor);
      return {
        kind: 'gitops',
        files: this.options.changes.export(stored).files,
      };
    }
    if (!preview.dryRun.ok)
      throw new InputError(
        `The cluster's dry run refused ${what}: ${dryRunMessages(preview)}`,
      );
    return {
      kind: 'applied',
      change: await this.options.changes.apply(stored, actor),
    };
  }

  serviceState(
    cluster: string,
    namespace: string,
    service: string,
  ): ServiceState {
    const state = readServiceState(
      this.model(cluster).index,
      { namespace, name: service },
      cluster,
    );
    if (!state)
      throw new InputError(
        `service: no Service ${namespace}/${service} in cluster ${cluster}`,
      );
    return state;
  }

  /** The routing object's spec as the live model holds it now. */
  liveSpec(cluster: string, route: StoredCanary['route']): unknown | undefined {
    const model = this.options.models.forCluster(cluster);
    return model?.index.get<KubeObject & { spec?: unknown }>(
      route.kind,
      route.namespace,
      route.name,
      cluster,
    )?.spec;
  }
}
