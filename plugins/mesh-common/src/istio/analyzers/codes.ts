import { FindingLevel } from '../validation/finding';

export interface CodeInfo {
  code: string;
  name: string;
  level: FindingLevel;
  /** What the finding means, in one sentence; the docs table is rendered from this. */
  description: string;
}

/**
 * Every code Meshport reports. `IST0xxx` codes keep the meaning istioctl analyze gives them, so a
 * user can look them up in Istio's docs; `MSH0xxx` are Meshport's own. docs/analyzers.md is
 * rendered from this table and a test keeps the two in step.
 */
export const CODES = {
  IST0101: {
    name: 'ReferencedResourceNotFound',
    level: 'Error',
    description:
      'A resource refers to a host, subset, gateway, secret, namespace or workload selector that does not exist.',
  },
  IST0102: {
    name: 'NamespaceNotInjected',
    level: 'Info',
    description:
      'A namespace is neither enabled nor explicitly disabled for sidecar injection.',
  },
  IST0103: {
    name: 'PodMissingProxy',
    level: 'Warning',
    description:
      'A pod should have an Istio sidecar by its namespace and labels, but runs without one.',
  },
  IST0106: {
    name: 'SchemaValidationError',
    level: 'Error',
    description:
      "A field breaks the CRD's OpenAPI schema or one of Istio's own field rules (weights, durations, ports, hosts, header names).",
  },
  IST0107: {
    name: 'MisplacedAnnotation',
    level: 'Warning',
    description:
      'An Istio annotation is set on a kind of resource that does not read it.',
  },
  IST0108: {
    name: 'UnknownAnnotation',
    level: 'Warning',
    description: 'An annotation in an Istio domain that Istio does not define.',
  },
  IST0109: {
    name: 'ConflictingMeshGatewayVirtualServiceHosts',
    level: 'Error',
    description:
      'Several VirtualServices bound to the mesh gateway claim the same host; sidecars use only one of them.',
  },
  IST0110: {
    name: 'ConflictingSidecarWorkloadSelectors',
    level: 'Error',
    description: 'Several Sidecar resources select the same pod.',
  },
  IST0111: {
    name: 'MultipleSidecarsWithoutWorkloadSelectors',
    level: 'Error',
    description:
      'More than one Sidecar in a namespace has no workload selector.',
  },
  IST0112: {
    name: 'VirtualServiceDestinationPortSelectorRequired',
    level: 'Error',
    description:
      'A route goes to a Service with several ports without saying which port.',
  },
  IST0113: {
    name: 'MTLSPolicyConflict',
    level: 'Error',
    description:
      "A DestinationRule's client TLS mode contradicts the PeerAuthentication of the workloads it sends to (mesh, namespace, workload or port level).",
  },
  IST0116: {
    name: 'DeploymentAssociatedToMultipleServices',
    level: 'Warning',
    description:
      'Services selecting the pods of one Deployment use the same port number with different protocols.',
  },
  IST0118: {
    name: 'PortNameIsNotUnderNamingConvention',
    level: 'Info',
    description:
      'A Service port has neither a protocol-prefixed name nor an appProtocol, so Istio guesses its protocol.',
  },
  IST0122: {
    name: 'InvalidRegexp',
    level: 'Warning',
    description:
      'A regular expression in a match or rewrite does not compile as RE2.',
  },
  IST0123: {
    name: 'NamespaceMultipleInjectionLabels',
    level: 'Warning',
    description:
      'A namespace carries both istio-injection and istio.io/rev labels.',
  },
  IST0127: {
    name: 'NoMatchingWorkloadsFound',
    level: 'Warning',
    description: 'A workload selector of a policy or Sidecar matches no pod.',
  },
  IST0128: {
    name: 'NoServerCertificateVerificationDestinationLevel',
    level: 'Warning',
    description:
      'A DestinationRule originates TLS without caCertificates, so the server certificate is not verified.',
  },
  IST0129: {
    name: 'NoServerCertificateVerificationPortLevel',
    level: 'Warning',
    description:
      'Port-level TLS settings of a DestinationRule originate TLS without caCertificates.',
  },
  IST0130: {
    name: 'VirtualServiceUnreachableRule',
    level: 'Warning',
    description:
      'A VirtualService rule is never used because earlier rules catch all its requests.',
  },
  IST0131: {
    name: 'VirtualServiceIneffectiveMatch',
    level: 'Info',
    description:
      'One match of a VirtualService rule is covered by an earlier rule and never used.',
  },
  IST0132: {
    name: 'VirtualServiceHostNotFoundInGateway',
    level: 'Warning',
    description:
      'A VirtualService bound to a Gateway names a host that none of the Gateway servers accept.',
  },
  IST0134: {
    name: 'ServiceEntryAddressesRequired',
    level: 'Warning',
    description:
      'A ServiceEntry with TCP (or unnamed-protocol) ports has no addresses, so the ports cannot be told apart.',
  },
  IST0135: {
    name: 'DeprecatedAnnotation',
    level: 'Info',
    description:
      'An Istio annotation that is deprecated or no longer has an effect.',
  },
  IST0137: {
    name: 'DeploymentConflictingPorts',
    level: 'Warning',
    description:
      'Services selecting the pods of one Deployment send the same targetPort from different ports.',
  },
  IST0138: {
    name: 'GatewayDuplicateCertificate',
    level: 'Warning',
    description:
      'Several Gateways serve the same certificate; clients reusing HTTP/2 connections may get 404s.',
  },
  IST0145: {
    name: 'ConflictingGateways',
    level: 'Error',
    description:
      'Gateways with the same selector listen on the same port for overlapping hosts.',
  },
  IST0149: {
    name: 'JwtClaimBasedRoutingWithoutRequestAuthN',
    level: 'Error',
    description:
      'A gateway route matches on JWT claims but no RequestAuthentication applies to the gateway workload.',
  },
  IST0159: {
    name: 'ConflictingTelemetryWorkloadSelectors',
    level: 'Error',
    description: 'Several Telemetry resources select the same pod.',
  },
  IST0160: {
    name: 'MultipleTelemetriesWithoutWorkloadSelectors',
    level: 'Error',
    description:
      'More than one Telemetry in a namespace has no workload selector.',
  },
  IST0162: {
    name: 'GatewayPortNotDefinedOnService',
    level: 'Warning',
    description:
      'A Gateway listens on a port that the Service in front of its workload does not expose.',
  },
  MSH0001: {
    name: 'UnservedApiVersion',
    level: 'Error',
    description:
      'An Istio or Gateway API kind is written with an apiVersion its CRD does not serve.',
  },
  MSH0002: {
    name: 'YamlSyntaxError',
    level: 'Error',
    description:
      'A file is not valid YAML; the finding names the file and line.',
  },
  MSH0003: {
    name: 'NotAKubernetesObject',
    level: 'Error',
    description: 'A YAML document lacks apiVersion, kind or metadata.name.',
  },
  MSH0101: {
    name: 'DestinationRuleSubsetSelectsNoPods',
    level: 'Warning',
    description:
      "A DestinationRule subset's labels select none of the host's pods; traffic routed to it fails with 503.",
  },
  MSH0102: {
    name: 'DestinationRuleHostNotFound',
    level: 'Warning',
    description:
      'A DestinationRule names a host that is neither a Service nor in a ServiceEntry.',
  },
  MSH0103: {
    name: 'DuplicateDestinationRules',
    level: 'Warning',
    description:
      'Several DestinationRules in one namespace configure the same host; Istio merges them unpredictably.',
  },
  MSH0104: {
    name: 'UnknownHttpMethod',
    level: 'Warning',
    description:
      'An AuthorizationPolicy names a method that is not an upper-case HTTP method, so the rule never matches.',
  },
  MSH0105: {
    name: 'PrincipalServiceAccountNotFound',
    level: 'Warning',
    description:
      'An AuthorizationPolicy principal names a service account that does not exist in its namespace.',
  },
  MSH0106: {
    name: 'ServicePortProtocolMismatch',
    level: 'Warning',
    description:
      "A Service port's appProtocol contradicts the protocol prefix of its name, or names a protocol Istio does not know.",
  },
  MSH0107: {
    name: 'InjectionLabelConflict',
    level: 'Warning',
    description:
      'A pod asks for a sidecar that its namespace disables, or a pod label and annotation disagree.',
  },
  MSH0108: {
    name: 'ServiceEntryHostConflict',
    level: 'Warning',
    description:
      'Several ServiceEntries visible to the same namespace define the same host.',
  },
  MSH0109: {
    name: 'ServiceEntryShadowsService',
    level: 'Info',
    description:
      'A ServiceEntry defines the host of a Kubernetes Service; its settings replace the Service for that host.',
  },
  MSH0111: {
    name: 'UnexpectedSidecar',
    level: 'Info',
    description:
      'A pod runs a sidecar although its namespace and labels no longer ask for one.',
  },
  MSH0112: {
    name: 'GatewayDuplicateServer',
    level: 'Warning',
    description:
      'Two servers of one Gateway listen on the same port for the same host.',
  },
  MSH0113: {
    name: 'ReferenceNotPermitted',
    level: 'Error',
    description:
      'A Gateway API route or listener refers to a Service or Secret in another namespace, and no ReferenceGrant there allows it; Istio ignores the reference.',
  },
  MSH0114: {
    name: 'DelegateNotExported',
    level: 'Error',
    description:
      "A VirtualService delegates to one whose exportTo does not include the root's namespace; Istio cannot see the delegate and answers 404.",
  },
} as const satisfies Record<string, Omit<CodeInfo, 'code'>>;

export type Code = keyof typeof CODES;

export function codeInfo(code: Code): CodeInfo {
  return { code, ...CODES[code] };
}

export function allCodes(): CodeInfo[] {
  return (Object.keys(CODES) as Code[]).sort().map(codeInfo);
}
