import { mockServices } from '@backstage/backend-test-utils';
import { startSandbox } from '@meshport/mesh-sandbox';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { ClusterCache } from './ClusterCache';

jest.setTimeout(60_000);

async function freePort(): Promise<number> {
  return new Promise(resolve => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function until(check: () => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 100));
  }
}

describe('ClusterCache', () => {
  it('syncs, notices the cluster going away, and recovers with backoff when it returns', async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshport-cache-'));
    const port = await freePort();
    let sandbox = await startSandbox({
      clusters: [{ name: 'c1', scenario: 'demo' }],
      stateDir,
      port,
      podReadyDelayMs: 10,
    });
    const c = sandbox.cluster('c1');
    const cache = new ClusterCache(
      {
        name: 'c1',
        apiUrl: c.apiUrl,
        caData: c.caData,
        insecureSkipTlsVerify: false,
        token: c.token,
      },
      mockServices.logger.mock(),
      { maxBackoffMs: 500 },
    );
    try {
      await cache.start();
      await until(() => cache.syncState().status === 'synced');
      const synced = cache.syncState();
      expect(synced.objectCounts.deployments).toBeGreaterThanOrEqual(6);
      expect(synced.objectCounts.virtualservices).toBeGreaterThanOrEqual(1);
      expect(synced.missingKinds).toEqual([]);
      const of = (kind: string) =>
        cache.allObjects().filter(o => o.kind === kind);
      expect(of('Pod').every(p => p.apiVersion === 'v1')).toBe(true);
      expect(
        of('Pod').filter(p => p.metadata.namespace === 'bookinfo').length,
      ).toBe(6);
      expect(of('Namespace').length).toBe(synced.objectCounts.namespaces);
      // Cached objects carry no managedFields, and Secrets no data.
      expect(cache.allObjects().some(o => 'managedFields' in o.metadata)).toBe(
        false,
      );
      expect(of('Secret').some(o => 'data' in o)).toBe(false);

      await sandbox.stop();
      await until(() => cache.syncState().status === 'error');
      expect(cache.syncState().staleSince).toBeDefined();
      expect(cache.syncState().lastError?.message).toMatch(
        /refused|handshake|reach|socket|closed|ECONNRESET/i,
      );
      // What was cached stays readable while the cluster is away.
      expect(of('Deployment').length).toBeGreaterThanOrEqual(6);

      sandbox = await startSandbox({
        clusters: [{ name: 'c1', scenario: 'empty' }],
        stateDir,
        port,
      });
      await until(() => cache.syncState().status === 'synced');
      expect(cache.syncState().staleSince).toBeUndefined();
      // The new cluster is empty: the relist dropped what no longer exists.
      expect(
        of('Deployment').filter(d => d.metadata.namespace === 'bookinfo'),
      ).toEqual([]);
    } finally {
      await cache.stop();
      await sandbox.stop();
    }
  });
});
