import { cloneJson } from '../util/cloneJson';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiRequestHandler } from '../api/ApiRequestHandler';
import { ApiServer } from '../api/ApiServer';
import { rbacPolicyFromStore } from '../api/rbacPolicyFromStore';
import {
  bookinfoFiles,
  crdFixtureFiles,
  resolveFixturesDir,
} from '../manifests/fixturesDir';
import { readManifests } from '../manifests/readManifests';
import { KubeObject } from '../store/types';
import { loadOrCreateCredentials } from '../tls/loadOrCreateCredentials';
import { generateMesh } from '../scale/generateMesh';
import { bookinfoCallGraph } from '../traffic/bookinfoCallGraph';
import { MetricsServer } from '../traffic/MetricsServer';
import { renderKubeconfig } from './kubeconfig';
import { SimulatedCluster } from './SimulatedCluster';
import {
  EndpointsFile,
  Sandbox,
  SandboxCluster,
  SandboxClusterSpec,
  SandboxOptions,
} from './types';

export const DEFAULT_ISTIO_VERSION = '1.27.1';
const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** CRD files are large (2.3 MB of YAML); parse them once per process. */
const crdCache = new Map<string, Promise<KubeObject[]>>();

function loadCrds(fixturesDir: string): Promise<KubeObject[]> {
  let loading = crdCache.get(fixturesDir);
  if (!loading) {
    loading = readManifests(crdFixtureFiles(fixturesDir)).then(objects =>
      objects.filter(o => o.kind === 'CustomResourceDefinition'),
    );
    crdCache.set(fixturesDir, loading);
    loading.catch(() => crdCache.delete(fixturesDir));
  }
  return loading.then(objects => cloneJson(objects));
}

function checkSpecs(specs: SandboxClusterSpec[]): void {
  if (specs.length === 0) throw new Error('at least one cluster is required');
  const seen = new Set<string>();
  for (const spec of specs) {
    if (!CLUSTER_NAME.test(spec.name) || spec.name.length > 63) {
      throw new Error(
        `cluster name "${spec.name}" must be a DNS label (lower-case letters, digits and "-")`,
      );
    }
    if (seen.has(spec.name))
      throw new Error(`cluster name "${spec.name}" is used twice`);
    seen.add(spec.name);
    if (
      spec.scenario !== undefined &&
      spec.scenario !== 'demo' &&
      spec.scenario !== 'empty'
    ) {
      throw new Error(
        `unknown scenario "${String(spec.scenario)}" (expected demo or empty)`,
      );
    }
    const revisions = new Set(['default']);
    for (const revision of spec.istioRevisions ?? []) {
      if (!CLUSTER_NAME.test(revision.name) || revisions.has(revision.name))
        throw new Error(
          `Istio revision "${revision.name}" must be a new DNS label other than "default"`,
        );
      if (!/^\d+\.\d+\.\d+/.test(revision.version))
        throw new Error(
          `Istio revision "${revision.name}" needs a version like 1.28.0, got "${revision.version}"`,
        );
      revisions.add(revision.name);
    }
    for (const [tag, revision] of Object.entries(spec.istioTags ?? {})) {
      // istioctl refuses the same: a tag must point at an installed revision.
      if (!revisions.has(revision))
        throw new Error(
          `revision tag "${tag}" points at "${revision}", which is not installed (installed: ${[...revisions].join(', ')})`,
        );
    }
  }
}

async function loadScenario(
  cluster: SimulatedCluster,
  spec: SandboxClusterSpec,
  fixturesDir: string,
): Promise<void> {
  if ((spec.scenario ?? 'demo') === 'demo') {
    cluster.apply(await readManifests(bookinfoFiles(fixturesDir)), {
      namespace: 'bookinfo',
      namespaceLabels: { 'istio-injection': 'enabled' },
    });
    cluster.traffic.addCallGraph(bookinfoCallGraph('bookinfo'));
  }
  if (spec.mesh) {
    const generated = generateMesh(spec.mesh);
    cluster.apply(generated.objects);
    cluster.traffic.addCallGraph(generated.callGraph);
  }
  for (const graph of spec.callGraphs ?? [])
    cluster.traffic.addCallGraph(graph);
  if (spec.manifests && spec.manifests.length > 0) {
    cluster.apply(await readManifests(spec.manifests));
  }
}

/**
 * Enough nodes for the pods a cluster will run: a node takes 110 pods (its /24 pod range holds 253
 * addresses), so a generated mesh of thousands of pods gets tens of nodes, as it would need.
 */
function nodesFor(spec: SandboxClusterSpec): number {
  const mesh = spec.mesh;
  const pods =
    10 +
    (mesh
      ? mesh.namespaces * mesh.services * mesh.versions * (mesh.replicas ?? 1)
      : 0);
  return Math.min(250, Math.max(1, Math.ceil(pods / 110)));
}

/**
 * Starts simulated clusters, each a Kubernetes API server on 127.0.0.1, and writes a
 * kubeconfig per cluster plus endpoints.json (the latter only once every server listens).
 */
