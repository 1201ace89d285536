import { cloneJson } from '../util/cloneJson';
import { LabelSelectorSpec } from '../store/labelSelector';
import { KubeObject, StoreEvent } from '../store/types';
import { timestamp } from '../util/names';
import { Controller, ControllerContext } from './Controller';
import { controllerRef, keyOf, splitKey } from './objectRefs';
import { omitEmpty } from './omitEmpty';
import { mergeCondition } from './podConditions';
import { podTemplateHash } from './podTemplateHash';

const DEPLOYMENTS = 'apps/deployments';
const RS = 'apps/replicasets';
const HASH_LABEL = 'pod-template-hash';
const REVISION = 'deployment.kubernetes.io/revision';

interface PodTemplate {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
}

interface DeploymentSpec {
  replicas?: number;
  selector?: LabelSelectorSpec;
  template?: PodTemplate;
  revisionHistoryLimit?: number;
  minReadySeconds?: number;
  paused?: boolean;
}

interface RsStatus {
  replicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
}

interface DeploymentCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  [key: string]: unknown;
}

const rsStatus = (rs: KubeObject) => (rs.status ?? {}) as RsStatus;
const rsReplicas = (rs: KubeObject) =>
  ((rs.spec ?? {}) as { replicas?: number }).replicas ?? 0;
const revisionOf = (rs: KubeObject) =>
  Number(rs.metadata.annotations?.[REVISION] ?? 0);

/**
 * Deployment → ReplicaSet, keyed by pod-template-hash. A template change creates a new
 * ReplicaSet; old ones are scaled to zero once the new one is fully ready (a surge
 * rollout without per-pod pacing), and old revisions beyond revisionHistoryLimit are removed.
 */
export class DeploymentController extends Controller {
  constructor(context: ControllerContext) {
    super(context, 'deployment-controller');
  }

  protected resync(): void {
    this.client.list(DEPLOYMENTS).forEach(d => this.queue.add(keyOf(d)));
  }

  protected onEvent(event: StoreEvent): void {
    if (event.resource === DEPLOYMENTS) {
      this.queue.add(keyOf(event.object));
    } else if (event.resource === RS) {
      const owner = event.object.metadata.ownerReferences?.find(
        ref => ref.controller && ref.kind === 'Deployment',
      );
      if (owner)
        this.queue.add(`${event.object.metadata.namespace}/${owner.name}`);
    }
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const deployment = this.client.get(DEPLOYMENTS, namespace, name);
    if (!deployment || deployment.metadata.deletionTimestamp) return;
    const spec = (deployment.spec ?? {}) as DeploymentSpec;
    const desired = spec.replicas ?? 1;
    const hash = podTemplateHash(spec.template ?? {});
    const owned = this.client.listOwnedBy(RS, deployment);
    let current = owned.find(rs => rs.metadata.labels?.[HASH_LABEL] === hash);
    const old = owned.filter(rs => rs !== current);
    const maxRevision = Math.max(0, ...owned.map(revisionOf));

    if (!spec.paused) {
      if (!current) {
        current = this.client.create(
          RS,
          this.newReplicaSet(deployment, spec, hash, maxRevision + 1),
        );
      } else if (
        rsReplicas(current) !== desired ||
        (revisionOf(current) < maxRevision &&
          old.some(rs => rsReplicas(rs) > 0))
      ) {
        // Scale to the desired count; a rollback to an older template makes it the newest revision again.
        const revision =
          revisionOf(current) < maxRevision
            ? maxRevision + 1
            : revisionOf(current);
        current = this.client.update(RS, {
          ...current,
          metadata: {
            ...current.metadata,
            annotations: {
              ...current.metadata.annotations,
              [REVISION]: String(revision),
              'deployment.kubernetes.io/desired-replicas': String(desired),
            },
          },
          spec: { ...(current.spec as object), replicas: desired },
        });
      }
      const newReady = rsStatus(current).readyReplicas ?? 0;
      if (newReady >= desired) {
        for (const rs of old.filter(r => rsReplicas(r) > 0)) {
          this.client.update(RS, {
            ...rs,
            spec: { ...(rs.spec as object), replicas: 0 },
          });
        }
      }
      this.pruneHistory(old, spec.revisionHistoryLimit ?? 10);
    }
    this.updateStatus(deployment, desired, current, old);
  }

