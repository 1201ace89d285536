import { createApiRef } from '@backstage/core-plugin-api';
import {
  ApplyChangeResult,
  CanaryRecord,
  CanIAnswer,
  CanIRequest,
  ChangeExport,
  ChangePreview,
  ChangeRecord,
  ClusterSummary,
  EntityOverview,
  EntitySecurity,
  EntityTraffic,
  GraphType,
  LiveResource,
  MeshGraph,
  MeshSummary,
  MetricsCharts,
  RegisterClusterRequest,
  PreviewChangeRequest,
  RegisterMeshRequest,
  RouteTrace,
  TraceRequestBody,
} from '@meshport/plugin-mesh-common';

/** Identifies a catalog entity the way the backend's routes do. */
export interface MeshEntityRef {
  kind: string;
  namespace: string;
  name: string;
}

/** Which live object to load into the editor (query of GET /entities/:kind/:namespace/:name/resource). */
export interface LiveResourceQuery {
  cluster: string;
  apiVersion: string;
  kind: string;
  /** Absent for cluster-scoped kinds. */
  namespace?: string;
  name: string;
}

/**
 * An entity as the topology and metrics methods take it: the tabs' `MeshEntityRef`, or an entity
 * ref string (`component:default/reviews`) as graph nodes carry it in `entityRef`.
 */
export type MeshEntityTarget = MeshEntityRef | string;

/** Query of GET /entities/:kind/:namespace/:name/topology; the backend's defaults apply to what is absent. */
export interface EntityTopologyQuery {
  /** `5m`, `15m`, `1h`, … */
  window?: string;
  /** How many edges away from the entity's own nodes the graph reaches. */
  hops?: number;
  graph?: GraphType;
}

/** Query of GET /meshes/:mesh/topology. */
export interface MeshTopologyQuery {
  window?: string;
  graph?: GraphType;
  /** Only traffic from or to these namespaces (either side). */
  namespaces?: string[];
  clusters?: string[];
}

/** Query of GET /entities/:kind/:namespace/:name/metrics: one workload or Service of the entity. */
export interface EntityMetricsQuery {
  window?: string;
  cluster?: string;
  namespace: string;
  workload?: string;
  /** The Service's name (not its host). */
  service?: string;
}

/** Query of GET /entities/:kind/:namespace/:name/security. */
export interface EntitySecurityQuery {
  /** The window of observed traffic compared with the access matrix (`5m`, `1h`, …); the backend's default when absent. */
  window?: string;
}

/** Answer of POST /clusters/connection-test when the cluster answered. */
export interface ConnectionTestResult {
  ok: true;
  serverVersion: string;
}

/**
 * The mesh backend's REST API as the frontend uses it. Every method rejects with a
 * `ResponseError` (from `@backstage/errors`) when the backend answers with a non-2xx status,
 * so callers can show the backend's own message.
 */
export interface MeshApi {
  listClusters(): Promise<ClusterSummary[]>;
  registerCluster(request: RegisterClusterRequest): Promise<ClusterSummary>;
  testClusterConnection(
    request: RegisterClusterRequest,
  ): Promise<ConnectionTestResult>;
  deleteCluster(name: string): Promise<void>;
  listMeshes(): Promise<MeshSummary[]>;
  registerMesh(request: RegisterMeshRequest): Promise<MeshSummary>;
  deleteMesh(name: string): Promise<void>;
  getEntityOverview(entity: MeshEntityRef): Promise<EntityOverview>;
  /** Every routing resource that affects the entity's services, per cluster, in words (the Traffic tab). */
  getEntityTraffic(entity: MeshEntityRef): Promise<EntityTraffic>;
  /** Where one request to the entity goes, traced on the backend's live model (400 on a bad request). */
  traceRequest(
    entity: MeshEntityRef,
    body: TraceRequestBody,
  ): Promise<RouteTrace>;

  /** mTLS, security policies in words, the access matrix and observed callers, per cluster (the Security tab). */
  getEntitySecurity(
    entity: MeshEntityRef,
    query?: EntitySecurityQuery,
  ): Promise<EntitySecurity>;
  /** "May A call B": the authorization engine's decision on the live model, as `meshport can-i --format json`. */
  canI(entity: MeshEntityRef, body: CanIRequest): Promise<CanIAnswer>;

  /** Validates, analyzes, dry-runs and diffs a change set without touching the cluster. */
  previewChange(request: PreviewChangeRequest): Promise<ChangePreview>;
  /** Applies a previewed change; rejects with 409 when anything moved since the preview. */
  applyChange(id: string): Promise<ApplyChangeResult>;
  /** A new preview that restores the state before change `id`; apply it like any other. */
  revertChange(id: string): Promise<ChangePreview>;
  /** The change as ready-to-commit YAML files, for clusters managed by GitOps. */
  exportChange(id: string): Promise<ChangeExport>;
  /** The entity's changes, newest first. */
  getChangeHistory(entity: MeshEntityRef): Promise<ChangeRecord[]>;
  /** One live object as the editor starts from it (no managedFields, no status). */
  getLiveResource(
    entity: MeshEntityRef,
    query: LiveResourceQuery,
  ): Promise<LiveResource>;

  /** The service graph around the entity's workloads, from the mesh's metrics over the window. */
  getEntityTopology(
    entity: MeshEntityTarget,
    query: EntityTopologyQuery,
  ): Promise<MeshGraph>;
  /** The service graph of a whole mesh (the admin page), optionally narrowed to namespaces and clusters. */
  getMeshTopology(mesh: string, query: MeshTopologyQuery): Promise<MeshGraph>;
  /** Inbound and outbound rate, errors and latency over time for one workload or Service of the entity. */
  getEntityMetrics(
    entity: MeshEntityTarget,
    query: EntityMetricsQuery,
  ): Promise<MetricsCharts>;

  /** The entity's canary releases, active and finished, newest first (each with its events). */
  listEntityCanaries(entity: MeshEntityRef): Promise<CanaryRecord[]>;
  /** One canary with its events; 404 when there is none with that id. */
  getCanary(id: string): Promise<CanaryRecord>;
  /** Sends all traffic to the canary version now; 409 when the canary is already finished. */
  promoteCanary(id: string, reason?: string): Promise<CanaryRecord>;
  /** Sends all traffic back to the stable version and stops; 409 when already finished. */
  abortCanary(id: string, reason?: string): Promise<CanaryRecord>;
  /** Lets the controller step a paused canary again; 409 unless it is paused. */
  resumeCanary(id: string, reason?: string): Promise<CanaryRecord>;
}

export const meshApiRef = createApiRef<MeshApi>({ id: 'plugin.mesh.service' });