export async function startSandbox(
  options: SandboxOptions = {},
): Promise<Sandbox> {
  const specs = options.clusters ?? [{ name: 'sandbox', scenario: 'demo' }];
  checkSpecs(specs);
  const log = options.logger ?? (() => {});
  const tls = options.tls ?? true;
  const ownsStateDir = options.stateDir === undefined;
  const stateDir = path.resolve(
    options.stateDir ??
      (await fs.mkdtemp(path.join(os.tmpdir(), 'meshport-sandbox-'))),
  );
  await fs.mkdir(stateDir, { recursive: true });
  const endpointsFile = path.join(stateDir, 'endpoints.json');
  // A marker left by an earlier run must not announce servers that are not up yet.
  await fs.rm(endpointsFile, { force: true });
  const fixturesDir = resolveFixturesDir(options.fixturesDir);
  const crds = await loadCrds(fixturesDir).catch(error => {
    throw new Error(
      `cannot load Istio CRDs from ${fixturesDir} (set MESHPORT_FIXTURES_DIR or fixturesDir): ${(error as Error).message}`,
    );
  });

  const running: Array<{
    cluster: SimulatedCluster;
    server: ApiServer;
    metrics: MetricsServer;
  }> = [];
  const stop = async () => {
    await Promise.all(
      running.flatMap(r => [r.server.close(), r.metrics.close()]),
    );
    running.forEach(r => r.cluster.stop());
    if (ownsStateDir) await fs.rm(stateDir, { recursive: true, force: true });
  };

  const clusters: SandboxCluster[] = [];
  try {
    for (const [index, spec] of specs.entries()) {
      const credentials = await loadOrCreateCredentials(
        path.join(stateDir, spec.name),
        spec.name,
        tls,
      );
      const cluster = new SimulatedCluster({
        name: spec.name,
        index,
        crds,
        istioVersion: options.istioVersion ?? DEFAULT_ISTIO_VERSION,
        istioRevisions: spec.istioRevisions,
        istioTags: spec.istioTags,
        podReadyDelayMs: options.podReadyDelayMs ?? 1500,
        caPem: credentials.tls?.ca.certPem,
        historyLimit: options.watchHistoryLimit,
        traffic: options.traffic,
        nodeCount: nodesFor(spec),
        log,
      });
      cluster.start();
      await loadScenario(cluster, spec, fixturesDir);
      let serverAddress = '';
      const handler = new ApiRequestHandler({
        store: cluster.store,
        registry: cluster.registry,
        reader: cluster.reader,
        writer: cluster.writer,
        // Read lazily: the address is known once the server listens.
        serverAddress: () => serverAddress,
        bookmarkIntervalMs: options.watchBookmarkIntervalMs ?? 10_000,
        defaultWatchTimeoutMs: options.watchTimeoutMs ?? 30 * 60_000,
      });
      const server = new ApiServer({
        handler,
        token: credentials.token,
        viewerToken: credentials.viewerToken,
        rbac: rbacPolicyFromStore(cluster.store),
        tls: credentials.tls?.server,
        port: options.port ? options.port + index : 0,
        logger: options.logRequests
          ? line => log(`[${spec.name}] ${line}`)
          : undefined,
      });
      const metrics = new MetricsServer(() =>
        cluster.traffic.metrics.renderChunks(),
      );
      running.push({ cluster, server, metrics });
      await server.listen();
      const metricsUrl = await metrics.listen(
        options.metricsPort ? options.metricsPort + index : 0,
      );
      serverAddress = server.address;
      const kubeconfigPath = path.join(stateDir, `${spec.name}.kubeconfig`);
      await fs.writeFile(
        kubeconfigPath,
        renderKubeconfig({
          name: spec.name,
          apiUrl: server.url,
          token: credentials.token,
          caPem: credentials.tls?.ca.certPem,
        }),
        { mode: 0o600 },
      );
      const viewerKubeconfigPath = path.join(
        stateDir,
        `${spec.name}-viewer.kubeconfig`,
      );
      await fs.writeFile(
        viewerKubeconfigPath,
        renderKubeconfig({
          name: spec.name,
          apiUrl: server.url,
          token: credentials.viewerToken,
          caPem: credentials.tls?.ca.certPem,
          user: 'meshport-viewer',
        }),
        { mode: 0o600 },
      );
      clusters.push({
        name: spec.name,
        apiUrl: server.url,
        token: credentials.token,
        caData: credentials.tls?.ca.certPem,
        caFile: credentials.tls?.caFile,
        tokenFile: credentials.tokenFile,
        viewerToken: credentials.viewerToken,
        viewerTokenFile: credentials.viewerTokenFile,
        kubeconfigPath,
        viewerKubeconfigPath,
        metricsUrl,
      });
      log(
        `cluster ${spec.name} serving at ${server.url}, metrics at ${metricsUrl}`,
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const endpoints: EndpointsFile = {
    clusters: clusters.map(c => ({
      name: c.name,
      apiUrl: c.apiUrl,
      metricsUrl: c.metricsUrl,
      kubeconfig: c.kubeconfigPath,
      caFile: c.caFile ?? null,
      tokenFile: c.tokenFile,
      viewerTokenFile: c.viewerTokenFile,
    })),
  };
  // Written last and atomically: its presence is the signal that every server is listening.
  await fs.writeFile(
    `${endpointsFile}.tmp`,
    `${JSON.stringify(endpoints, null, 2)}\n`,
  );
  await fs.rename(`${endpointsFile}.tmp`, endpointsFile);

  let stopped: Promise<void> | undefined;
  return {
    clusters,
    stateDir,
    cluster(name: string): SandboxCluster {
      const found = clusters.find(c => c.name === name);
      if (!found)
        throw new Error(
          `no sandbox cluster named "${name}" (have: ${clusters.map(c => c.name).join(', ')})`,
        );
      return found;
    },
    stop: () => {
      stopped ??= (async () => {
        await fs.rm(endpointsFile, { force: true });
        await stop();
      })();
      return stopped;
    },
  };
}
