import { mockServices } from '@backstage/backend-test-utils';
import { ClusterCache } from './ClusterCache';
import { ClusterCacheManager } from './ClusterCacheManager';
import { MeshStore, StoredCluster } from '../database/MeshStore';

const cluster = (name: string): StoredCluster => ({
  name,
  // Nothing listens on port 1: the cache's start fails and retries in the background, offline.
  apiUrl: 'https://127.0.0.1:1',
  insecureSkipTlsVerify: true,
  allowInsecure: false,
  gitops: false,
  impersonate: false,
  labels: {},
  source: 'api',
  createdBy: 'test',
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
});

function storeWith(
  clusters: StoredCluster[],
  credentials: (
    name: string,
  ) => Promise<{ kind: 'bearerToken'; token: string } | undefined>,
): MeshStore {
  return {
    listClusters: async () => clusters,
    getClusterCredentials: credentials,
  } as Partial<MeshStore> as MeshStore;
}

describe('ClusterCacheManager', () => {
  afterEach(() => jest.restoreAllMocks());

  it('runs concurrent refreshes one after another: two registrations at once start one watcher per cluster', async () => {
    const starts = jest
      .spyOn(ClusterCache.prototype, 'start')
      .mockResolvedValue(undefined);
    const stops = jest.spyOn(ClusterCache.prototype, 'stop');
    const store = storeWith([cluster('a')], async () => {
      // Slow credentials widen the window in which an unserialised second refresh would start a second cache.
      await new Promise(r => setTimeout(r, 20));
      return { kind: 'bearerToken', token: 't' };
    });
    const manager = new ClusterCacheManager(store, mockServices.logger.mock());
    await Promise.all([
      manager.refresh(),
      manager.refresh(),
      manager.refresh(),
    ]);
    expect(starts).toHaveBeenCalledTimes(1);
    expect(manager.names()).toEqual(['a']);
    await manager.stopAll();
    expect(stops).toHaveBeenCalledTimes(1);
  });

  it('makes a cluster whose credentials cannot be read an error state for that cluster alone', async () => {
    jest.spyOn(ClusterCache.prototype, 'start').mockResolvedValue(undefined);
    const store = storeWith(
      [cluster('broken'), cluster('fine')],
      async name => {
        if (name === 'broken')
          throw new Error('Unsupported state or unable to authenticate data');
        return { kind: 'bearerToken', token: 't' };
      },
    );
    const manager = new ClusterCacheManager(store, mockServices.logger.mock());
    await manager.refresh();
    expect(manager.syncState('broken')).toMatchObject({
      status: 'error',
      lastError: {
        message: expect.stringContaining('credentials cannot be read'),
      },
    });
    expect(manager.names()).toEqual(['fine']);
    expect(manager.syncState('fine').status).not.toBe('error');
    await manager.stopAll();
  });
});
