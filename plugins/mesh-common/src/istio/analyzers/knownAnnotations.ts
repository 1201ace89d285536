/**
 * Istio annotations Meshport knows, with the kinds that read them (`Pod` covers pod templates)
 * and, when deprecated, what to do instead. Written from Istio's annotation reference.
 */
export interface KnownAnnotation {
  kinds: string[];
  deprecated?: string;
}

const POD = ['Pod'];
const pod = (deprecated?: string): KnownAnnotation =>
  deprecated ? { kinds: POD, deprecated } : { kinds: POD };

export const KNOWN_ANNOTATIONS: Record<string, KnownAnnotation> = {
  'sidecar.istio.io/inject': pod(
    'use the sidecar.istio.io/inject label instead',
  ),
  'sidecar.istio.io/status': pod(),
  'sidecar.istio.io/proxyImage': pod(),
  'sidecar.istio.io/proxyImageType': pod(),
  'sidecar.istio.io/proxyCPU': pod(),
  'sidecar.istio.io/proxyCPULimit': pod(),
  'sidecar.istio.io/proxyMemory': pod(),
  'sidecar.istio.io/proxyMemoryLimit': pod(),
  'sidecar.istio.io/logLevel': pod(),
  'sidecar.istio.io/componentLogLevel': pod(),
  'sidecar.istio.io/agentLogLevel': pod(),
  'sidecar.istio.io/interceptionMode': pod(),
  'sidecar.istio.io/rewriteAppHTTPProbers': pod(),
  'sidecar.istio.io/userVolume': pod(),
  'sidecar.istio.io/userVolumeMount': pod(),
  'sidecar.istio.io/bootstrapOverride': pod(),
  'sidecar.istio.io/enableCoreDump': pod(),
  'sidecar.istio.io/nativeSidecar': pod(),
  'sidecar.istio.io/statsHistogramBuckets': pod(),
  'sidecar.istio.io/statsInclusionPrefixes': pod(
    'configure stats inclusion through proxy.istio.io/config or the Telemetry API',
  ),
  'sidecar.istio.io/statsInclusionSuffixes': pod(
    'configure stats inclusion through proxy.istio.io/config or the Telemetry API',
  ),
  'sidecar.istio.io/statsInclusionRegexps': pod(
    'configure stats inclusion through proxy.istio.io/config or the Telemetry API',
  ),
  'sidecar.istio.io/extraStatTags': pod('use the Telemetry API to add tags'),
  'sidecar.istio.io/discoveryAddress': pod(
    'set discoveryAddress in proxy.istio.io/config',
  ),
  'status.sidecar.istio.io/port': pod(),
  'readiness.status.sidecar.istio.io/applicationPorts': pod(),
  'readiness.status.sidecar.istio.io/initialDelaySeconds': pod(),
  'readiness.status.sidecar.istio.io/periodSeconds': pod(),
  'readiness.status.sidecar.istio.io/failureThreshold': pod(),
  'traffic.sidecar.istio.io/includeOutboundIPRanges': pod(),
  'traffic.sidecar.istio.io/excludeOutboundIPRanges': pod(),
  'traffic.sidecar.istio.io/includeInboundPorts': pod(),
  'traffic.sidecar.istio.io/excludeInboundPorts': pod(),
  'traffic.sidecar.istio.io/includeOutboundPorts': pod(),
  'traffic.sidecar.istio.io/excludeOutboundPorts': pod(),
  'traffic.sidecar.istio.io/excludeInterfaces': pod(),
  'traffic.sidecar.istio.io/kubevirtInterfaces': pod(
    'use istio.io/reroute-virtual-interfaces',
  ),
  'istio.io/reroute-virtual-interfaces': pod(),
  'proxy.istio.io/config': pod(),
  'proxy.istio.io/overrides': pod(),
  'prometheus.istio.io/merge-metrics': pod(),
  'inject.istio.io/templates': pod(),
  'ambient.istio.io/redirection': pod(),
  'policy.istio.io/check': pod(
    'Mixer was removed; this annotation has no effect',
  ),
  'policy.istio.io/checkRetries': pod(
    'Mixer was removed; this annotation has no effect',
  ),
  'networking.istio.io/exportTo': { kinds: ['Service'] },
  'networking.istio.io/traffic-distribution': { kinds: ['Service'] },
  'istio.io/dry-run': { kinds: ['AuthorizationPolicy'] },
  'galley.istio.io/analyze-suppress': { kinds: ['*'] },
  'kubectl.kubernetes.io/default-container': { kinds: ['*'] },
};

/** Annotation domains whose every key Istio defines, so an unlisted key there is a typo. */
export const ISTIO_DOMAINS = [
  'sidecar.istio.io',
  'traffic.sidecar.istio.io',
  'status.sidecar.istio.io',
  'readiness.status.sidecar.istio.io',
  'proxy.istio.io',
  'inject.istio.io',
  'prometheus.istio.io',
  'policy.istio.io',
];
