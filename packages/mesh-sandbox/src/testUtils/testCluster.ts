import { crdFixtureFiles, resolveFixturesDir } from '../manifests/fixturesDir';
import { readManifests } from '../manifests/readManifests';
import { SimulatedCluster } from '../sandbox/SimulatedCluster';
import { KubeObject } from '../store/types';
import { TrafficOptions } from '../traffic/TrafficSimulator';

let crds: Promise<KubeObject[]> | undefined;

/** A started in-process cluster with the fixture CRDs, for tests that need no HTTP. */
export async function startTestCluster(
  options: {
    podReadyDelayMs?: number;
    historyLimit?: number;
    traffic?: TrafficOptions;
  } = {},
): Promise<SimulatedCluster> {
  crds ??= readManifests(crdFixtureFiles(resolveFixturesDir())).then(all =>
    all.filter(o => o.kind === 'CustomResourceDefinition'),
  );
  const cluster = new SimulatedCluster({
    name: 'test',
    crds: structuredClone(await crds),
    istioVersion: '1.27.1',
    podReadyDelayMs: options.podReadyDelayMs ?? 20,
    historyLimit: options.historyLimit,
    traffic: options.traffic,
    caPem: '-----BEGIN CERTIFICATE-----\ntest\n-----END CERTIFICATE-----\n',
    log: () => {},
  });
  cluster.start();
  return cluster;
}
