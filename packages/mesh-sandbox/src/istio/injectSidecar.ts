import { cloneJson } from '../util/cloneJson';
import { KubeObject } from '../store/types';
import { SIDECAR_STATUS_ANNOTATION } from './injectionDecision';

/** The mutation Istio's sidecar injector applies to a pod (the default `sidecar` template, iptables mode). */

export interface SidecarOptions {
  revision: string;
  istioVersion: string;
  /** ISTIO_META_CLUSTER_ID: the cluster's name in a multi-cluster mesh. */
  clusterId: string;
  trustDomain?: string;
  proxyImageHub?: string;
}

interface Container {
  name: string;
  image?: string;
  ports?: Array<{ containerPort: number; name?: string; protocol?: string }>;
  [key: string]: unknown;
}

interface PodSpecShape {
  containers?: Container[];
  initContainers?: Container[];
  volumes?: Array<Record<string, unknown>>;
  serviceAccountName?: string;
  [key: string]: unknown;
}

export const PROXY_CONTAINER = 'istio-proxy';
export const INIT_CONTAINER = 'istio-init';

const VOLUME_NAMES = [
  'workload-socket',
  'credential-socket',
  'workload-certs',
  'istio-envoy',
  'istio-data',
  'istio-podinfo',
  'istio-token',
  'istiod-ca-cert',
];

const PROXY_RESOURCES = {
  limits: { cpu: '2', memory: '1Gi' },
  requests: { cpu: '100m', memory: '128Mi' },
};

export function proxyImage(
  options: Pick<SidecarOptions, 'istioVersion' | 'proxyImageHub'>,
): string {
  return `${options.proxyImageHub ?? 'docker.io/istio'}/proxyv2:${options.istioVersion}`;
}

/**
 * The workload a pod belongs to, as Istio derives it for ISTIO_META_WORKLOAD_NAME and the
 * canonical-name fallback: a ReplicaSet owner minus its pod-template-hash names the Deployment.
 */
export function workloadOf(pod: KubeObject): {
  name: string;
  kind: string;
  apiVersion: string;
} {
  const owner =
    pod.metadata.ownerReferences?.find(ref => ref.controller) ??
    pod.metadata.ownerReferences?.[0];
  const hash = pod.metadata.labels?.['pod-template-hash'];
  if (owner?.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`)) {
    return {
      name: owner.name.slice(0, -hash.length - 1),
      kind: 'Deployment',
      apiVersion: 'apps/v1',
    };
  }
  if (owner) {
    return { name: owner.name, kind: owner.kind, apiVersion: owner.apiVersion };
  }
  return {
    name: pod.metadata.name ?? pod.metadata.generateName ?? '',
    kind: 'Pod',
    apiVersion: 'v1',
  };
}

function ownerUrl(
  namespace: string,
  workload: { name: string; kind: string; apiVersion: string },
): string {
  const plural = `${workload.kind.toLowerCase()}s`;
  const prefix = workload.apiVersion.includes('/')
    ? `apis/${workload.apiVersion}`
    : `api/${workload.apiVersion}`;
  return `kubernetes://${prefix}/namespaces/${namespace}/${plural}/${workload.name}`;
}

function fieldEnv(name: string, fieldPath: string) {
  return { name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } };
}

function initContainer(options: SidecarOptions): Container {
  return {
    name: INIT_CONTAINER,
    image: proxyImage(options),
    imagePullPolicy: 'IfNotPresent',
    args: [
      'istio-iptables',
      '-p',
      '15001',
      '-z',
      '15006',
      '-u',
      '1337',
      '-m',
      'REDIRECT',
      '-i',
      '*',
      '-x',
      '',
      '-b',
      '*',
      '-d',
      '15090,15021,15020',
      '--log_output_level=default:info',
    ],
    resources: PROXY_RESOURCES,
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: false,
      runAsGroup: 0,
      runAsNonRoot: false,
      runAsUser: 0,
    },
  };
}

