import {
  KubeObject,
  Namespace,
  Pod,
  Service,
  ServicePort,
} from '../../../kube/types';

/** Small builders for test meshes; tests describe intent, not YAML boilerplate. */

export function ns(
  name: string,
  labels: Record<string, string> = {},
): Namespace {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export interface PodOptions {
  serviceAccount?: string;
  sidecar?: boolean;
  ip?: string;
  ports?: number[];
}

export function pod(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  o: PodOptions = {},
): Pod {
  const containers = [
    {
      name: 'app',
      image: 'app:1',
      ports: (o.ports ?? []).map(p => ({ containerPort: p })),
    },
  ];
  if (o.sidecar !== false)
    containers.push({
      name: 'istio-proxy',
      image: 'docker.io/istio/proxyv2:1.27.1',
      ports: [],
    });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers, serviceAccountName: o.serviceAccount },
    status: { phase: 'Running', podIP: o.ip },
  };
}

export function service(
  namespace: string,
  name: string,
  selector: Record<string, string>,
  ports: Array<number | ServicePort> = [9080],
  annotations?: Record<string, string>,
): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, annotations },
    spec: {
      selector,
      ports: ports.map(p =>
        typeof p === 'number'
          ? { name: `http-${p}`, port: p, targetPort: p }
          : p,
      ),
    },
  };
}

let clock = Date.parse('2026-01-01T00:00:00Z');

/** An Istio (or any) object; each gets a later creationTimestamp unless one is given. */
export function istio<Spec>(
  kind: string,
  namespace: string | undefined,
  name: string,
  spec: Spec,
  extra: {
    apiVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
  } = {},
): KubeObject<Spec, unknown> {
  clock += 1000;
  const group =
    extra.apiVersion ??
    (
      {
        PeerAuthentication: 'security.istio.io/v1',
        RequestAuthentication: 'security.istio.io/v1',
        AuthorizationPolicy: 'security.istio.io/v1',
        Telemetry: 'telemetry.istio.io/v1',
        WasmPlugin: 'extensions.istio.io/v1alpha1',
      } as Record<string, string>
    )[kind] ??
    'networking.istio.io/v1';
  return {
    apiVersion: group,
    kind,
    metadata: {
      name,
      namespace,
      labels: extra.labels,
      creationTimestamp:
        extra.creationTimestamp ?? new Date(clock).toISOString(),
    },
    spec,
  };
}
