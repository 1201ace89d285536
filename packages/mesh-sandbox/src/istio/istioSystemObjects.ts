import { KubeObject } from '../store/types';
import { proxyImage } from './injectSidecar';
import { revisionWebhookConfig, tagWebhookConfig } from './injectorSetup';

/**
 * The control plane a default (`istioctl install`, revision "default") install leaves in
 * istio-system: istiod and the classic istio-ingressgateway, with their Services,
 * ServiceAccounts and the `istio` mesh-config ConfigMap; plus, for a canary upgrade, more
 * control-plane revisions (`istioctl install --revision <rev>`: istiod-<rev>) and revision tags,
 * each with the MutatingWebhookConfiguration that routes injection to it.
 */

export interface IstioRevision {
  /** Revision name, e.g. `1-28-0` or `canary` ("default" is the plain install). */
  name: string;
  /** The Istio version this revision's istiod and proxies run. */
  version: string;
}

export interface IstioInstallOptions {
  version: string;
  /** The cluster's name, istiod's CLUSTER_ID. */
  clusterId: string;
  trustDomain?: string;
  hub?: string;
  /** Control planes besides the plain install's revision "default". */
  revisions?: IstioRevision[];
  /** Revision tags: tag → revision (`default` takes over `istio-injection=enabled`). */
  tags?: Record<string, string>;
}

const NS = 'istio-system';

function meshConfig(trustDomain: string): string {
  return [
    'defaultConfig:',
    '  discoveryAddress: istiod.istio-system.svc:15012',
    'defaultProviders:',
    '  metrics:',
    '  - prometheus',
    'enablePrometheusMerge: true',
    'rootNamespace: istio-system',
    `trustDomain: ${trustDomain}`,
    '',
  ].join('\n');
}

function fieldEnv(name: string, fieldPath: string) {
  return { name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } };
}