function proxyContainer(
  pod: KubeObject,
  appContainers: Container[],
  options: SidecarOptions,
  extraEnv: object[],
): Container {
  const namespace = pod.metadata.namespace ?? 'default';
  const workload = workloadOf(pod);
  const trustDomain = options.trustDomain ?? 'cluster.local';
  const podPorts = appContainers
    .flatMap(c => c.ports ?? [])
    .map(p => ({ ...p, protocol: p.protocol ?? 'TCP' }));
  return {
    name: PROXY_CONTAINER,
    image: proxyImage(options),
    imagePullPolicy: 'IfNotPresent',
    args: [
      'proxy',
      'sidecar',
      '--domain',
      '$(POD_NAMESPACE).svc.cluster.local',
      '--proxyLogLevel=warning',
      '--proxyComponentLogLevel=misc:error',
      '--log_output_level=default:info',
    ],
    env: [
      { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
      {
        name: 'CA_ADDR',
        value: `istiod${options.revision === 'default' ? '' : `-${options.revision}`}.istio-system.svc:15012`,
      },
      fieldEnv('POD_NAME', 'metadata.name'),
      fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
      fieldEnv('INSTANCE_IP', 'status.podIP'),
      fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
      fieldEnv('HOST_IP', 'status.hostIP'),
      {
        name: 'ISTIO_CPU_LIMIT',
        valueFrom: {
          resourceFieldRef: { divisor: '0', resource: 'limits.cpu' },
        },
      },
      { name: 'PROXY_CONFIG', value: '{}\n' },
      { name: 'ISTIO_META_POD_PORTS', value: JSON.stringify(podPorts) },
      {
        name: 'ISTIO_META_APP_CONTAINERS',
        value: appContainers.map(c => c.name).join(','),
      },
      { name: 'ISTIO_META_CLUSTER_ID', value: options.clusterId },
      fieldEnv('ISTIO_META_NODE_NAME', 'spec.nodeName'),
      { name: 'ISTIO_META_INTERCEPTION_MODE', value: 'REDIRECT' },
      { name: 'ISTIO_META_WORKLOAD_NAME', value: workload.name },
      { name: 'ISTIO_META_OWNER', value: ownerUrl(namespace, workload) },
      { name: 'ISTIO_META_MESH_ID', value: trustDomain },
      { name: 'TRUST_DOMAIN', value: trustDomain },
      ...extraEnv,
    ],
    ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
    readinessProbe: {
      failureThreshold: 4,
      httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' },
      periodSeconds: 15,
      timeoutSeconds: 3,
    },
    startupProbe: {
      failureThreshold: 600,
      httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' },
      periodSeconds: 1,
      timeoutSeconds: 3,
    },
    resources: PROXY_RESOURCES,
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 1337,
      runAsNonRoot: true,
      runAsUser: 1337,
    },
    volumeMounts: [
      {
        mountPath: '/var/run/secrets/workload-spiffe-uds',
        name: 'workload-socket',
      },
      {
        mountPath: '/var/run/secrets/credential-uds',
        name: 'credential-socket',
      },
      {
        mountPath: '/var/run/secrets/workload-spiffe-credentials',
        name: 'workload-certs',
      },
      { mountPath: '/var/run/secrets/istio', name: 'istiod-ca-cert' },
      { mountPath: '/var/lib/istio/data', name: 'istio-data' },
      { mountPath: '/etc/istio/proxy', name: 'istio-envoy' },
      { mountPath: '/var/run/secrets/tokens', name: 'istio-token' },
      { mountPath: '/etc/istio/pod', name: 'istio-podinfo' },
    ],
  };
}

