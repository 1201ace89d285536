import { createApiRef } from '@backstage/core-plugin-api';
import {
  ClusterSummary,
  EntityOverview,
  MeshSummary,
  RegisterClusterRequest,
  RegisterMeshRequest,
} from '@meshport/plugin-mesh-common';

/** Identifies a catalog entity the way the backend's routes do. */
export interface MeshEntityRef {
  kind: string;
  namespace: string;
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
  testClusterConnection(request: RegisterClusterRequest): Promise<ConnectionTestResult>;
  deleteCluster(name: string): Promise<void>;
  listMeshes(): Promise<MeshSummary[]>;
  registerMesh(request: RegisterMeshRequest): Promise<MeshSummary>;
  deleteMesh(name: string): Promise<void>;
  getEntityOverview(entity: MeshEntityRef): Promise<EntityOverview>;
}

export const meshApiRef = createApiRef<MeshApi>({ id: 'plugin.mesh.service' });