function istiod(
  options: IstioInstallOptions,
  revision: IstioRevision,
): KubeObject[] {
  const rev = revision.name;
  const name = rev === 'default' ? 'istiod' : `istiod-${rev}`;
  const labels = {
    app: 'istiod',
    istio: 'pilot',
    'istio.io/rev': rev,
    'install.operator.istio.io/owning-resource': 'unknown',
    'operator.istio.io/component': 'Pilot',
  };
  // Like Istio's chart: the plain install selects istio=pilot, a revision selects its own pods.
  const selector =
    rev === 'default'
      ? { istio: 'pilot' }
      : { app: 'istiod', 'istio.io/rev': rev };
  return [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: rev === 'default' ? 'istiod' : `istiod-${rev}`,
        namespace: NS,
        labels: { app: 'istiod', 'istio.io/rev': rev },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: NS, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: selector },
        strategy: {
          rollingUpdate: { maxSurge: '100%', maxUnavailable: '25%' },
        },
        template: {
          metadata: {
            labels: { ...labels, 'sidecar.istio.io/inject': 'false' },
            annotations: {
              'prometheus.io/port': '15014',
              'prometheus.io/scrape': 'true',
              'sidecar.istio.io/inject': 'false',
            },
          },
          spec: {
            serviceAccountName: name,
            containers: [
              {
                name: 'discovery',
                image: `${options.hub ?? 'docker.io/istio'}/pilot:${revision.version}`,
                args: [
                  'discovery',
                  '--monitoringAddr=:15014',
                  '--log_output_level=default:info',
                  '--domain',
                  'cluster.local',
                  '--keepaliveMaxServerConnectionAge',
                  '30m',
                ],
                env: [
                  { name: 'REVISION', value: rev },
                  { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
                  fieldEnv('POD_NAME', 'metadata.name'),
                  fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
                  fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
                  { name: 'CLUSTER_ID', value: options.clusterId },
                ],
                ports: [
                  { containerPort: 8080, protocol: 'TCP' },
                  { containerPort: 15010, protocol: 'TCP' },
                  { containerPort: 15017, protocol: 'TCP' },
                ],
                readinessProbe: {
                  httpGet: { path: '/ready', port: 8080 },
                  initialDelaySeconds: 1,
                  periodSeconds: 3,
                  timeoutSeconds: 5,
                },
                resources: { requests: { cpu: '500m', memory: '2048Mi' } },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name,
        namespace: NS,
        labels: { app: 'istiod', istio: 'pilot', 'istio.io/rev': rev },
      },
      spec: {
        selector:
          rev === 'default' ? { app: 'istiod', istio: 'pilot' } : selector,
        ports: [
          { name: 'grpc-xds', port: 15010, protocol: 'TCP' },
          { name: 'https-dns', port: 15012, protocol: 'TCP' },
          {
            name: 'https-webhook',
            port: 443,
            targetPort: 15017,
            protocol: 'TCP',
          },
          { name: 'http-monitoring', port: 15014, protocol: 'TCP' },
        ],
      },
    },
  ];
}

function ingressGateway(options: IstioInstallOptions): KubeObject[] {
  const labels = {
    app: 'istio-ingressgateway',
    istio: 'ingressgateway',
    'install.operator.istio.io/owning-resource': 'unknown',
    'istio.io/rev': 'default',
    'operator.istio.io/component': 'IngressGateways',
  };
  return [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'istio-ingressgateway-service-account',
        namespace: NS,
        labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'istio-ingressgateway', namespace: NS, labels },
      spec: {
        replicas: 1,
        selector: {
          matchLabels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
        },
        template: {
          metadata: {
            labels: {
              ...labels,
              'sidecar.istio.io/inject': 'false',
              'service.istio.io/canonical-name': 'istio-ingressgateway',
              'service.istio.io/canonical-revision': 'latest',
            },
            annotations: {
              'prometheus.io/path': '/stats/prometheus',
              'prometheus.io/port': '15020',
              'prometheus.io/scrape': 'true',
              'sidecar.istio.io/inject': 'false',
            },
          },
          spec: {
            serviceAccountName: 'istio-ingressgateway-service-account',
            containers: [
              {
                name: 'istio-proxy',
                image: proxyImage({
                  istioVersion: options.version,
                  proxyImageHub: options.hub,
                }),
                args: [
                  'proxy',
                  'router',
                  '--domain',
                  '$(POD_NAMESPACE).svc.cluster.local',
                  '--proxyLogLevel=warning',
                  '--proxyComponentLogLevel=misc:error',
                  '--log_output_level=default:info',
                ],
                env: [
                  { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
                  { name: 'CA_ADDR', value: 'istiod.istio-system.svc:15012' },
                  fieldEnv('POD_NAME', 'metadata.name'),
                  fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
                  fieldEnv('INSTANCE_IP', 'status.podIP'),
                  { name: 'ISTIO_META_CLUSTER_ID', value: options.clusterId },
                  {
                    name: 'ISTIO_META_WORKLOAD_NAME',
                    value: 'istio-ingressgateway',
                  },
                  {
                    name: 'ISTIO_META_OWNER',
                    value: `kubernetes://apis/apps/v1/namespaces/${NS}/deployments/istio-ingressgateway`,
                  },
                ],
                ports: [
                  {
                    containerPort: 15021,
                    name: 'status-port',
                    protocol: 'TCP',
                  },
                  { containerPort: 8080, name: 'http2', protocol: 'TCP' },
                  { containerPort: 8443, name: 'https', protocol: 'TCP' },
                  {
                    containerPort: 15090,
                    name: 'http-envoy-prom',
                    protocol: 'TCP',
                  },
                ],
                readinessProbe: {
                  httpGet: { path: '/healthz/ready', port: 15021 },
                  failureThreshold: 30,
                  periodSeconds: 2,
                  timeoutSeconds: 1,
                },
                resources: {
                  limits: { cpu: '2', memory: '1Gi' },
                  requests: { cpu: '100m', memory: '128Mi' },
                },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'istio-ingressgateway', namespace: NS, labels },
      spec: {
        type: 'LoadBalancer',
        selector: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
        ports: [
          {
            name: 'status-port',
            port: 15021,
            targetPort: 15021,
            protocol: 'TCP',
          },
          { name: 'http2', port: 80, targetPort: 8080, protocol: 'TCP' },
          { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
        ],
      },
    },
  ];
}

export function istioSystemObjects(options: IstioInstallOptions): KubeObject[] {
  const trustDomain = options.trustDomain ?? 'cluster.local';
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'istio',
        namespace: NS,
        labels: {
          'istio.io/rev': 'default',
          'install.operator.istio.io/owning-resource': 'unknown',
          'operator.istio.io/component': 'Pilot',
          release: 'istio',
        },
      },
      data: { mesh: meshConfig(trustDomain), meshNetworks: 'networks: {}' },
    },
    ...istiod(options, { name: 'default', version: options.version }),
    revisionWebhookConfig('default'),
    ...(options.revisions ?? []).flatMap(revision => [
      ...istiod(options, revision),
      revisionWebhookConfig(revision.name),
    ]),
    ...Object.entries(options.tags ?? {}).map(([tag, revision]) =>
      tagWebhookConfig(tag, revision),
    ),
    ...ingressGateway(options),
  ];
}
