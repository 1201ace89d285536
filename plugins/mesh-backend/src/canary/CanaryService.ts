import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  CanaryCheckResult,
  canaryCheckQuery,
  canaryRouteManifests,
  describeWizardErrors,
  canaryWeights,
  canaryWindowSeconds,
  canaryWorkloads,
  CanaryRecord,
  CanaryState,
  CanaryVerdict,
  decideCanaryStep,
  describeCanaryPlan,
  evaluateCanaryCheck,
  FINISHED_CANARY_STATES,
  KubeObject,
  routeSpecEdited,
  StartCanaryResponse,
  startCanaryRequestSchema,
} from '@meshport/plugin-mesh-common';
import { randomUUID } from 'crypto';
import { z } from 'zod';
import { ChangeActor, ChangeService } from '../changes/ChangeService';
import { KubeNetworkError } from '../cluster/KubeHttpClient';
import {
  CanaryPatch,
  CanaryStore,
  NewCanaryEvent,
  StoredCanary,
} from '../database/CanaryStore';
import { MetricsSourceRegistry } from '../metrics/MetricsSourceRegistry';
import { MeshModelRegistry } from '../model/MeshModelRegistry';
import { EntityOverviewService } from '../service/EntityOverviewService';
import { dryRunMessages, RoutingWrites } from './RoutingWrites';
import { runCanaryChecks } from './runCanaryChecks';

type StartInput = z.output<typeof startCanaryRequestSchema>;

/** Who the controller is in a canary's history. */
export const CONTROLLER_ACTOR = 'controller';

/** How long a person's action waits for a step in progress to finish before giving up. */
const ACTION_WAIT_MS = 10_000;

export interface CanaryServiceOptions {
  store: CanaryStore;
  changes: ChangeService;
  models: MeshModelRegistry;
  overviews: EntityOverviewService;
  metrics: MetricsSourceRegistry;
  logger: LoggerService;
  /** How long one metrics query may take before its check fails as a failed query. */
  queryTimeoutSeconds: number;
  /** Injected for tests. */
  now?: () => Date;
}

/**
 * Canary releases: start (validate against the live model, write the first weight through the
 * one write path), one controller step (checks → advance, hold, promote or roll back, with
 * Flagger's semantics), and a person's promote, abort and resume. Every change of a canary goes
 * through the store's lease, so a step and a person's action never interleave and each step is
 * recorded once across replicas. One-off traffic shifts are TrafficShiftService's.
 */
export class CanaryService {
  private readonly now: () => Date;
  private readonly routing: RoutingWrites;

  constructor(private readonly options: CanaryServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.routing = new RoutingWrites(options);
  }

  async get(id: string): Promise<StoredCanary> {
    const canary = await this.options.store.get(id);
    if (!canary) throw new NotFoundError(`No canary with id ${id}`);
    return canary;
  }

  async listForEntity(entityRef: string): Promise<CanaryRecord[]> {
    return (await this.options.store.listForEntity(entityRef)).map(toRecord);
  }

