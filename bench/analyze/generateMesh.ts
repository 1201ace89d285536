import { KubeObject } from '../../plugins/mesh-common/src/kube/types';

export interface MeshSize {
  namespaces: number;
  servicesPerNamespace: number;
  podsPerService: number;
}

/**
 * A synthetic mesh shaped like a real one: per namespace a Namespace, Services with a
 * Deployment (two versions) and pods; per service a VirtualService with a canary split and a
 * DestinationRule with subsets; plus AuthorizationPolicies, PeerAuthentications, ServiceEntries,
 * Sidecars and Gateways. A few mistakes are planted so analyzers have something to report.
 */
export function generateMesh(size: MeshSize): {
  kube: KubeObject[];
  istio: KubeObject[];
} {
  const kube: KubeObject[] = [];
  const istio: KubeObject[] = [];
  const net = 'networking.istio.io/v1';
  const sec = 'security.istio.io/v1';
  for (let n = 0; n < size.namespaces; n++) {
    const ns = `team-${n}`;
    kube.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { 'istio-injection': 'enabled' } },
    });
    for (let s = 0; s < size.servicesPerNamespace; s++) {
      const app = `svc-${s}`;
      kube.push({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: app, namespace: ns },
        spec: { selector: { app }, ports: [{ name: 'http', port: 8080 }] },
      });
      kube.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `${app}-v1`, namespace: ns },
        spec: {
          selector: { matchLabels: { app, version: 'v1' } },
          template: {
            metadata: { labels: { app, version: 'v1' } },
            spec: { containers: [{ name: 'app' }] },
          },
        },
      });
      for (let p = 0; p < size.podsPerService; p++) {
        const version = p % 2 === 0 ? 'v1' : 'v2';
        kube.push({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: `${app}-${version}-${p}`,
            namespace: ns,
            labels: { app, version },
          },
          spec: {
            containers: [
              { name: 'app' },
              ...(s % 20 === 0 && p === 2
                ? []
                : [{ name: 'istio-proxy', image: 'istio/proxyv2:1.27.1' }]),
            ],
            serviceAccountName: app,
          },
        });
      }
      istio.push({
        apiVersion: net,
        kind: 'VirtualService',
        metadata: { name: app, namespace: ns },
        spec: {
          hosts: [app],
          http: [
            {
              match: [{ headers: { 'x-canary': { exact: 'true' } } }],
              route: [{ destination: { host: app, subset: 'v2' } }],
              timeout: '2s',
            },
            {
              route: [
                { destination: { host: app, subset: 'v1' }, weight: 90 },
                {
                  destination: {
                    host: app,
                    subset: s % 50 === 0 ? 'v3' : 'v2',
                  },
                  weight: 10,
                },
              ],
              retries: { attempts: 3, perTryTimeout: '500ms' },
            },
          ],
        },
      });
      istio.push({
        apiVersion: net,
        kind: 'DestinationRule',
        metadata: { name: app, namespace: ns },
        spec: {
          host: app,
          trafficPolicy: {
            tls: { mode: 'ISTIO_MUTUAL' },
            connectionPool: { tcp: { connectTimeout: '1s' } },
          },
          subsets: [
            { name: 'v1', labels: { version: 'v1' } },
            { name: 'v2', labels: { version: 'v2' } },
          ],
        },
      });
      if (s % 4 === 0) {
        istio.push({
          apiVersion: sec,
          kind: 'AuthorizationPolicy',
          metadata: { name: `${app}-allow`, namespace: ns },
          spec: {
            selector: { matchLabels: { app } },
            rules: [
              {
                from: [
                  {
                    source: {
                      principals: [
                        `cluster.local/ns/${ns}/sa/svc-${(s + 1) % size.servicesPerNamespace}`,
                      ],
                    },
                  },
                ],
                to: [
                  {
                    operation: { methods: ['GET', 'POST'], paths: ['/api/*'] },
                  },
                ],
              },
            ],
          },
        });
      }
    }
    istio.push({
      apiVersion: sec,
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: ns },
      spec: { mtls: { mode: n % 10 === 0 ? 'DISABLE' : 'STRICT' } },
    });
    istio.push({
      apiVersion: sec,
      kind: 'RequestAuthentication',
      metadata: { name: 'jwt', namespace: ns },
      spec: {
        jwtRules: [
          {
            issuer: `https://issuer.example.com/${ns}`,
            jwksUri: 'https://issuer.example.com/jwks',
          },
        ],
      },
    });
    for (let i = 0; i < 6; i++) {
      istio.push({
        apiVersion: net,
        kind: 'ServiceEntry',
        metadata: { name: `ext-${i}`, namespace: ns },
        spec: {
          hosts: [`api-${n}-${i}.example.com`],
          ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }],
          resolution: 'DNS',
          location: 'MESH_EXTERNAL',
        },
      });
    }
    istio.push({
      apiVersion: net,
      kind: 'Sidecar',
      metadata: { name: 'default', namespace: ns },
      spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }] },
    });
    istio.push({
      apiVersion: net,
      kind: 'Gateway',
      metadata: { name: 'public', namespace: ns },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          {
            port: { number: 80, name: 'http', protocol: 'HTTP' },
            hosts: [`${ns}.example.com`],
          },
        ],
      },
    });
  }
  return { kube, istio };
}
