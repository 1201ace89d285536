import { isPodReady } from '../controllers/podConditions';
import { KubeObject } from '../store/types';
import { startTestCluster } from '../testUtils/testCluster';
import { waitFor } from '../testUtils/waitFor';
import { SimulatedCluster } from './SimulatedCluster';

function deployment(
  name: string,
  replicas: number,
  image = 'app:1',
  namespace = 'apps',
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, version: 'v1' } },
        spec: { containers: [{ name: 'main', image }] },
      },
    },
  };
}

describe('SimulatedCluster', () => {
  let cluster: SimulatedCluster;
  const pods = (namespace: string, app?: string) =>
    cluster.store
      .list('/pods', namespace)
      .filter(p => !app || p.metadata.labels?.app === app);
  const status = (o: KubeObject | undefined) =>
    (o?.status ?? {}) as Record<string, unknown>;

  beforeEach(async () => {
    cluster = await startTestCluster({ podReadyDelayMs: 20 });
    cluster.apply([
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'apps', labels: { 'istio-injection': 'enabled' } },
      },
    ]);
  });
  afterEach(() => cluster.stop());

  it('boots like a cluster with Istio: system namespaces, a node, established CRDs, a running istiod', async () => {
    expect(cluster.store.list('/namespaces').map(n => n.metadata.name)).toEqual(
      expect.arrayContaining([
        'default',
        'kube-system',
        'istio-system',
        'apps',
      ]),
    );
    expect(cluster.store.list('/nodes')).toHaveLength(1);
    await waitFor(
      () => cluster.store.get('/serviceaccounts', 'apps', 'default'),
      'the default ServiceAccount',
    );
    await waitFor(
      () => cluster.store.get('/configmaps', 'apps', 'kube-root-ca.crt'),
      'kube-root-ca.crt',
    );
    const crd = await waitFor(() => {
      const found = cluster.store.get(
        'apiextensions.k8s.io/customresourcedefinitions',
        undefined,
        'virtualservices.networking.istio.io',
      );
      return status(found).conditions ? found : undefined;
    }, 'an Established CRD');
    expect(status(crd).conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Established', status: 'True' }),
      ]),
    );
    const istiod = await waitFor(
      () => pods('istio-system', 'istiod').find(isPodReady),
      'istiod ready',
    );
    expect(
      (istiod.spec as { containers: Array<{ name: string }> }).containers.map(
        c => c.name,
      ),
    ).toEqual(['discovery']);
  });

  it('runs Deployment → ReplicaSet → Pods with owner references, injection and true status', async () => {
    cluster.apply([deployment('web', 2)]);
    await waitFor(
      () => pods('apps', 'web').filter(isPodReady).length === 2,
      'two ready pods',
    );
    const [rs] = cluster.store.list('apps/replicasets', 'apps');
    const hash = rs.metadata.labels!['pod-template-hash'];
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'Deployment',
      name: 'web',
      controller: true,
    });
    for (const pod of pods('apps', 'web')) {
      expect(pod.metadata.ownerReferences?.[0]).toMatchObject({
        kind: 'ReplicaSet',
        name: rs.metadata.name,
      });
      expect(pod.metadata.labels).toMatchObject({
        'pod-template-hash': hash,
        'security.istio.io/tlsMode': 'istio',
      });
      expect(
        (pod.spec as { containers: Array<{ name: string }> }).containers.map(
          c => c.name,
        ),
      ).toEqual(['main', 'istio-proxy']);
      expect(status(pod)).toMatchObject({
        phase: 'Running',
        podIP: expect.stringMatching(/^10\.244\./),
      });
    }
    const d = await waitFor(() => {
      const found = cluster.store.get('apps/deployments', 'apps', 'web');
      return status(found).availableReplicas === 2 ? found : undefined;
    }, 'deployment status');
    expect(status(d)).toMatchObject({
      replicas: 2,
      readyReplicas: 2,
      updatedReplicas: 2,
      observedGeneration: 1,
    });
  });

  it('reports pods Pending before they are Running', async () => {
    cluster.stop();
    cluster = await startTestCluster({ podReadyDelayMs: 300 });
    cluster.apply([deployment('slow', 1, 'app:1', 'default')]);
    const pending = await waitFor(
      () =>
        pods('default', 'slow').find(
          p =>
            (p.spec as { nodeName?: string }).nodeName &&
            status(p).containerStatuses,
        ),
      'a scheduled pod',
    );
    expect(status(pending).phase).toBe('Pending');
    expect(isPodReady(pending)).toBe(false);
    await waitFor(
      () => pods('default', 'slow').find(isPodReady),
      'the pod to become ready',
    );
  });

  it('scales up and down', async () => {
    cluster.apply([deployment('web', 1)]);
    await waitFor(
      () => pods('apps', 'web').filter(isPodReady).length === 1,
      'one pod',
    );
    cluster.apply([deployment('web', 3)]);
    await waitFor(
      () => pods('apps', 'web').filter(isPodReady).length === 3,
      'three pods',
    );
    cluster.apply([deployment('web', 1)]);
    await waitFor(() => pods('apps', 'web').length === 1, 'back to one pod');
    const d = await waitFor(() => {
      const found = cluster.store.get('apps/deployments', 'apps', 'web');
      return status(found).replicas === 1 &&
        status(found).observedGeneration === 3
        ? found
        : undefined;
    }, 'status after scaling');
    expect(d.metadata.generation).toBe(3);
  });

  it('replaces a deleted pod, as its ReplicaSet would', async () => {
    cluster.apply([deployment('web', 1)]);
    const [first] = await waitFor(() => {
      const ready = pods('apps', 'web').filter(isPodReady);
      return ready.length === 1 ? ready : undefined;
    }, 'the first pod');
    cluster.writer.delete(
      cluster.registry.lookup('', 'v1', 'pods')!,
      'apps',
      first.metadata.name!,
    );
    const [replacement] = await waitFor(() => {
      const ready = pods('apps', 'web').filter(isPodReady);
      return ready.length === 1 &&
        ready[0].metadata.name !== first.metadata.name
        ? ready
        : undefined;
    }, 'a replacement pod');
    expect(replacement.metadata.ownerReferences?.[0].uid).toBe(
      first.metadata.ownerReferences?.[0].uid,
    );
  });

  it('rolls out a new template through a new ReplicaSet', async () => {
    cluster.apply([deployment('web', 2, 'app:1')]);
    await waitFor(
      () => pods('apps', 'web').filter(isPodReady).length === 2,
      'first rollout',
    );
    cluster.apply([deployment('web', 2, 'app:2')]);
    await waitFor(() => {
      const current = pods('apps', 'web');
      return (
        current.length === 2 &&
        current.every(
          p =>
            (p.spec as { containers: Array<{ image: string }> }).containers[0]
              .image === 'app:2',
        ) &&
        current.every(isPodReady)
      );
    }, 'second rollout');
    const sets = cluster.store.list('apps/replicasets', 'apps');
    expect(sets).toHaveLength(2);
    expect(
      sets.map(rs => (rs.spec as { replicas: number }).replicas).sort(),
    ).toEqual([0, 2]);
    expect(
      sets
        .map(
          rs => rs.metadata.annotations?.['deployment.kubernetes.io/revision'],
        )
        .sort(),
    ).toEqual(['1', '2']);
  });

  it('cascades deletion through owner references, or orphans when asked', async () => {
    cluster.apply([deployment('gone', 2), deployment('kept', 1)]);
    await waitFor(() => pods('apps').filter(isPodReady).length === 3, 'pods');
    const deployments = cluster.registry.lookup('apps', 'v1', 'deployments')!;
    cluster.writer.delete(deployments, 'apps', 'gone');
    await waitFor(() => pods('apps', 'gone').length === 0, 'cascade to pods');
    expect(
      cluster.store
        .list('apps/replicasets', 'apps')
        .map(rs => rs.metadata.labels?.app),
    ).toEqual(['kept']);

    cluster.writer.delete(deployments, 'apps', 'kept', {
      propagationPolicy: 'Orphan',
    });
    const rs = await waitFor(
      () =>
        cluster.store
          .list('apps/replicasets', 'apps')
          .find(r => !r.metadata.ownerReferences),
      'the orphaned ReplicaSet',
    );
    expect(rs.metadata.labels?.app).toBe('kept');
    expect(pods('apps', 'kept')).toHaveLength(1);
  });

  it('creates StatefulSet pods in order with stable names', async () => {
    cluster.apply([
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'db', namespace: 'apps' },
        spec: {
          replicas: 3,
          serviceName: 'db',
          selector: { matchLabels: { app: 'db' } },
          template: {
            metadata: { labels: { app: 'db' } },
            spec: { containers: [{ name: 'db', image: 'db:1' }] },
          },
        },
      },
    ]);
    await waitFor(
      () => pods('apps', 'db').filter(isPodReady).length === 3,
      'three ready replicas',
    );
    const created = pods('apps', 'db').sort(
      (a, b) =>
        a.metadata.creationTimestamp!.localeCompare(
          b.metadata.creationTimestamp!,
        ) ||
        Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion),
    );
    expect(created.map(p => p.metadata.name)).toEqual(['db-0', 'db-1', 'db-2']);
    expect(created[0].metadata.labels).toMatchObject({
      'statefulset.kubernetes.io/pod-name': 'db-0',
      'apps.kubernetes.io/pod-index': '0',
    });
    await waitFor(
      () =>
        status(cluster.store.get('apps/statefulsets', 'apps', 'db'))
          .readyReplicas === 3,
      'statefulset status',
    );
  });

  it('runs one DaemonSet pod per node', async () => {
    cluster.apply([
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'agent', namespace: 'apps' },
        spec: {
          selector: { matchLabels: { app: 'agent' } },
          template: {
            metadata: { labels: { app: 'agent' } },
            spec: { containers: [{ name: 'a', image: 'a:1' }] },
          },
        },
      },
    ]);
    const [agent] = await waitFor(() => {
      const ready = pods('apps', 'agent').filter(isPodReady);
      return ready.length === 1 ? ready : undefined;
    }, 'agent pod');
    expect((agent.spec as { nodeName: string }).nodeName).toBe('test-node-1');
    await waitFor(
      () =>
        status(cluster.store.get('apps/daemonsets', 'apps', 'agent'))
          .numberReady === 1,
      'daemonset status',
    );
  });

  it('empties a deleted namespace before removing it', async () => {
    cluster.apply([deployment('web', 2)]);
    await waitFor(() => pods('apps').length === 2, 'pods');
    const namespaces = cluster.registry.lookup('', 'v1', 'namespaces')!;
    const terminating = cluster.writer.delete(namespaces, undefined, 'apps');
    expect(status(terminating).phase).toBe('Terminating');
    await waitFor(
      () => !cluster.store.get('/namespaces', undefined, 'apps'),
      'namespace removal',
    );
    expect(cluster.store.list('/pods', 'apps')).toEqual([]);
    expect(cluster.store.list('apps/deployments', 'apps')).toEqual([]);
  });

  it('serves a CRD created at runtime and removes its objects when it is deleted', async () => {
    const crdType = cluster.registry.lookup(
      'apiextensions.k8s.io',
      'v1',
      'customresourcedefinitions',
    )!;
    cluster.apply([
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.example.com' },
        spec: {
          group: 'example.com',
          scope: 'Namespaced',
          names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: {
                      type: 'object',
                      properties: { size: { type: 'integer' } },
                    },
                  },
                },
              },
            },
          ],
        },
      },
      {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w', namespace: 'apps' },
        spec: { size: 3 },
      },
    ]);
    expect(cluster.store.get('example.com/widgets', 'apps', 'w')).toBeDefined();
    cluster.writer.delete(crdType, undefined, 'widgets.example.com');
    expect(
      cluster.registry.lookup('example.com', 'v1', 'widgets'),
    ).toBeUndefined();
    await waitFor(
      () => cluster.store.list('example.com/widgets').length === 0,
      'widget cleanup',
    );
  });
});