  /** Starts a canary, or previews its first step (dry run), or exports it (GitOps cluster). */
  async start(
    input: StartInput,
    entity: Entity,
    actor: ChangeActor,
  ): Promise<StartCanaryResponse> {
    const entityRef = stringifyEntityRef(entity);
    const cluster = this.routing.resolveCluster(entity, input);
    const { namespace, service, stableVersion, canaryVersion, plan } = input;
    const active = await this.options.store.findActive(
      cluster,
      namespace,
      service,
    );
    if (active)
      throw new ConflictError(
        `Service ${namespace}/${service} already has a canary (${active.stableVersion} → ${active.canaryVersion}, ${active.state}, id ${active.id}); promote or abort it first`,
      );
    const state = this.routing.serviceState(cluster, namespace, service);
    for (const [field, version] of [
      ['stableVersion', stableVersion],
      ['canaryVersion', canaryVersion],
    ] as const) {
      if (!state.versions.includes(version))
        throw new InputError(
          `${field}: no pod of ${namespace}/${service} has the label version=${version} (versions: ${state.versions.join(', ') || 'none'})`,
        );
    }
    const weights = canaryWeights(plan);
    const routed = canaryRouteManifests(
      state,
      { stableVersion, canaryVersion },
      weights[0],
    );
    if (!routed.ok) throw new InputError(describeWizardErrors(routed.errors));
    const preview = await this.routing.preview(
      { entityRef, cluster },
      routed.resources,
      `Canary ${service} ${stableVersion} → ${canaryVersion}: ${weights[0]} % to ${canaryVersion}`,
      actor,
    );
    const notes = [describeCanaryPlan(plan), ...routed.notes];
    if (input.dryRun) return { kind: 'dry-run', weights, preview, notes };
    const written = await this.routing.applyOrExport(
      preview,
      actor,
      'the first step',
    );
    if (written.kind === 'gitops')
      return {
        kind: 'gitops',
        weights,
        files: written.files,
        notes: [
          ...notes,
          `Cluster ${cluster} is managed by GitOps: commit these files for the first step; the controller does not step canaries on GitOps clusters.`,
        ],
      };
    const applied = written.change;
    const route = routeOf(routed.resources.map(r => r.manifest));
    const now = this.now();
    const canary: StoredCanary = {
      id: randomUUID(),
      entityRef,
      cluster,
      namespace,
      service,
      stableVersion,
      canaryVersion,
      plan,
      weights,
      state: 'progressing',
      step: 0,
      weight: weights[0],
      failedChecks: 0,
      message: `Judging ${weights[0]} % in ${plan.intervalSeconds} s`,
      route,
      nextCheckAt: new Date(
        now.getTime() + plan.intervalSeconds * 1000,
      ).toISOString(),
      createdBy: actor.userEntityRef,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      events: [],
      version: 1,
      writtenSpec: this.routing.liveSpec(cluster, route),
    };
    await this.options.store.create(canary, {
      at: now.toISOString(),
      verdict: 'started',
      step: 0,
      weight: weights[0],
      failedChecks: 0,
      checks: [],
      message: `Started: ${weights[0]} % of requests to ${canaryVersion}. ${describeCanaryPlan(plan)}`,
      actor: actor.userEntityRef,
      changeId: applied.id,
    });
    this.options.logger.info(
      `Canary ${canary.id} of ${namespace}/${service} (${stableVersion} → ${canaryVersion}) started by ${actor.userEntityRef}`,
    );
    return { kind: 'started', ...toRecord(await this.get(canary.id)) };
  }

  /**
   * One controller step of a due canary, if this replica gets its lease: checks, verdict, the
   * weight written, the outcome committed. Answers the verdict, or undefined when another
   * replica (or a person) holds the canary.
   */
  async step(id: string, owner: string): Promise<CanaryVerdict | undefined> {
    const now = this.now();
    const claimed = await this.options.store.claim(
      id,
      owner,
      now,
      new Date(now.getTime() + leaseMs(this.options.queryTimeoutSeconds)),
    );
    if (!claimed) return undefined;
    if (claimed.state !== 'progressing') {
      await this.options.store.release(id, claimed.version);
      return undefined;
    }
    try {
      return await this.judge(claimed);
    } catch (e) {
      // An unexpected failure (store, cluster): free the canary so a later tick tries again.
      await this.options.store.release(id, claimed.version);
      throw e;
    }
  }

