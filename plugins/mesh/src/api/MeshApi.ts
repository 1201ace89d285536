import { createApiRef } from '@backstage/core-plugin-api';
import {
  ApplyChangeResult,
  ChangeExport,
  ChangePreview,
  ChangeRecord,
  ClusterSummary,
  EntityOverview,
  EntityTraffic,
  LiveResource,
  MeshSummary,
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
}

export const meshApiRef = createApiRef<MeshApi>({ id: 'plugin.mesh.service' });
