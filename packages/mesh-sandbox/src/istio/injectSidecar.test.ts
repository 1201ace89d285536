import { injectSidecar, workloadOf } from './injectSidecar';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    generateName: 'reviews-v2-7d4b8c6f5b-',
    namespace: 'bookinfo',
    labels: {
      app: 'reviews',
      version: 'v2',
      'pod-template-hash': '7d4b8c6f5b',
    },
    annotations: {
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9080',
    },
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'reviews-v2-7d4b8c6f5b',
        uid: 'u',
        controller: true,
      },
    ],
  },
  spec: {
    containers: [
      {
        name: 'reviews',
        image: 'reviews:v2',
        ports: [{ containerPort: 9080 }],
      },
    ],
  },
};

describe('injectSidecar', () => {
  const injected = injectSidecar(pod, {
    revision: 'default',
    istioVersion: '1.27.1',
    clusterId: 'east',
  });
  const spec = injected.spec as {
    containers: Array<{
      name: string;
      image: string;
      env: Array<{ name: string; value?: string }>;
    }>;
    initContainers: Array<{ name: string }>;
    volumes: Array<{ name: string }>;
  };

  it('adds istio-proxy after the app containers and istio-init', () => {
    expect(spec.containers.map(c => c.name)).toEqual([
      'reviews',
      'istio-proxy',
    ]);
    expect(spec.containers[1].image).toBe('docker.io/istio/proxyv2:1.27.1');
    expect(spec.initContainers.map(c => c.name)).toEqual(['istio-init']);
    expect(spec.volumes.map(v => v.name)).toContain('istio-envoy');
  });

  it('sets the labels and status annotation real injection sets', () => {
    expect(injected.metadata.labels).toMatchObject({
      'security.istio.io/tlsMode': 'istio',
      'service.istio.io/canonical-name': 'reviews',
      'service.istio.io/canonical-revision': 'v2',
    });
    const status = JSON.parse(
      injected.metadata.annotations!['sidecar.istio.io/status'],
    );
    expect(status).toMatchObject({
      containers: ['istio-proxy'],
      initContainers: ['istio-init'],
      revision: 'default',
    });
    expect(injected.metadata.annotations!['istio.io/rev']).toBe('default');
  });

  it('takes over the prometheus annotations and passes the app ones to the proxy', () => {
    expect(injected.metadata.annotations).toMatchObject({
      'prometheus.io/port': '15020',
      'prometheus.io/path': '/stats/prometheus',
    });
    const env = spec.containers[1].env;
    expect(
      env.find(e => e.name === 'ISTIO_PROMETHEUS_ANNOTATIONS')?.value,
    ).toBe('{"scrape":"true","port":"9080"}');
    expect(env.find(e => e.name === 'ISTIO_META_WORKLOAD_NAME')?.value).toBe(
      'reviews-v2',
    );
    expect(env.find(e => e.name === 'ISTIO_META_CLUSTER_ID')?.value).toBe(
      'east',
    );
    expect(env.find(e => e.name === 'ISTIO_META_OWNER')?.value).toBe(
      'kubernetes://apis/apps/v1/namespaces/bookinfo/deployments/reviews-v2',
    );
  });

  it('does not modify its input', () => {
    expect(pod.spec.containers).toHaveLength(1);
  });

  it('falls back to the workload name and "latest" for canonical labels', () => {
    const bare = injectSidecar(
      {
        metadata: { name: 'tool', namespace: 'x' },
        spec: { containers: [{ name: 'c', image: 'i' }] },
      },
      { revision: 'canary', istioVersion: '1.27.1', clusterId: 'c' },
    );
    expect(bare.metadata.labels).toMatchObject({
      'service.istio.io/canonical-name': 'tool',
      'service.istio.io/canonical-revision': 'latest',
    });
    expect(workloadOf(bare)).toEqual({
      name: 'tool',
      kind: 'Pod',
      apiVersion: 'v1',
    });
  });
});