  private async judge(canary: StoredCanary): Promise<CanaryVerdict> {
    const edited = this.editedBySomeoneElse(canary);
    if (edited) {
      await this.commit(canary, {
        patch: { state: 'paused', nextCheckAt: null, message: edited },
        verdict: 'paused',
        message: edited,
        actor: CONTROLLER_ACTOR,
      });
      this.options.logger.warn(`Canary ${canary.id} paused: ${edited}`);
      return 'paused';
    }
    const results = await this.checks(canary);
    const decision = decideCanaryStep({
      weights: canary.weights,
      step: canary.step,
      failedChecks: canary.failedChecks,
      threshold: canary.plan.threshold,
      results,
    });
    let changeId: string | undefined;
    let writtenSpec: unknown | undefined;
    if (decision.weight !== canary.weight) {
      const written = await this.writeWeight(
        canary,
        decision.weight,
        ownerActor(canary),
        `${decision.verdict}: ${decision.weight} % to ${canary.canaryVersion}`,
      );
      if (!written.ok && written.transient) {
        // The cluster did not answer (a dropped connection, a 5xx): nothing was decided about
        // the canary, so it stays where it is and the step is judged again next interval.
        const message = `${written.message}; trying again in ${canary.plan.intervalSeconds} s`;
        await this.commit(canary, {
          patch: {
            message,
            nextCheckAt: new Date(
              this.now().getTime() + canary.plan.intervalSeconds * 1000,
            ).toISOString(),
          },
          verdict: 'held',
          checks: results,
          message,
          actor: CONTROLLER_ACTOR,
        });
        return 'held';
      }
      if (!written.ok) {
        await this.commit(canary, {
          patch: {
            state: 'paused',
            nextCheckAt: null,
            message: written.message,
          },
          verdict: 'paused',
          checks: results,
          message: written.message,
          actor: CONTROLLER_ACTOR,
        });
        return 'paused';
      }
      changeId = written.changeId;
      writtenSpec = written.spec;
    }
    const finished =
      decision.verdict === 'promoted' || decision.verdict === 'rolled-back';
    const now = this.now();
    let state: CanaryState = 'progressing';
    if (decision.verdict === 'promoted') state = 'promoted';
    if (decision.verdict === 'rolled-back') state = 'rolled-back';
    await this.commit(canary, {
      patch: {
        state,
        step: decision.step,
        weight: decision.weight,
        failedChecks: decision.failedChecks,
        message: decision.message,
        nextCheckAt: finished
          ? null
          : new Date(
              now.getTime() + canary.plan.intervalSeconds * 1000,
            ).toISOString(),
        ...(finished ? { finishedAt: now.toISOString() } : {}),
        ...(writtenSpec !== undefined ? { writtenSpec } : {}),
      },
      verdict: decision.verdict,
      checks: results,
      message: decision.message,
      actor: CONTROLLER_ACTOR,
      changeId,
    });
    return decision.verdict;
  }

  /** Why the canary must not write: its routing object changed under it (or vanished). */
  private editedBySomeoneElse(canary: StoredCanary): string | undefined {
    const model = this.options.models.forCluster(canary.cluster);
    if (!model) return undefined; // No model (cluster down): the write path will refuse, saying why.
    const live = model.index.get<KubeObject & { spec?: unknown }>(
      canary.route.kind,
      canary.route.namespace,
      canary.route.name,
      canary.cluster,
    );
    const what = `${canary.route.kind} ${canary.route.namespace}/${canary.route.name}`;
    if (!live)
      return `${what} was deleted outside the canary; paused instead of recreating it. Resume to take over, or abort.`;
    if (routeSpecEdited(canary.writtenSpec, live.spec))
      return `${what} was edited outside the canary (now resourceVersion ${live.metadata.resourceVersion}); paused instead of overwriting it. Resume to take over the current rules, or abort.`;
    return undefined;
  }

  private async checks(canary: StoredCanary): Promise<CanaryCheckResult[]> {
    const model = this.options.models.forCluster(canary.cluster);
    const workloads = model
      ? canaryWorkloads(
          model.index,
          { namespace: canary.namespace, name: canary.service },
          canary.canaryVersion,
          canary.cluster,
        )
      : [];
    const entry = model?.spec.mesh
      ? this.options.metrics.forMesh(model.spec.mesh)
      : undefined;
    const window = canaryWindowSeconds(canary.plan);
    const target = {
      namespace: canary.namespace,
      service: canary.service,
      version: canary.canaryVersion,
      workloads,
    };
    return runCanaryChecks({
      checks: canary.plan.checks,
      queries: canary.plan.checks.map(c => {
        try {
          return canaryCheckQuery(c, target, window);
        } catch (e) {
          // No canary workloads (its pods are gone) or a bad placeholder: a failed check.
          return { kind: 'invalid' as const, error: (e as Error).message };
        }
      }),
      source: entry?.state === 'ready' ? entry.source : undefined,
      unavailable:
        entry?.state === 'failed'
          ? entry.message
          : 'the mesh has no metrics source configured',
      timeoutSeconds: this.options.queryTimeoutSeconds,
      evaluate: evaluateCanaryCheck,
    });
  }

