/**
 * A synthetic Istio mesh for the engine benchmarks: namespaces of services with two versions,
 * their Deployments and Pods, and the Istio resources a busy mesh has (VirtualServices with
 * header/path/regex rules and weight splits, DestinationRules with subsets, Authorization,
 * Peer and Request Authentication, ServiceEntries, Gateways). Deterministic for a given seed.
 */
import type { KubeObject } from '../../plugins/mesh-common/src/kube/types';

export interface MeshSize {
  kubeObjects: number;
  istioResources: number;
  seed?: number;
}

export interface GeneratedMesh {
  kube: KubeObject[];
  istio: KubeObject[];
  services: Array<{ namespace: string; name: string }>;
  pods: Array<{ namespace: string; name: string }>;
  gateways: string[];
}

/** mulberry32: a tiny seeded PRNG, so runs are comparable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMESPACES = 100;
const SERVICES_PER_NS = 20;

export function generateMesh(size: MeshSize): GeneratedMesh {
  const rand = rng(size.seed ?? 42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const kube: KubeObject[] = [];
  const istio: KubeObject[] = [];
  const services: GeneratedMesh['services'] = [];
  const pods: GeneratedMesh['pods'] = [];
  let t = Date.parse('2025-01-01T00:00:00Z');
  const meta = (
    namespace: string | undefined,
    name: string,
    labels?: Record<string, string>,
  ) => ({
    name,
    namespace,
    labels,
    creationTimestamp: new Date((t += 1000)).toISOString(),
  });

  kube.push({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: meta(undefined, 'istio-system'),
  });
  for (let n = 0; n < NAMESPACES - 1; n++) {
    kube.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: meta(undefined, `team-${n}`, { 'istio-injection': 'enabled' }),
    });
  }
  const nsNames = Array.from({ length: NAMESPACES - 1 }, (_, n) => `team-${n}`);
  const svcCount = nsNames.length * SERVICES_PER_NS;
  // The rest of the Kubernetes budget: Deployments (two per service) and Pods.
  const budget = size.kubeObjects - kube.length - svcCount - svcCount * 2;
  const podsPerService = Math.max(1, Math.floor(budget / svcCount));
  let podExtra = budget - podsPerService * svcCount;

  for (const ns of nsNames) {
    for (let s = 0; s < SERVICES_PER_NS; s++) {
      const app = `svc-${s}`;
      services.push({ namespace: ns, name: app });
      kube.push({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: meta(ns, app),
        spec: {
          selector: { app },
          ports: [{ name: 'http', port: 8080, targetPort: 8080 }],
        },
      });
      for (const version of ['v1', 'v2']) {
        kube.push({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: meta(ns, `${app}-${version}`, { app, version }),
          spec: { replicas: 2, selector: { matchLabels: { app, version } } },
        });
      }
      const count = podsPerService + (podExtra-- > 0 ? 1 : 0);
      for (let p = 0; p < count; p++) {
        const version = p % 2 === 0 ? 'v1' : 'v2';
        const name = `${app}-${version}-${p}`;
        pods.push({ namespace: ns, name });
        kube.push({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: meta(ns, name, { app, version }),
          spec: {
            serviceAccountName: app,
            containers: [
              { name: 'app', image: 'app:1', ports: [{ containerPort: 8080 }] },
              ...(rand() < 0.95
                ? [
                    {
                      name: 'istio-proxy',
                      image: 'docker.io/istio/proxyv2:1.27.1',
                    },
                  ]
                : []),
            ],
          },
          status: {
            phase: 'Running',
            podIP: `10.${Math.floor(kube.length / 65536) % 256}.${Math.floor(kube.length / 256) % 256}.${kube.length % 256}`,
          },
        });
      }
    }
  }

  const add = (
    apiVersion: string,
    kind: string,
    namespace: string,
    name: string,
    spec: unknown,
  ) => {
    if (istio.length < size.istioResources)
      istio.push({ apiVersion, kind, metadata: meta(namespace, name), spec });
  };
  const NET = 'networking.istio.io/v1';
  const SEC = 'security.istio.io/v1';
  const gateways: string[] = [];
  for (let g = 0; g < 10; g++) {
    add(NET, 'Gateway', 'istio-system', `gw-${g}`, {
      selector: { istio: 'ingressgateway' },
      servers: [
        {
          port: { number: 80, name: 'http', protocol: 'HTTP' },
          hosts: [`*.gw${g}.example.com`],
        },
      ],
    });
    gateways.push(`istio-system/gw-${g}`);
  }
  kube.splice(kube.length - 1, 1, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta('istio-system', 'istio-ingressgateway-0', {
      istio: 'ingressgateway',
    }),
    spec: {
      containers: [
        { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.27.1' },
      ],
    },
  });
  add(SEC, 'PeerAuthentication', 'istio-system', 'default', {
    mtls: { mode: 'PERMISSIVE' },
  });

  for (const ns of nsNames) {
    add(SEC, 'PeerAuthentication', ns, 'default', {
      mtls: { mode: pick(['STRICT', 'PERMISSIVE', 'UNSET']) },
    });
    add(SEC, 'RequestAuthentication', ns, 'jwt', {
      jwtRules: [{ issuer: `https://issuer.${ns}.example.com` }],
    });
    for (let s = 0; s < SERVICES_PER_NS; s++) {
      const app = `svc-${s}`;
      const peers = [pick(nsNames), ns, ns].map(
        n =>
          `cluster.local/ns/${n}/sa/svc-${Math.floor(rand() * SERVICES_PER_NS)}`,
      );
      add(NET, 'VirtualService', ns, app, {
        hosts: [app],
        http: [
          {
            match: [{ headers: { 'x-user': { exact: `tester-${s}` } } }],
            route: [{ destination: { host: app, subset: 'v2' } }],
            timeout: '5s',
          },
          {
            match: [{ uri: { prefix: '/admin' }, method: { exact: 'POST' } }],
            fault: { abort: { httpStatus: 503, percentage: { value: 10 } } },
            route: [{ destination: { host: app, subset: 'v1' } }],
          },
          {
            match: [
              { uri: { regex: '/api/v[0-9]+/items/[0-9]+' } },
              { queryParams: { debug: { exact: '1' } } },
            ],
            route: [{ destination: { host: app, subset: 'v2' } }],
            retries: { attempts: 3, perTryTimeout: '1s' },
          },
          {
            route: [
              { destination: { host: app, subset: 'v1' }, weight: 90 },
              { destination: { host: app, subset: 'v2' }, weight: 10 },
            ],
          },
        ],
      });
      add(NET, 'DestinationRule', ns, app, {
        host: app,
        trafficPolicy: {
          loadBalancer: { simple: 'LEAST_REQUEST' },
          connectionPool: { http: { http2MaxRequests: 1000 } },
          outlierDetection: { consecutive5xxErrors: 5, interval: '10s' },
        },
        subsets: [
          { name: 'v1', labels: { version: 'v1' } },
          { name: 'v2', labels: { version: 'v2' } },
        ],
      });
      add(SEC, 'AuthorizationPolicy', ns, `${app}-allow`, {
        selector: { matchLabels: { app } },
        rules: [
          {
            from: [{ source: { principals: peers } }],
            to: [
              {
                operation: {
                  methods: ['GET', 'HEAD'],
                  paths: ['/api/*', '/health'],
                },
              },
            ],
          },
          {
            from: [{ source: { namespaces: [ns] } }],
            to: [{ operation: { methods: ['POST'], paths: ['/api/*'] } }],
            when: [{ key: 'request.headers[x-team]', values: [ns] }],
          },
        ],
      });
      add(SEC, 'AuthorizationPolicy', ns, `${app}-deny`, {
        selector: { matchLabels: { app } },
        action: 'DENY',
        rules: [
          {
            from: [{ source: { notNamespaces: [ns, pick(nsNames)] } }],
            to: [{ operation: { paths: ['/admin*', '*.php'] } }],
          },
        ],
      });
      if (s < 9) {
        add(SEC, 'PeerAuthentication', ns, `${app}-ports`, {
          selector: { matchLabels: { app } },
          mtls: { mode: 'STRICT' },
          portLevelMtls: { '9090': { mode: 'PERMISSIVE' } },
        });
      }
      if (s < 5)
        add(NET, 'ServiceEntry', ns, `ext-${s}`, {
          hosts: [`api-${s}.${ns}.example.com`],
          ports: [{ number: 443, name: 'tls', protocol: 'TLS' }],
          resolution: 'DNS',
        });
      if (s < 4) {
        add(NET, 'VirtualService', ns, `${app}-edge`, {
          hosts: [`${app}.${ns}.gw${s % 10}.example.com`],
          gateways: [`istio-system/gw-${s % 10}`],
          http: [
            {
              match: [{ uri: { prefix: '/' } }],
              route: [{ destination: { host: app, port: { number: 8080 } } }],
            },
          ],
        });
      }
    }
  }
  // Fill whatever budget remains with extra namespace-scoped AuthorizationPolicies (audit).
  let i = 0;
  while (istio.length < size.istioResources) {
    const ns = nsNames[i % nsNames.length];
    add(SEC, 'AuthorizationPolicy', ns, `audit-${i++}`, {
      action: 'AUDIT',
      rules: [{ to: [{ operation: { paths: ['/admin*'] } }] }],
    });
  }
  return { kube, istio, services, pods, gateways };
}
