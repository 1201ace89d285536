import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { LookupAll } from '../cluster/checkClusterUrl';
import { checkConfigClusters } from './checkConfigClusters';
import { readMeshConfig } from './readMeshConfig';

const lookup: LookupAll = async host => [
  {
    address: host === 'internal.example.com' ? '10.0.0.9' : '93.184.216.34',
    family: 4,
  },
];

const meshConfig = (mesh: Record<string, unknown>) =>
  readMeshConfig(
    new ConfigReader({
      mesh: {
        encryptionKey: 'config-test-key-0123456789',
        clusters: [
          {
            name: 'public',
            apiUrl: 'https://k8s.example.com:6443',
            insecureSkipTlsVerify: true,
            token: 't',
            gitops: true,
          },
          {
            name: 'internal',
            apiUrl: 'https://internal.example.com:6443',
            insecureSkipTlsVerify: true,
            token: 't',
            impersonate: true,
          },
          {
            name: 'plain',
            apiUrl: 'http://plain.example.com:8080',
            allowInsecure: true,
            token: 't',
          },
        ],
        meshes: [
          {
            name: 'outside',
            kind: 'external',
            controlPlaneCluster: 'public',
            members: [{ cluster: 'public', role: 'primary' }],
          },
          {
            name: 'mixed',
            kind: 'external',
            controlPlaneCluster: 'public',
            members: [
              { cluster: 'public', role: 'primary' },
              { cluster: 'internal', role: 'remote' },
            ],
          },
        ],
        ...mesh,
      },
    }),
  );

describe('readMeshConfig', () => {
  it('reads the cluster flags, false when absent, and allowPrivateClusterUrls', () => {
    const c = meshConfig({});
    expect(c.allowPrivateClusterUrls).toBe(false);
    expect(
      c.clusters.map(x => [x.name, x.gitops, x.impersonate, x.allowInsecure]),
    ).toEqual([
      ['public', true, false, false],
      ['internal', false, true, false],
      ['plain', false, false, true],
    ]);
    expect(
      meshConfig({ allowPrivateClusterUrls: true }).allowPrivateClusterUrls,
    ).toBe(true);
  });

  it('refuses an http cluster without allowInsecure, naming the key', () => {
    expect(() =>
      meshConfig({
        clusters: [
          {
            name: 'plain',
            apiUrl: 'http://plain.example.com:8080',
            token: 't',
          },
        ],
        meshes: [],
      }),
    ).toThrow(
      'mesh.clusters[0]: apiUrl must use https unless allowInsecure is true',
    );
  });

  it("reads a mesh's metrics settings, and refuses credentials in a metrics URL, naming the key", () => {
    const c = meshConfig({
      meshes: [
        {
          name: 'outside',
          kind: 'external',
          controlPlaneCluster: 'public',
          members: [{ cluster: 'public', role: 'primary' }],
          prometheusUrl: 'http://prometheus.example.com:9090',
          prometheusAuthHeader: 'Bearer abc',
          metricsScrapeUrls: ['https://envoy.example.com:15090/stats'],
        },
      ],
    });
    expect(c.meshes[0]).toMatchObject({
      prometheusUrl: 'http://prometheus.example.com:9090',
      prometheusAuthHeader: 'Bearer abc',
      metricsScrapeUrls: ['https://envoy.example.com:15090/stats'],
    });
    expect(() =>
      meshConfig({
        meshes: [
          {
            name: 'outside',
            kind: 'external',
            controlPlaneCluster: 'public',
            members: [{ cluster: 'public', role: 'primary' }],
            metricsScrapeUrls: ['http://u:p@envoy.example.com:15090/stats'],
          },
        ],
      }),
    ).toThrow(
      'mesh.meshes[0]: metricsScrapeUrls.0 must not contain a user name or password',
    );
  });
});

describe('checkConfigClusters', () => {
  it('skips clusters on private addresses, and the meshes that have them, with a warning each', async () => {
    const logger = mockServices.logger.mock();
    const checked = await checkConfigClusters(meshConfig({}), {
      logger,
      lookup,
    });
    expect(checked.clusters.map(c => c.name)).toEqual(['public', 'plain']);
    expect(checked.meshes.map(m => m.name)).toEqual(['outside']);
    expect(checked.rejectedClusters).toEqual(['internal']);
    expect(logger.warn).toHaveBeenCalledWith(
      'Config cluster internal skipped: mesh.clusters[1].apiUrl points at a private address (internal.example.com resolves to 10.0.0.9); set mesh.allowPrivateClusterUrls to true to allow clusters on private networks',
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'Config mesh mixed skipped: its member cluster internal was skipped',
    );
  });

  it('keeps them all when private cluster URLs are allowed', async () => {
    const logger = mockServices.logger.mock();
    const checked = await checkConfigClusters(
      meshConfig({ allowPrivateClusterUrls: true }),
      { logger, lookup },
    );
    expect(checked.clusters).toHaveLength(3);
    expect(checked.meshes).toHaveLength(2);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it("drops a config mesh's metrics settings when their URLs point at private addresses, keeping the mesh", async () => {
    const logger = mockServices.logger.mock();
    const checked = await checkConfigClusters(
      meshConfig({
        meshes: [
          {
            name: 'outside',
            kind: 'external',
            controlPlaneCluster: 'public',
            members: [{ cluster: 'public', role: 'primary' }],
            prometheusUrl: 'http://internal.example.com:9090',
            prometheusAuthHeader: 'Bearer sekrit',
          },
          {
            name: 'scraped',
            kind: 'external',
            controlPlaneCluster: 'public',
            members: [{ cluster: 'public', role: 'primary' }],
            metricsScrapeUrls: ['http://metrics.example.com:15090/stats'],
          },
        ],
      }),
      { logger, lookup },
    );
    expect(checked.meshes.map(m => m.name)).toEqual(['outside', 'scraped']);
    expect(checked.meshes[0]).not.toHaveProperty('prometheusUrl');
    expect(checked.meshes[0]).not.toHaveProperty('prometheusAuthHeader');
    expect(checked.meshes[1].metricsScrapeUrls).toEqual([
      'http://metrics.example.com:15090/stats',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      'Config mesh outside: metrics settings ignored: mesh.meshes[0].prometheusUrl points at a private address (internal.example.com resolves to 10.0.0.9); set mesh.allowPrivateClusterUrls to true to allow clusters on private networks',
    );
    expect(JSON.stringify(logger.warn.mock.calls)).not.toContain('sekrit');
  });
});
