import { KubeObject } from '../../kube/types';
import { MeshIndex } from '../index/MeshIndex';
import { Finding } from '../validation/finding';
import { AnalysisContext } from './AnalysisContext';
import { Analyzer } from './analyzer';

/** Builders for analyzer tests: terse objects, and a runner that returns only one analyzer's findings. */
export function obj(
  kind: string,
  name: string,
  ns: string | undefined,
  spec?: unknown,
  extra: Partial<KubeObject['metadata']> = {},
): KubeObject {
  const group: Record<string, string> = {
    VirtualService: 'networking.istio.io/v1',
    DestinationRule: 'networking.istio.io/v1',
    Gateway: 'networking.istio.io/v1',
    ServiceEntry: 'networking.istio.io/v1',
    Sidecar: 'networking.istio.io/v1',
    AuthorizationPolicy: 'security.istio.io/v1',
    PeerAuthentication: 'security.istio.io/v1',
    RequestAuthentication: 'security.istio.io/v1',
    Telemetry: 'telemetry.istio.io/v1',
    Deployment: 'apps/v1',
  };
  return {
    apiVersion: group[kind] ?? 'v1',
    kind,
    metadata: { name, ...(ns ? { namespace: ns } : {}), ...extra },
    ...(spec !== undefined ? { spec } : {}),
  };
}

export function service(
  name: string,
  ns: string,
  selector: Record<string, string>,
  ports: Array<{
    name?: string;
    port: number;
    targetPort?: number;
    appProtocol?: string;
  }> = [{ name: 'http', port: 80 }],
): KubeObject {
  return obj('Service', name, ns, { selector, ports });
}

export function pod(
  name: string,
  ns: string,
  labels: Record<string, string>,
  opts: {
    sidecar?: boolean;
    sa?: string;
    annotations?: Record<string, string>;
  } = {},
): KubeObject {
  const containers = [
    { name: 'app' },
    ...(opts.sidecar
      ? [{ name: 'istio-proxy', image: 'istio/proxyv2:1.27.1' }]
      : []),
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      labels,
      ...(opts.annotations ? { annotations: opts.annotations } : {}),
    },
    spec: { containers, serviceAccountName: opts.sa },
  };
}

export function namespace(
  name: string,
  labels: Record<string, string> = {},
): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function runAnalyzer(
  analyzer: Analyzer,
  objects: KubeObject[],
): Finding[] {
  const ctx = new AnalysisContext(MeshIndex.build(objects));
  analyzer.run(ctx);
  return ctx.findings;
}

/** `code resource-name path` triples: compact to assert on. */
export function summary(findings: Finding[]): string[] {
  return findings.map(
    f => `${f.code} ${f.resource.kind}/${f.resource.name} ${f.path}`,
  );
}
