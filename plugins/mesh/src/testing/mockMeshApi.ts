import { MeshApi } from '../api/MeshApi';

/** A MeshApi whose every method is a jest mock that fails unless a test says otherwise. */
export function mockMeshApi(
  overrides: Partial<jest.Mocked<MeshApi>> = {},
): jest.Mocked<MeshApi> {
  const unexpected = (name: string) =>
    jest.fn(async () => {
      throw new Error(`unexpected call to ${name}`);
    });
  return {
    listClusters: unexpected('listClusters'),
    registerCluster: unexpected('registerCluster'),
    testClusterConnection: unexpected('testClusterConnection'),
    deleteCluster: unexpected('deleteCluster'),
    listMeshes: unexpected('listMeshes'),
    registerMesh: unexpected('registerMesh'),
    deleteMesh: unexpected('deleteMesh'),
    getEntityOverview: unexpected('getEntityOverview'),
    getEntityTraffic: unexpected('getEntityTraffic'),
    traceRequest: unexpected('traceRequest'),
    getEntitySecurity: unexpected('getEntitySecurity'),
    canI: unexpected('canI'),
    previewChange: unexpected('previewChange'),
    applyChange: unexpected('applyChange'),
    revertChange: unexpected('revertChange'),
    exportChange: unexpected('exportChange'),
    getChangeHistory: unexpected('getChangeHistory'),
    getLiveResource: unexpected('getLiveResource'),
    getEntityTopology: unexpected('getEntityTopology'),
    getMeshTopology: unexpected('getMeshTopology'),
    getEntityMetrics: unexpected('getEntityMetrics'),
    listEntityCanaries: unexpected('listEntityCanaries'),
    getCanary: unexpected('getCanary'),
    promoteCanary: unexpected('promoteCanary'),
    abortCanary: unexpected('abortCanary'),
    resumeCanary: unexpected('resumeCanary'),
    ...overrides,
  } as jest.Mocked<MeshApi>;
}
