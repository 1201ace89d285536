import { mockServices } from '@backstage/backend-test-utils';
import {
  MeshMetricsConfig,
  MetricsSource,
  MetricsSourceFactory,
} from '@meshport/plugin-mesh-node';
import { MetricsSourceRegistry } from './MetricsSourceRegistry';

class CountingSource implements MetricsSource {
  readonly type = 'counting';
  closed = false;
  constructor(readonly description: string) {}
  async query() {
    return { samples: [] };
  }
  async queryRange() {
    return { series: [] };
  }
  async close() {
    this.closed = true;
  }
}

/** Serves Prometheus URLs only, so scrape-only meshes fall through to the next factory. */
const prometheusOnly = (made: CountingSource[]): MetricsSourceFactory => ({
  type: 'counting',
  create(config) {
    if (!config.prometheusUrl) return undefined;
    const s = new CountingSource(`at ${config.prometheusUrl}`);
    made.push(s);
    return s;
  },
});

describe('MetricsSourceRegistry', () => {
  const setup = (
    factories: (made: CountingSource[]) => MetricsSourceFactory[],
  ) => {
    let configs: MeshMetricsConfig[] = [];
    const made: CountingSource[] = [];
    const logger = mockServices.logger.mock();
    const registry = new MetricsSourceRegistry(
      { listMeshMetricsConfigs: async () => configs },
      factories(made),
      logger,
    );
    return {
      registry,
      made,
      logger,
      set: (c: MeshMetricsConfig[]) => {
        configs = c;
      },
    };
  };

  it('makes one source per configured mesh, remakes it when the settings change and closes it when the mesh goes', async () => {
    const { registry, made, set } = setup(m => [prometheusOnly(m)]);
    set([{ mesh: 'a', prometheusUrl: 'http://p:9090' }, { mesh: 'b' }]);
    await registry.refresh();
    expect(registry.forMesh('a')).toEqual({ state: 'ready', source: made[0] });
    expect(registry.forMesh('b')).toEqual({ state: 'not-configured' });
    expect(registry.forMesh('c')).toBeUndefined();

    await registry.refresh();
    expect(made).toHaveLength(1);

    set([
      { mesh: 'a', prometheusUrl: 'http://p:9090', prometheusAuthHeader: 'x' },
    ]);
    await registry.refresh();
    expect(made).toHaveLength(2);
    expect(made[0].closed).toBe(true);
    expect(registry.forMesh('b')).toBeUndefined();

    set([]);
    await registry.refresh();
    expect(made[1].closed).toBe(true);
    expect(registry.forMesh('a')).toBeUndefined();
  });

  it("asks modules' factories before the built-in ones, and says why when a source cannot be made", async () => {
    const { registry, set, logger } = setup(m => [
      prometheusOnly(m),
      {
        type: 'exploding',
        create: c => {
          if (c.mesh === 'boom') throw new Error('bad scrape URL');
          return undefined;
        },
      },
    ]);
    set([
      { mesh: 'prom', prometheusUrl: 'http://p:9090' },
      { mesh: 'scrape', scrapeUrls: ['http://127.0.0.1:1/metrics'] },
      { mesh: 'boom', scrapeUrls: ['http://e:1/'] },
    ]);
    await registry.refresh();
    const prom = registry.forMesh('prom');
    expect(prom?.state === 'ready' && prom.source.type).toBe('counting');
    const scrape = registry.forMesh('scrape');
    expect(scrape?.state === 'ready' && scrape.source.type).toBe(
      'direct-scrape',
    );
    expect(registry.forMesh('boom')).toEqual({
      state: 'failed',
      message: 'the metrics source cannot be created: bad scrape URL',
    });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    await registry.close();
  });

  it("gives every mesh app-config's Prometheus settings, a mesh's own winning", async () => {
    const seen: MeshMetricsConfig[] = [];
    let configs: MeshMetricsConfig[] = [
      { mesh: 'a', prometheusUrl: 'http://p:9090' },
      {
        mesh: 'b',
        prometheusUrl: 'http://q:9090',
        prometheusCompression: false,
      },
    ];
    const registry = new MetricsSourceRegistry(
      { listMeshMetricsConfigs: async () => configs },
      [
        {
          type: 'capturing',
          create(config) {
            seen.push(config);
            return new CountingSource(config.mesh);
          },
        },
      ],
      mockServices.logger.mock(),
      { prometheusRecordingRules: 'off', prometheusCompression: true },
    );
    await registry.refresh();
    expect(seen).toEqual([
      {
        mesh: 'a',
        prometheusUrl: 'http://p:9090',
        prometheusRecordingRules: 'off',
        prometheusCompression: true,
      },
      {
        mesh: 'b',
        prometheusUrl: 'http://q:9090',
        prometheusRecordingRules: 'off',
        prometheusCompression: false,
      },
    ]);
    // Unchanged settings keep their source.
    configs = [...configs];
    await registry.refresh();
    expect(seen).toHaveLength(2);
    await registry.close();
  });

  it('closes every source at shutdown and makes none after', async () => {
    const { registry, made, set } = setup(m => [prometheusOnly(m)]);
    set([
      { mesh: 'a', prometheusUrl: 'http://p:9090' },
      { mesh: 'b', prometheusUrl: 'http://q:9090' },
    ]);
    await registry.refresh();
    await registry.close();
    expect(made.map(s => s.closed)).toEqual([true, true]);
    await registry.refresh();
    expect(made).toHaveLength(2);
    expect(registry.forMesh('a')).toBeUndefined();
  });
});
