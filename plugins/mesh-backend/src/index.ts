/**
 * Meshport's backend plugin (pluginId `mesh`).
 *
 * @packageDocumentation
 */
export { meshPlugin as default } from './plugin';
export type {
  MeshStore,
  StoredCluster,
  StoredMesh,
  ClusterCredentials,
} from './database/MeshStore';