  private newReplicaSet(
    deployment: KubeObject,
    spec: DeploymentSpec,
    hash: string,
    revision: number,
  ): KubeObject {
    const template = cloneJson(spec.template ?? {});
    template.metadata = {
      ...template.metadata,
      labels: { ...template.metadata?.labels, [HASH_LABEL]: hash },
    };
    const selector = spec.selector ?? {};
    return {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${deployment.metadata.name}-${hash}`,
        namespace: deployment.metadata.namespace,
        labels: { ...template.metadata.labels },
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(
            spec.replicas ?? 1,
          ),
          'deployment.kubernetes.io/max-replicas': String(
            Math.ceil((spec.replicas ?? 1) * 1.25),
          ),
          [REVISION]: String(revision),
        },
        ownerReferences: [
          controllerRef(this.client.type(DEPLOYMENTS), deployment),
        ],
      },
      spec: {
        replicas: spec.replicas ?? 1,
        minReadySeconds: spec.minReadySeconds,
        selector: {
          ...selector,
          matchLabels: { ...selector.matchLabels, [HASH_LABEL]: hash },
        },
        template,
      },
    };
  }

  private pruneHistory(old: KubeObject[], limit: number): void {
    const idle = old
      .filter(rs => rsReplicas(rs) === 0 && (rsStatus(rs).replicas ?? 0) === 0)
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) {
      this.client.delete(RS, rs.metadata.namespace, rs.metadata.name!);
    }
  }

  private updateStatus(
    deployment: KubeObject,
    desired: number,
    current: KubeObject | undefined,
    old: KubeObject[],
  ): void {
    const all = current ? [current, ...old] : old;
    const sum = (pick: (s: RsStatus) => number | undefined) =>
      all.reduce((total, rs) => total + (pick(rsStatus(rs)) ?? 0), 0);
    const available = sum(s => s.availableReplicas);
    const updated = current ? (rsStatus(current).replicas ?? 0) : 0;
    const complete =
      updated === desired &&
      sum(s => s.replicas) === desired &&
      available === desired;
    const now = timestamp();
    const previous = (
      (deployment.status ?? {}) as { conditions?: DeploymentCondition[] }
    ).conditions;
    // maxUnavailable defaults to 25% (rounded down), so Available means at least 75% of replicas serve.
    const minAvailable = desired - Math.floor(desired * 0.25);
    let conditions = mergeCondition(
      previous,
      available >= minAvailable
        ? {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
          }
        : {
            type: 'Available',
            status: 'False',
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
          },
      now,
      ['lastUpdateTime', 'lastTransitionTime'],
    );
    const rsName = current?.metadata.name ?? '';
    conditions = mergeCondition(
      conditions,
      complete
        ? {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetAvailable',
            message: `ReplicaSet "${rsName}" has successfully progressed.`,
          }
        : {
            type: 'Progressing',
            status: 'True',
            reason: 'ReplicaSetUpdated',
            message: `ReplicaSet "${rsName}" is progressing.`,
          },
      now,
      ['lastUpdateTime', 'lastTransitionTime'],
    );
    const status = {
      ...omitEmpty({
        observedGeneration: deployment.metadata.generation,
        replicas: sum(s => s.replicas),
        updatedReplicas: updated,
        readyReplicas: sum(s => s.readyReplicas),
        availableReplicas: available,
        unavailableReplicas: Math.max(0, desired - available),
      }),
      conditions,
    };
    this.client.updateStatus(DEPLOYMENTS, { ...deployment, status });
  }
}
