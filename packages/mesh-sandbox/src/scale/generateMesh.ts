import { KubeObject } from '../store/types';
import { CallEdge, CallGraph, EntryPoint } from '../traffic/types';

/** The size of a generated mesh: N namespaces × M services × K versions. */
export interface MeshShape {
  namespaces: number;
  services: number;
  versions: number;
  /** Pods per version (default 1). */
  replicas?: number;
  /** Requests per second entering each namespace through the gateway (default 5). */
  ratePerNamespace?: number;
}

export interface GeneratedMesh {
  objects: KubeObject[];
  callGraph: CallGraph;
}

export const GATEWAY_NAME = 'mesh-gateway';

const nsName = (i: number) => `mesh-${String(i).padStart(3, '0')}`;
const svcName = (j: number) => `svc-${String(j).padStart(3, '0')}`;

function deployment(
  namespace: string,
  service: string,
  version: string,
  replicas: number,
): KubeObject {
  const labels = { app: service, version };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `${service}-${version}`, namespace, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: service,
          containers: [
            {
              name: service,
              image: `registry.example.com/${namespace}/${service}:${version}`,
              ports: [{ containerPort: 8080 }],
            },
          ],
        },
      },
    },
  };
}

/**
 * A synthetic mesh with Istio configuration: every namespace is injected and holds M services,
 * each with K versions (Deployments), a ServiceAccount, a Service, a DestinationRule with one
 * subset per version and a VirtualService splitting traffic over them (the newest version gets
 * the remainder). Service j calls j+1 (0.6 times a request) and j+2 (0.3) in its namespace, and the first service of each
 * namespace also calls the first of the next namespace, so the call graph is a DAG that crosses
 * namespaces; the last service of a namespace is a TCP database. One Gateway in istio-system
 * serves `<namespace>.example.com` for each namespace's first service, and each namespace has an
 * AuthorizationPolicy allowing its own namespace, its caller namespace and the gateway.
 */
export function generateMesh(shape: MeshShape): GeneratedMesh {
  const { namespaces, services, versions } = shape;
  if (namespaces < 1 || services < 1 || versions < 1)
    throw new Error(
      'a generated mesh needs at least one namespace, service and version',
    );
  const replicas = shape.replicas ?? 1;
  const objects: KubeObject[] = [
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: GATEWAY_NAME, namespace: 'istio-system' },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          {
            port: { number: 80, name: 'http', protocol: 'HTTP' },
            hosts: ['*/*.example.com'],
          },
        ],
      },
    },
  ];
  const entries: EntryPoint[] = [];
  const edges: CallEdge[] = [];
  const behaviour: CallGraph['behaviour'] = {};
  for (let i = 0; i < namespaces; i += 1) {
    const namespace = nsName(i);
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { 'istio-injection': 'enabled' } },
    });
    const allowed = [
      namespace,
      'istio-system',
      ...(i > 0 ? [nsName(i - 1)] : []),
    ];
    objects.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'allow-callers', namespace },
      spec: {
        action: 'ALLOW',
        rules: [{ from: [{ source: { namespaces: allowed } }] }],
      },
    });
    for (let j = 0; j < services; j += 1) {
      const service = svcName(j);
      const database = j === services - 1 && services > 2;
      const port = database
        ? { name: 'tcp-db', port: 5432, targetPort: 8080 }
        : { name: 'http', port: 8080, targetPort: 8080 };
      objects.push({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: service, namespace },
      });
      objects.push({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: service, namespace, labels: { app: service } },
        spec: { selector: { app: service }, ports: [port] },
      });
      const versionNames = Array.from(
        { length: versions },
        (_, k) => `v${k + 1}`,
      );
      for (const version of versionNames)
        objects.push(deployment(namespace, service, version, replicas));
      objects.push({
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: service, namespace },
        spec: {
          host: service,
          subsets: versionNames.map(v => ({ name: v, labels: { version: v } })),
        },
      });
      if (!database) {
        const share = Math.floor(100 / versions);
        objects.push({
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          metadata: { name: service, namespace },
          spec: {
            hosts: [service],
            http: [
              {
                route: versionNames.map((v, k) => ({
                  destination: { host: service, subset: v },
                  weight:
                    k === versions - 1 ? 100 - share * (versions - 1) : share,
                })),
                timeout: '5s',
              },
            ],
          },
        });
      }
      behaviour[`${namespace}/${service}`] = {
        latencyMs: { median: 3 + (j % 5) * 2, p99: 20 + (j % 5) * 10 },
        errorRate: j % 7 === 3 ? 0.02 : 0.001,
      };
      for (const next of [j + 1, j + 2]) {
        if (next < services && !database) {
          const target = svcName(next);
          const tcp = next === services - 1 && services > 2;
          // 0.6 and 0.3 calls keep the expected fan-out per request bounded however long the chain is.
          edges.push({
            from: { namespace, service },
            to: { namespace, service: target },
            protocol: tcp ? 'tcp' : 'http',
            path: tcp ? '' : `/api/${target}`,
            callsPerRequest: next === j + 1 ? 0.6 : 0.3,
          });
        }
      }
    }
    if (i + 1 < namespaces)
      edges.push({
        from: { namespace, service: svcName(0) },
        to: { namespace: nsName(i + 1), service: svcName(0) },
        protocol: 'http',
        path: '/api/next',
        callsPerRequest: 0.3,
      });
    objects.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'ingress', namespace },
      spec: {
        hosts: [`${namespace}.example.com`],
        gateways: [`istio-system/${GATEWAY_NAME}`],
        http: [{ route: [{ destination: { host: svcName(0) } }] }],
      },
    });
    entries.push({
      host: `${namespace}.example.com`,
      path: '/',
      ratePerSecond: shape.ratePerNamespace ?? 5,
    });
  }
  return { objects, callGraph: { entries, edges, behaviour } };
}

/** Named sizes for `--scale`. */
export const SCALE_PRESETS: Record<'small' | 'medium' | 'large', MeshShape> = {
  small: { namespaces: 3, services: 4, versions: 2 },
  medium: { namespaces: 10, services: 10, versions: 2 },
  large: { namespaces: 40, services: 20, versions: 3 },
};

export type ScaleName = keyof typeof SCALE_PRESETS;