function sidecarVolumes(): Array<Record<string, unknown>> {
  return [
    { name: 'workload-socket', emptyDir: {} },
    { name: 'credential-socket', emptyDir: {} },
    { name: 'workload-certs', emptyDir: {} },
    { name: 'istio-envoy', emptyDir: { medium: 'Memory' } },
    { name: 'istio-data', emptyDir: {} },
    {
      name: 'istio-podinfo',
      downwardAPI: {
        defaultMode: 420,
        items: [
          {
            fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' },
            path: 'labels',
          },
          {
            fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.annotations' },
            path: 'annotations',
          },
        ],
      },
    },
    {
      name: 'istio-token',
      projected: {
        defaultMode: 420,
        sources: [
          {
            serviceAccountToken: {
              audience: 'istio-ca',
              expirationSeconds: 43200,
              path: 'istio-token',
            },
          },
        ],
      },
    },
    {
      name: 'istiod-ca-cert',
      configMap: { defaultMode: 420, name: 'istio-ca-root-cert' },
    },
  ];
}

const PROMETHEUS_ANNOTATIONS = [
  'prometheus.io/scrape',
  'prometheus.io/port',
  'prometheus.io/path',
];

/** Returns the injected copy of a pod: proxy and init containers, volumes, Istio's labels and annotations. */
export function injectSidecar(
  pod: KubeObject,
  options: SidecarOptions,
): KubeObject {
  const injected = cloneJson(pod);
  const spec = (injected.spec ?? {}) as PodSpecShape;
  injected.spec = spec;
  const labels = { ...(injected.metadata.labels ?? {}) };
  const annotations = { ...(injected.metadata.annotations ?? {}) };
  const appContainers = spec.containers ?? [];
  const workload = workloadOf(pod);

  // Metrics merging: the proxy serves the app's metrics on 15020, so Istio takes over the
  // prometheus.io annotations and hands the app's own ones to the proxy.
  const extraEnv: object[] = [];
  const appScrape = Object.fromEntries(
    PROMETHEUS_ANNOTATIONS.filter(key => annotations[key] !== undefined).map(
      key => [key.slice('prometheus.io/'.length), annotations[key]],
    ),
  );
  if (annotations['prometheus.io/scrape'] !== 'false') {
    if (Object.keys(appScrape).length > 0) {
      extraEnv.push({
        name: 'ISTIO_PROMETHEUS_ANNOTATIONS',
        value: JSON.stringify(appScrape),
      });
    }
    annotations['prometheus.io/scrape'] = 'true';
    annotations['prometheus.io/port'] = '15020';
    annotations['prometheus.io/path'] = '/stats/prometheus';
  }

  spec.initContainers = [
    ...(spec.initContainers ?? []),
    initContainer(options),
  ];
  spec.containers = [
    ...appContainers,
    proxyContainer(injected, appContainers, options, extraEnv),
  ];
  spec.volumes = [...(spec.volumes ?? []), ...sidecarVolumes()];

  labels['security.istio.io/tlsMode'] =
    labels['security.istio.io/tlsMode'] ?? 'istio';
  labels['service.istio.io/canonical-name'] =
    labels['service.istio.io/canonical-name'] ??
    labels['app.kubernetes.io/name'] ??
    labels.app ??
    workload.name;
  labels['service.istio.io/canonical-revision'] =
    labels['service.istio.io/canonical-revision'] ??
    labels['app.kubernetes.io/version'] ??
    labels.version ??
    'latest';

  annotations['istio.io/rev'] = options.revision;
  if (appContainers.length > 0) {
    annotations['kubectl.kubernetes.io/default-container'] ??=
      appContainers[0].name;
    annotations['kubectl.kubernetes.io/default-logs-container'] ??=
      appContainers[0].name;
  }
  annotations[SIDECAR_STATUS_ANNOTATION] = JSON.stringify({
    initContainers: [INIT_CONTAINER],
    containers: [PROXY_CONTAINER],
    volumes: VOLUME_NAMES,
    imagePullSecrets: null,
    revision: options.revision,
  });

  injected.metadata.labels = labels;
  injected.metadata.annotations = annotations;
  return injected;
}
