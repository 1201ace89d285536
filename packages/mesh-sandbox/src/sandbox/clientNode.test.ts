import * as k8s from '@kubernetes/client-node';
import { waitFor } from '../testUtils/waitFor';
import { startSandbox } from './startSandbox';
import { Sandbox, SandboxCluster } from './types';

// @kubernetes/client-node 1.4 is ESM-only; Backstage's Jest transform compiles node_modules
// to CommonJS, so a static import works here without --experimental-vm-modules.

jest.setTimeout(30_000);

/** A KubeConfig built the way Meshport's backend builds one: API URL, CA data and a bearer token. */
function kubeConfigFor(cluster: SandboxCluster): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.apiUrl,
        caData: Buffer.from(cluster.caData!).toString('base64'),
        skipTLSVerify: false,
      },
    ],
    users: [{ name: 'meshport', token: cluster.token }],
    contexts: [{ name: cluster.name, cluster: cluster.name, user: 'meshport' }],
    currentContext: cluster.name,
  });
  return kc;
}

describe('@kubernetes/client-node against the sandbox', () => {
  let sandbox: Sandbox;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;

  beforeAll(async () => {
    sandbox = await startSandbox({
      clusters: [
        { name: 'east', scenario: 'demo' },
        { name: 'west', scenario: 'empty' },
      ],
      podReadyDelayMs: 50,
    });
    kc = kubeConfigFor(sandbox.cluster('east'));
    core = kc.makeApiClient(k8s.CoreV1Api);
  });
  afterAll(() => sandbox.stop());

  it('lists the injected Bookinfo pods with CoreV1Api', async () => {
    const pods = await waitFor(async () => {
      const list = await core.listNamespacedPod({ namespace: 'bookinfo' });
      return list.items.length === 6 &&
        list.items.every(p => p.status?.phase === 'Running')
        ? list.items
        : undefined;
    }, 'six running Bookinfo pods');
    for (const pod of pods) {
      expect(pod.spec?.containers.map(c => c.name)).toContain('istio-proxy');
      expect(pod.spec?.initContainers?.map(c => c.name)).toEqual([
        'istio-init',
      ]);
      expect(pod.metadata?.labels?.['security.istio.io/tlsMode']).toBe('istio');
      expect(pod.metadata?.annotations?.['sidecar.istio.io/status']).toContain(
        '"revision":"default"',
      );
      expect(
        pod.status?.conditions?.find(c => c.type === 'Ready')?.status,
      ).toBe('True');
    }
    const services = await core.listNamespacedService({
      namespace: 'bookinfo',
    });
    expect(services.items.map(s => s.metadata?.name).sort()).toEqual([
      'details',
      'productpage',
      'ratings',
      'reviews',
    ]);
    const namespace = await core.readNamespace({ name: 'bookinfo' });
    expect(namespace.metadata?.labels?.['istio-injection']).toBe('enabled');
  });

  it('reads Istio resources with CustomObjectsApi', async () => {
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const list = (await custom.listNamespacedCustomObject({
      group: 'networking.istio.io',
      version: 'v1',
      namespace: 'bookinfo',
      plural: 'virtualservices',
    })) as {
      items: Array<{ metadata: { name: string }; spec: { hosts: string[] } }>;
    };
    expect(list.items.map(i => i.metadata.name).sort()).toEqual([
      'bookinfo',
      'details',
      'productpage',
      'ratings',
      'reviews',
    ]);
    const drs = (await custom.listClusterCustomObject({
      group: 'networking.istio.io',
      version: 'v1beta1',
      plural: 'destinationrules',
    })) as { items: Array<{ apiVersion: string }> };
    expect(drs.items).toHaveLength(4);
    expect(drs.items[0].apiVersion).toBe('networking.istio.io/v1beta1');
  });

  it('runs an informer: sync, then ADDED and DELETED', async () => {
    const path = '/api/v1/namespaces/bookinfo/configmaps';
    const informer = k8s.makeInformer(kc, path, () =>
      core.listNamespacedConfigMap({ namespace: 'bookinfo' }),
    );
    const added: string[] = [];
    const deleted: string[] = [];
    informer.on('add', obj => added.push(obj.metadata!.name!));
    informer.on('delete', obj => deleted.push(obj.metadata!.name!));
    await informer.start();
    try {
      expect(informer.list().map(o => o.metadata?.name)).toContain(
        'kube-root-ca.crt',
      );
      await core.createNamespacedConfigMap({
        namespace: 'bookinfo',
        body: { metadata: { name: 'informed' }, data: { a: 'b' } },
      });
      await waitFor(() => added.includes('informed'), 'the ADDED event');
      await core.deleteNamespacedConfigMap({
        namespace: 'bookinfo',
        name: 'informed',
      });
      await waitFor(() => deleted.includes('informed'), 'the DELETED event');
      expect(informer.get('informed', 'bookinfo')).toBeUndefined();
    } finally {
      await informer.stop();
    }
  });

  it('keeps clusters separate, each with its own CA and token', async () => {
    const west = sandbox.cluster('west');
    expect(west.caData).not.toEqual(sandbox.cluster('east').caData);
    const westCore = kubeConfigFor(west).makeApiClient(k8s.CoreV1Api);
    const namespaces = await westCore.listNamespace();
    expect(namespaces.items.map(n => n.metadata?.name)).not.toContain(
      'bookinfo',
    );
    const wrongCa = kubeConfigFor({
      ...west,
      caData: sandbox.cluster('east').caData,
    });
    await expect(
      wrongCa.makeApiClient(k8s.CoreV1Api).listNamespace(),
    ).rejects.toThrow();
  });
});
