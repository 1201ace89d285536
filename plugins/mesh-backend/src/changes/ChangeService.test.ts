import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { KubeObject } from '@meshport/plugin-mesh-common';
import { Sandbox, startSandbox } from '@meshport/mesh-sandbox';
import { ClusterCacheManager } from '../cache/ClusterCacheManager';
import { KubeNetworkError } from '../cluster/KubeHttpClient';
import { DatabaseChangeStore } from '../database/DatabaseChangeStore';
import { DatabaseMeshStore } from '../database/DatabaseMeshStore';
import { SecretBox } from '../database/SecretBox';
import { MeshModelRegistry } from '../model/MeshModelRegistry';
import { ChangeService } from './ChangeService';
import { ClusterWriter, ObjectAddress, WriteOutcome } from './ClusterWriter';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const actor = {
  userEntityRef: 'user:default/ada',
  ownershipEntityRefs: ['user:default/ada'],
};

/**
 * The real writer, except that applying one named object fails: refused as an admission webhook
 * might, or with the connection dropped as a cluster that stops answering would.
 */
class FailingWriter extends ClusterWriter {
  static failOn = 'ratings';
  static how: 'refuse' | 'network' = 'refuse';
  async apply(
    a: ObjectAddress,
    manifest: KubeObject,
    options: { dryRun?: boolean; resourceVersion?: string } = {},
  ): Promise<WriteOutcome> {
    if (!options.dryRun && a.name === FailingWriter.failOn) {
      if (FailingWriter.how === 'network')
        throw new KubeNetworkError('socket hang up', 'ECONNRESET');
      return {
        ok: false,
        status: 500,
        message:
          'Internal error occurred: failed calling webhook "validation.istio.io"',
      };
    }
    return super.apply(a, manifest, options);
  }
}

const routedTo = (name: string, subset: string) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name, namespace: 'bookinfo' },
  spec: {
    hosts: [name],
    http: [{ route: [{ destination: { host: name, subset } }] }],
  },
});

describe('ChangeService apply', () => {
  let sandbox: Sandbox;
  let caches: ClusterCacheManager;
  beforeAll(async () => {
    sandbox = await startSandbox({
      clusters: [{ name: 'sandbox', scenario: 'demo' }],
      podReadyDelayMs: 20,
    });
  });
  afterAll(async () => {
    await caches?.stopAll();
    await sandbox?.stop();
  });

  it.each([
    [
      'is refused',
      'refuse' as const,
      /VirtualService bookinfo\/ratings: the cluster refused the write \(500\).*The 1 resource\(s\) written before it were restored/,
    ],
    [
      'meets a dropped connection',
      'network' as const,
      /The cluster did not answer: socket hang up\. The 1 resource\(s\) written before it were restored/,
    ],
  ])(
    'restores what it already wrote when a later write %s, and records the failure',
    async (_what, how, expected) => {
      FailingWriter.how = how;
      await caches?.stopAll();
      const knex = await databases.init('SQLITE_3');
      const store = await DatabaseMeshStore.createFromKnex(
        knex,
        new SecretBox('service-test-key-0123456789'),
      );
      const c = sandbox.cluster('sandbox');
      await store.createCluster({
        name: 'sandbox',
        apiUrl: c.apiUrl,
        caData: c.caData,
        insecureSkipTlsVerify: false,
        allowInsecure: false,
        gitops: false,
        impersonate: false,
        labels: {},
        source: 'api',
        createdBy: 'test',
        credentials: { kind: 'bearerToken', token: c.token },
      });
      const logger = mockServices.logger.mock();
      caches = new ClusterCacheManager(store, logger);
      const models = new MeshModelRegistry(store, caches, logger);
      await caches.refresh();
      await models.refresh();
      const deadline = Date.now() + 60_000;
      while (
        caches.syncState('sandbox').status !== 'synced' &&
        Date.now() < deadline
      )
        await new Promise(r => setTimeout(r, 100));
      const changes = new DatabaseChangeStore(knex);
      const service = new ChangeService(
        store,
        changes,
        caches,
        models,
        (client, impersonate) => new FailingWriter(client, impersonate),
      );

      const preview = await service.preview(
        {
          entityRef: 'component:default/reviews',
          cluster: 'sandbox',
          resources: [
            { action: 'apply', manifest: routedTo('reviews', 'v3') },
            { action: 'apply', manifest: routedTo('ratings', 'v2') },
          ],
        },
        actor,
      );
      expect(preview.dryRun.ok).toBe(true);
      expect(preview.resources.map(r => r.operation)).toEqual([
        'update',
        'update',
      ]);

      const stored = (await changes.get(preview.id))!;
      await expect(service.apply(stored, actor)).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        message: expect.stringMatching(expected),
      });

      // reviews was written, then put back: its routes are what they were before the change.
      const reviews = await new ClusterWriter(
        caches.get('sandbox')!.client,
      ).get({
        kind: {
          plural: 'virtualservices',
          kind: 'VirtualService',
          group: 'networking.istio.io',
          versions: ['v1'],
          istio: true,
          namespaced: true,
        },
        version: 'v1',
        namespace: 'bookinfo',
        name: 'reviews',
      });
      expect(JSON.stringify(reviews?.spec)).toContain('"subset":"v1"');
      expect(JSON.stringify(reviews?.spec)).not.toContain('"subset":"v3"');
      expect(await changes.get(preview.id)).toMatchObject({
        status: 'failed',
        result: expect.stringContaining('restored'),
      });
    },
  );
});