  /** Writes the canary's weight through the write path (preview, then apply). */
  private async writeWeight(
    canary: StoredCanary,
    weight: number,
    actor: ChangeActor,
    description: string,
  ): Promise<
    | { ok: true; changeId: string; spec: unknown }
    /** transient: the cluster did not answer; a conflict or a refusal needs a person. */
    | { ok: false; message: string; transient?: boolean }
  > {
    try {
      const state = this.routing.serviceState(
        canary.cluster,
        canary.namespace,
        canary.service,
      );
      const routed = canaryRouteManifests(
        state,
        {
          stableVersion: canary.stableVersion,
          canaryVersion: canary.canaryVersion,
        },
        weight,
      );
      if (!routed.ok)
        return {
          ok: false,
          message: `Could not route ${weight} %: ${describeWizardErrors(routed.errors)}`,
        };
      const preview = await this.routing.preview(
        canary,
        routed.resources,
        `Canary ${canary.service} ${canary.stableVersion} → ${canary.canaryVersion}: ${description}`,
        actor,
      );
      if (!preview.dryRun.ok)
        return {
          ok: false,
          message: `The cluster's dry run refused ${weight} %: ${dryRunMessages(preview)}`,
        };
      const applied = await this.options.changes.apply(
        await this.options.changes.get(preview.id),
        actor,
      );
      return {
        ok: true,
        changeId: applied.id,
        spec: this.routing.liveSpec(canary.cluster, canary.route),
      };
    } catch (e) {
      return {
        ok: false,
        message: `Writing ${weight} % failed: ${(e as Error).message}`,
        transient: isTransient(e),
      };
    }
  }

  private async commit(
    canary: StoredCanary,
    args: {
      patch: CanaryPatch;
      verdict: CanaryVerdict;
      message: string;
      actor: string;
      checks?: CanaryCheckResult[];
      changeId?: string;
    },
  ): Promise<void> {
    const event: NewCanaryEvent = {
      at: this.now().toISOString(),
      verdict: args.verdict,
      step: args.patch.step ?? canary.step,
      weight: args.patch.weight ?? canary.weight,
      failedChecks: args.patch.failedChecks ?? canary.failedChecks,
      checks: args.checks ?? [],
      message: args.message,
      actor: args.actor,
      ...(args.changeId ? { changeId: args.changeId } : {}),
    };
    const ok = await this.options.store.commit(
      canary.id,
      canary.version,
      args.patch,
      event,
    );
    if (!ok)
      throw new ConflictError(
        `Canary ${canary.id} changed while this step ran; its outcome was not recorded`,
      );
  }

  /** Claims a canary for a person's action, waiting briefly for a step in progress. */
  private async claimForAction(
    id: string,
    actor: ChangeActor,
  ): Promise<StoredCanary> {
    const deadline = Date.now() + ACTION_WAIT_MS;
    for (;;) {
      const now = this.now();
      const claimed = await this.options.store.claim(
        id,
        `user:${actor.userEntityRef}`,
        now,
        new Date(now.getTime() + leaseMs(this.options.queryTimeoutSeconds)),
      );
      if (claimed) return claimed;
      if (Date.now() > deadline)
        throw new ConflictError(
          `Canary ${id} is being stepped; try again in a few seconds`,
        );
      await new Promise(r => setTimeout(r, 250));
    }
  }

