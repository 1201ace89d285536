import { Admission } from '../admission/Admission';
import { ObjectReader } from '../api/ObjectReader';
import { ObjectWriter } from '../api/ObjectWriter';
import { Controller } from '../controllers/Controller';
import { CrdController } from '../controllers/CrdController';
import { DaemonSetController } from '../controllers/DaemonSetController';
import { DeploymentController } from '../controllers/DeploymentController';
import { GarbageCollector } from '../controllers/GarbageCollector';
import { InProcessClient } from '../controllers/InProcessClient';
import { NamespaceController } from '../controllers/NamespaceController';
import { PodLifecycleController } from '../controllers/PodLifecycleController';
import { ReplicaSetController } from '../controllers/ReplicaSetController';
import { StatefulSetController } from '../controllers/StatefulSetController';
import { IstioRevision, istioSystemObjects } from '../istio/istioSystemObjects';
import { applyManifests, ApplyResult } from '../manifests/applyManifests';
import { builtinResourceTypes } from '../registry/builtinResources';
import { ResourceRegistry } from '../registry/ResourceRegistry';
import { ObjectStore } from '../store/ObjectStore';
import { KubeObject } from '../store/types';
import { TrafficOptions, TrafficSimulator } from '../traffic/TrafficSimulator';
import { bootstrapRbac } from './bootstrapRbac';
import { nodeObject, systemObjects } from './systemObjects';

export interface SimulatedClusterOptions {
  name: string;
  /** Position among the sandbox's clusters; keeps pod and node addresses distinct between clusters. */
  index?: number;
  /** CustomResourceDefinitions installed at start (Istio's and the Gateway API's). */
  crds: KubeObject[];
  istioVersion: string;
  /** Control-plane revisions besides "default", and revision tags (tag → revision). */
  istioRevisions?: IstioRevision[];
  istioTags?: Record<string, string>;
  podReadyDelayMs: number;
  /** The API server's CA, published in every namespace's kube-root-ca.crt ConfigMap. */
  caPem?: string;
  nodeCount?: number;
  /** Events kept per resource for watch resumption before a 410. */
  historyLimit?: number;
  /** How the traffic model ticks (it plays nothing until a call graph is added). */
  traffic?: TrafficOptions;
  log(line: string): void;
}

/** One simulated cluster: storage, admission, the write path, and the controllers that act on it. */
export class SimulatedCluster {
  readonly store: ObjectStore;
  readonly registry: ResourceRegistry;
  readonly writer: ObjectWriter;
  readonly reader: ObjectReader;
  /** Requests between the cluster's workloads and the Istio metrics they produce. */
  readonly traffic: TrafficSimulator;
  private readonly controllers: Controller[];

  constructor(private readonly options: SimulatedClusterOptions) {
    this.store = new ObjectStore(options.historyLimit ?? 1000);
    this.registry = new ResourceRegistry(builtinResourceTypes());
    const admission = new Admission(this.store, {
      version: options.istioVersion,
      clusterId: options.name,
      trustDomain: 'cluster.local',
    });
    this.writer = new ObjectWriter(this.store, admission);
    this.reader = new ObjectReader(this.store);
    const context = {
      client: new InProcessClient(this.store, this.registry, this.writer),
      log: (line: string) => options.log(`[${options.name}] ${line}`),
    };
    this.traffic = new TrafficSimulator(
      this.store,
      options.name,
      options.traffic,
    );
    this.controllers = [
      new CrdController(context),
      new NamespaceController(context, options.caPem),
      new GarbageCollector(context, this.writer),
      new DeploymentController(context),
      new ReplicaSetController(context),
      new StatefulSetController(context),
      new DaemonSetController(context),
      new PodLifecycleController(context, options.podReadyDelayMs),
    ];
  }

  get name(): string {
    return this.options.name;
  }

  /** Starts the controllers and installs what every cluster has: system namespaces, RBAC defaults, nodes, CRDs, Istio. */
  start(): void {
    this.controllers.forEach(controller => controller.start());
    applyManifests(this, systemObjects());
    applyManifests(this, bootstrapRbac());
    this.registerNodes(this.options.nodeCount ?? 1);
    applyManifests(this, this.options.crds);
    applyManifests(
      this,
      istioSystemObjects({
        version: this.options.istioVersion,
        clusterId: this.options.name,
        revisions: this.options.istioRevisions,
        tags: this.options.istioTags,
      }),
    );
    this.traffic.start();
  }

  apply(
    objects: KubeObject[],
    options: {
      namespace?: string;
      namespaceLabels?: Record<string, string>;
    } = {},
  ): ApplyResult {
    return applyManifests(this, objects, options);
  }

  /** Nodes register, then report their status (status is a subresource, so it is a second write). */
  private registerNodes(count: number): void {
    const nodes = this.registry.byStorageKey('/nodes')!;
    for (let i = 0; i < count; i += 1) {
      const { node, status } = nodeObject(
        this.options.name,
        this.options.index ?? 0,
        i,
      );
      const created = this.writer.create(nodes, 'v1', undefined, node).object;
      const now = created.metadata.creationTimestamp;
      const conditions = (
        status.conditions as Array<Record<string, unknown>>
      ).map(c => ({ ...c, lastHeartbeatTime: now, lastTransitionTime: now }));
      this.writer.replace(
        nodes,
        'v1',
        undefined,
        created.metadata.name!,
        { ...created, status: { ...status, conditions } },
        { subresource: 'status' },
      );
    }
  }

  stop(): void {
    this.traffic.stop();
    this.controllers.forEach(controller => controller.stop());
  }
}
