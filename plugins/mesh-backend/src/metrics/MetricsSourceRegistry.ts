import { LoggerService } from '@backstage/backend-plugin-api';
import {
  createMetricsSource,
  MeshMetricsConfig,
  MetricsSource,
  MetricsSourceFactory,
} from '@meshport/plugin-mesh-node';
import { createHash } from 'crypto';
import { MeshStore } from '../database/MeshStore';

/** What the registry holds for one mesh. */
export type MeshMetricsEntry =
  /** The mesh's registration names no Prometheus and no scrape URLs. */
  | { state: 'not-configured' }
  | { state: 'ready'; source: MetricsSource }
  /** Configured, but no factory would (or could) make a source of it. */
  | { state: 'failed'; message: string };

interface Held {
  entry: MeshMetricsEntry;
  /** A digest of the config the entry was made from: the header is a credential, so not kept twice. */
  digest: string;
}

const isConfigured = (c: MeshMetricsConfig) =>
  !!c.prometheusUrl || (c.scrapeUrls?.length ?? 0) > 0;

const digestOf = (c: MeshMetricsConfig) =>
  createHash('sha256').update(JSON.stringify(c)).digest('hex');

/**
 * One metrics source per registered mesh, made by mesh-node's `createMetricsSource`: modules'
 * factories (`meshMetricsSourcesExtensionPoint`) first, then the built-in Prometheus and
 * direct-scrape ones. A source is remade when its mesh's settings change and
 * closed when the mesh goes (a direct-scrape source runs a scrape loop until then), and all are
 * closed at shutdown. Kept in line with the registrations the same way as the live models.
 */
export class MetricsSourceRegistry {
  private readonly held = new Map<string, Held>();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly store: Pick<MeshStore, 'listMeshMetricsConfigs'>,
    /** Modules' factories, asked before the built-in ones. */
    private readonly moduleFactories: readonly MetricsSourceFactory[],
    private readonly logger: LoggerService,
    /** Settings for every mesh's source (app-config `mesh.prometheus`); a mesh's own win. */
    private readonly defaults: Partial<
      Pick<
        MeshMetricsConfig,
        'prometheusRecordingRules' | 'prometheusCompression'
      >
    > = {},
  ) {}

  /** Brings the sources in line with the registered meshes; calls run one at a time. */
  refresh(): Promise<void> {
    const run = this.queue.then(() => this.refreshNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async refreshNow(): Promise<void> {
    if (this.closed) return;
    const configs = (await this.store.listMeshMetricsConfigs()).map(c => ({
      ...this.defaults,
      ...c,
    }));
    const wanted = new Set(configs.map(c => c.mesh));
    for (const [mesh, held] of [...this.held]) {
      if (!wanted.has(mesh)) {
        this.held.delete(mesh);
        await this.closeEntry(mesh, held.entry);
      }
    }
    for (const config of configs) {
      const digest = digestOf(config);
      const old = this.held.get(config.mesh);
      if (old?.digest === digest) continue;
      if (old) await this.closeEntry(config.mesh, old.entry);
      this.held.set(config.mesh, { entry: this.create(config), digest });
    }
  }

  private create(config: MeshMetricsConfig): MeshMetricsEntry {
    if (!isConfigured(config)) return { state: 'not-configured' };
    let message: string;
    try {
      const source = createMetricsSource(config, this.moduleFactories);
      if (source) {
        this.logger.info(
          `Metrics of mesh ${config.mesh}: ${source.description}`,
        );
        return { state: 'ready', source };
      }
      message = `no metrics source accepts this mesh's settings (module sources: ${this.moduleFactories.map(f => f.type).join(', ') || 'none'})`;
    } catch (e) {
      // Sources' messages name URLs without credentials (MetricsSource's contract).
      message = `the metrics source cannot be created: ${(e as Error).message}`;
    }
    this.logger.warn(`Metrics of mesh ${config.mesh}: ${message}`);
    return { state: 'failed', message };
  }

  private async closeEntry(mesh: string, entry: MeshMetricsEntry) {
    if (entry.state !== 'ready') return;
    try {
      await entry.source.close?.();
    } catch (e) {
      this.logger.warn(
        `Metrics source of mesh ${mesh} did not close cleanly: ${(e as Error).message}`,
      );
    }
  }

  /** The mesh's metrics; undefined for a mesh the registry has not seen (not registered). */
  forMesh(mesh: string): MeshMetricsEntry | undefined {
    return this.held.get(mesh)?.entry;
  }

  /** Closes every source; later refreshes do nothing. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    const all = [...this.held];
    this.held.clear();
    await Promise.all(all.map(([mesh, h]) => this.closeEntry(mesh, h.entry)));
  }
}