  /** Abort (all traffic back to stable) or promote (all to the canary) by a person. */
  async finish(
    id: string,
    how: 'abort' | 'promote',
    actor: ChangeActor,
    reason?: string,
  ): Promise<CanaryRecord> {
    await this.get(id);
    const canary = await this.claimForAction(id, actor);
    try {
      if (FINISHED_CANARY_STATES.includes(canary.state))
        throw new ConflictError(
          `Canary ${id} is already ${canary.state}; nothing to ${how}`,
        );
      const weight = how === 'abort' ? 0 : 100;
      const written = await this.writeWeight(
        canary,
        weight,
        actor,
        how === 'abort'
          ? `aborted by ${actor.userEntityRef}: all traffic to ${canary.stableVersion}`
          : `promoted by ${actor.userEntityRef}: all traffic to ${canary.canaryVersion}`,
      );
      if (!written.ok) throw new ConflictError(written.message);
      const state: CanaryState = how === 'abort' ? 'aborted' : 'promoted';
      const message =
        how === 'abort'
          ? `Aborted by ${actor.userEntityRef}; all traffic back to ${canary.stableVersion}${reason ? `: ${reason}` : ''}`
          : `Promoted by ${actor.userEntityRef}; all traffic to ${canary.canaryVersion}${reason ? `: ${reason}` : ''}`;
      await this.commit(canary, {
        patch: {
          state,
          weight,
          message,
          nextCheckAt: null,
          finishedAt: this.now().toISOString(),
          writtenSpec: written.spec,
        },
        verdict: how === 'abort' ? 'aborted' : 'promoted',
        message,
        actor: actor.userEntityRef,
        changeId: written.changeId,
      });
    } catch (e) {
      await this.options.store.release(id, canary.version);
      throw e;
    }
    return toRecord(await this.get(id));
  }

  /** A paused canary goes on from its step, taking the routing object as it is now. */
  async resume(
    id: string,
    actor: ChangeActor,
    reason?: string,
  ): Promise<CanaryRecord> {
    await this.get(id);
    const canary = await this.claimForAction(id, actor);
    try {
      if (canary.state !== 'paused')
        throw new ConflictError(
          `Canary ${id} is ${canary.state}; only a paused canary can be resumed`,
        );
      const now = this.now();
      const message = `Resumed by ${actor.userEntityRef}${reason ? `: ${reason}` : ''}; next check in ${canary.plan.intervalSeconds} s`;
      await this.commit(canary, {
        patch: {
          state: 'progressing',
          message,
          nextCheckAt: new Date(
            now.getTime() + canary.plan.intervalSeconds * 1000,
          ).toISOString(),
          writtenSpec: this.routing.liveSpec(canary.cluster, canary.route),
        },
        verdict: 'resumed',
        message,
        actor: actor.userEntityRef,
      });
    } catch (e) {
      await this.options.store.release(id, canary.version);
      throw e;
    }
    return toRecord(await this.get(id));
  }
}

/**
 * A failure worth trying again: the cluster or the network did not answer. Conflicts (someone
 * else's change), refusals (403, an invalid object) and a cluster that is not watched need a
 * person, and pause the canary.
 */
function isTransient(e: unknown): boolean {
  return e instanceof ServiceUnavailableError || e instanceof KubeNetworkError;
}

/** A lease outlives the slowest step: every check timing out, plus the writes. */
function leaseMs(queryTimeoutSeconds: number): number {
  return Math.max(60_000, queryTimeoutSeconds * 1000 * 4 + 30_000);
}

/** The controller writes on behalf of the person who started the canary. */
function ownerActor(canary: StoredCanary): ChangeActor {
  return { userEntityRef: canary.createdBy, ownershipEntityRefs: [] };
}

/** The routing object among a step's manifests: the VirtualService, else the HTTPRoute. */
function routeOf(manifests: KubeObject[]): StoredCanary['route'] {
  const route =
    manifests.find(m => m.kind === 'VirtualService') ??
    manifests.find(m => m.kind === 'HTTPRoute');
  if (!route)
    throw new InputError('The canary found no routing object to write');
  return {
    kind: route.kind as 'VirtualService' | 'HTTPRoute',
    namespace: route.metadata.namespace ?? '',
    name: route.metadata.name,
  };
}

export function toRecord(canary: StoredCanary): CanaryRecord {
  const {
    version: _v,
    leaseOwner: _o,
    leaseUntil: _u,
    writtenSpec: _s,
    ...record
  } = canary;
  return record;
}
