import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { DatabaseMeshStore } from './DatabaseMeshStore';
import { NewCluster } from './MeshStore';
import { SecretBox } from './SecretBox';

jest.setTimeout(60_000);

// SQLite always; PostgreSQL 15 when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set
// (npm test points it at the machine's local server).
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const box = new SecretBox('store-test-key-0123456789');

const cluster = (name: string, over: Partial<NewCluster> = {}): NewCluster => ({
  name,
  apiUrl: `https://${name}.example:6443`,
  caData: undefined,
  insecureSkipTlsVerify: true,
  allowInsecure: false,
  gitops: false,
  impersonate: false,
  labels: { env: 'test' },
  source: 'api',
  createdBy: 'user:default/ada',
  credentials: { kind: 'bearerToken', token: `token-of-${name}` },
  ...over,
});

describe.each(databases.eachSupportedId())(
  'DatabaseMeshStore on %p',
  (id: TestDatabaseId) => {
    it('runs its migrations up and down', async () => {
      const knex = await databases.init(id);
      const dir = resolvePackagePath(
        '@meshport/plugin-mesh-backend',
        'migrations',
      );
      await knex.migrate.latest({ directory: dir });
      expect(await knex.schema.hasTable('mesh_clusters')).toBe(true);
      for (const column of ['gitops', 'impersonate', 'allow_insecure']) {
        expect(await knex.schema.hasColumn('mesh_clusters', column)).toBe(true);
      }
      await knex.migrate.rollback({ directory: dir }, true);
      expect(await knex.schema.hasTable('mesh_clusters')).toBe(false);
      expect(await knex.schema.hasTable('mesh_memberships')).toBe(false);
    });

    it('stores clusters with sealed credentials and rejects duplicates', async () => {
      const knex = await databases.init(id);
      const store = await DatabaseMeshStore.createFromKnex(knex, box);
      const saved = await store.createCluster(cluster('alpha'));
      expect(saved).toMatchObject({
        name: 'alpha',
        labels: { env: 'test' },
        insecureSkipTlsVerify: true,
        createdBy: 'user:default/ada',
      });
      expect(saved).not.toHaveProperty('credentials');
      expect(await store.getClusterCredentials('alpha')).toEqual({
        kind: 'bearerToken',
        token: 'token-of-alpha',
      });
      const raw = await knex('mesh_clusters').where({ name: 'alpha' }).first();
      expect(JSON.stringify(raw)).not.toContain('token-of-alpha');
      await expect(store.createCluster(cluster('alpha'))).rejects.toThrow(
        /already registered/,
      );
      expect((await store.listClusters()).map(c => c.name)).toEqual(['alpha']);
    });

    it('adds the cluster flags to rows written before them, as false', async () => {
      const knex = await databases.init(id);
      const dir = resolvePackagePath(
        '@meshport/plugin-mesh-backend',
        'migrations',
      );
      await knex.migrate.up({ directory: dir, name: '20261122000000_init.js' });
      const now = new Date();
      await knex('mesh_clusters').insert({
        name: 'old',
        api_url: 'https://old.example:6443',
        credentials_encrypted: box.seal(
          JSON.stringify({ kind: 'bearerToken', token: 'old-token' }),
        ),
        source: 'api',
        created_by: 'user:default/ada',
        created_at: now,
        updated_at: now,
      });
      await knex.migrate.up({
        directory: dir,
        name: '20261201000000_cluster_flags.js',
      });
      const store = await DatabaseMeshStore.createFromKnex(knex, box);
      expect(await store.getCluster('old')).toMatchObject({
        gitops: false,
        impersonate: false,
        allowInsecure: false,
      });
      await knex.migrate.rollback({ directory: dir }, true);
      expect(await knex.schema.hasTable('mesh_clusters')).toBe(false);
    });

    it('stores the gitops, impersonate and allowInsecure flags and reads a cluster for a write', async () => {
      const knex = await databases.init(id);
      const store = await DatabaseMeshStore.createFromKnex(knex, box);
      const saved = await store.createCluster(
        cluster('flags', {
          apiUrl: 'http://flags.example:8080',
          insecureSkipTlsVerify: false,
          allowInsecure: true,
          gitops: true,
          impersonate: true,
        }),
      );
      expect(saved).toMatchObject({
        allowInsecure: true,
        gitops: true,
        impersonate: true,
      });
      await store.createCluster(cluster('plain'));
      expect(
        (await store.listClusters()).map(c => [
          c.name,
          c.gitops,
          c.impersonate,
          c.allowInsecure,
        ]),
      ).toEqual([
        ['flags', true, true, true],
        ['plain', false, false, false],
      ]);
      expect(await store.getClusterForWrite('flags')).toEqual({
        cluster: saved,
        credentials: { kind: 'bearerToken', token: 'token-of-flags' },
      });
      expect(await store.getClusterForWrite('nowhere')).toBeUndefined();
      expect(
        await store.upsertConfigCluster(
          cluster('cfg', { source: 'config', gitops: true }),
        ),
      ).toBe('created');
      expect(
        await store.upsertConfigCluster(
          cluster('cfg', {
            source: 'config',
            gitops: false,
            impersonate: true,
          }),
        ),
      ).toBe('updated');
      expect(await store.getCluster('cfg')).toMatchObject({
        gitops: false,
        impersonate: true,
      });
    });

    it('upserts config clusters but never overwrites API registrations', async () => {
      const knex = await databases.init(id);
      const store = await DatabaseMeshStore.createFromKnex(knex, box);
      expect(
        await store.upsertConfigCluster(cluster('cfg', { source: 'config' })),
      ).toBe('created');
      expect(
        await store.upsertConfigCluster(
          cluster('cfg', { source: 'config', apiUrl: 'https://moved:6443' }),
        ),
      ).toBe('updated');
      expect((await store.getCluster('cfg'))?.apiUrl).toBe(
        'https://moved:6443',
      );
      await store.createCluster(cluster('mine'));
      expect(
        await store.upsertConfigCluster(
          cluster('mine', { source: 'config', apiUrl: 'https://evil:6443' }),
        ),
      ).toBe('skipped');
      expect((await store.getCluster('mine'))?.apiUrl).toBe(
        'https://mine.example:6443',
      );
    });

    it('keeps meshes and memberships consistent', async () => {
      const knex = await databases.init(id);
      const store = await DatabaseMeshStore.createFromKnex(knex, box);
      await store.createCluster(cluster('east'));
      await store.createCluster(cluster('west'));
      const mesh = await store.createMesh({
        name: 'prod',
        kind: 'external',
        controlPlaneCluster: 'east',
        members: [
          { cluster: 'east', role: 'primary', network: 'n1' },
          { cluster: 'west', role: 'remote' },
        ],
        trustDomain: 'cluster.local',
        source: 'api',
        createdBy: 'user:default/ada',
      });
      expect(mesh.members).toEqual([
        { cluster: 'east', role: 'primary', network: 'n1' },
        { cluster: 'west', role: 'remote', network: undefined },
      ]);
      await expect(store.deleteCluster('west')).rejects.toThrow(
        /member of mesh "prod"/,
      );
      await expect(
        store.createMesh({
          ...mesh,
          name: 'bad',
          members: [{ cluster: 'nowhere', role: 'primary' }],
          controlPlaneCluster: 'nowhere',
        }),
      ).rejects.toThrow(
        /members.0.cluster "nowhere" is not a registered cluster/,
      );
      expect(await store.getMesh('bad')).toBeUndefined();
      expect(await store.deleteMesh('prod')).toBe(true);
      expect(await store.deleteCluster('west')).toBe(true);
      expect(await store.deleteCluster('west')).toBe(false);
    });

    it("stores a mesh's metrics settings with the Prometheus header sealed, and hands the header only to the metrics sources", async () => {
      const knex = await databases.init(id);
      const store = await DatabaseMeshStore.createFromKnex(knex, box);
      expect(
        await knex.schema.hasColumn('mesh_meshes', 'prometheus_auth_encrypted'),
      ).toBe(true);
      await store.createCluster(cluster('east'));
      const base = {
        kind: 'external' as const,
        controlPlaneCluster: 'east',
        members: [{ cluster: 'east', role: 'primary' as const }],
        trustDomain: 'cluster.local',
        createdBy: 'user:default/ada',
      };
      const saved = await store.createMesh({
        ...base,
        name: 'prom',
        source: 'api',
        prometheusUrl: 'http://prometheus.example:9090',
        prometheusAuthHeader: 'Bearer sekrit-token',
      });
      expect(saved).toMatchObject({
        prometheusUrl: 'http://prometheus.example:9090',
        prometheusAuth: true,
      });
      expect(saved).not.toHaveProperty('prometheusAuthHeader');
      await store.createMesh({
        ...base,
        name: 'scraped',
        source: 'config',
        metricsScrapeUrls: ['http://a:15090/stats', 'http://b:15090/stats'],
      });
      const raw = await knex('mesh_meshes').select();
      expect(JSON.stringify(raw)).not.toContain('sekrit-token');
      expect(JSON.stringify(await store.listMeshes())).not.toContain(
        'sekrit-token',
      );
      expect((await store.getMesh('scraped'))?.metricsScrapeUrls).toEqual([
        'http://a:15090/stats',
        'http://b:15090/stats',
      ]);
      expect(await store.listMeshMetricsConfigs()).toEqual([
        {
          mesh: 'prom',
          prometheusUrl: 'http://prometheus.example:9090',
          prometheusAuthHeader: 'Bearer sekrit-token',
          scrapeUrls: undefined,
        },
        {
          mesh: 'scraped',
          prometheusUrl: undefined,
          prometheusAuthHeader: undefined,
          scrapeUrls: ['http://a:15090/stats', 'http://b:15090/stats'],
        },
      ]);
      // A config mesh re-read without metrics loses them, header included.
      expect(
        await store.upsertConfigMesh({
          ...base,
          name: 'scraped',
          source: 'config',
        }),
      ).toBe('updated');
      expect(await store.getMesh('scraped')).toMatchObject({
        prometheusAuth: false,
        metricsScrapeUrls: undefined,
      });
    });
  },
);
