import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Sandbox, startSandbox } from '@meshport/mesh-sandbox';
import request from 'supertest';
import { meshPlugin } from '../plugin';
import { until } from '../testUtils/until';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'two backend replicas on one %p database',
  (databaseId: TestDatabaseId) => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await startSandbox({
        clusters: [{ name: 'sandbox', scenario: 'demo' }],
        podReadyDelayMs: 20,
      });
    });
    afterAll(async () => {
      await sandbox?.stop();
    });

    it('watches a cluster registered through one replica on the other within one scheduler interval', async () => {
      const knex = await databases.init(databaseId);
      const replica = async () =>
        (
          await startTestBackend({
            features: [
              meshPlugin,
              // The real scheduler, so the registry sync task runs on its interval as in production.
              schedulerServiceFactory,
              catalogServiceMock.factory({ entities: [] }),
              mockServices.database.factory({ knex }),
              mockServices.rootConfig.factory({
                data: {
                  mesh: {
                    encryptionKey: 'replica-test-key-0123456789',
                    allowPrivateClusterUrls: true,
                    registrySyncSeconds: 1,
                  },
                },
              }),
            ],
          })
        ).server;
      const first = await replica();
      const second = await replica();
      const c = sandbox.cluster('sandbox');
      await request(first)
        .post('/api/mesh/clusters')
        .send({
          name: 'shared',
          apiUrl: c.apiUrl,
          caData: c.caData,
          token: c.token,
        })
        .expect(201);

      const startedAt = Date.now();
      const seen = await until(
        () => request(second).get('/api/mesh/clusters'),
        r =>
          r.body.items?.some(
            (x: { name: string; sync: { status: string } }) =>
              x.name === 'shared' && x.sync.status !== 'stopped',
          ),
        15_000,
      );
      // Registered in the shared database, and watched by the replica that did not register it.
      expect(
        seen.body.items.find((x: { name: string }) => x.name === 'shared').sync
          .status,
      ).toMatch(/syncing|synced/);
      expect(Date.now() - startedAt).toBeLessThan(10_000);

      await request(first).delete('/api/mesh/clusters/shared').expect(204);
      await until(
        () => request(second).get('/api/mesh/clusters'),
        r => !r.body.items?.some((x: { name: string }) => x.name === 'shared'),
        15_000,
      );
    });
  },
);
