import { namespaceOf } from '../istio/model/common';
import { MtlsMode, PeerAuthentication } from '../istio/model/security';
import {
  DescribedLine,
  PolicyDescription,
  describeAttachment,
} from './describeAttachment';

/** What a mode means for the server, in words. */
export function describeMtlsMode(mode: MtlsMode | undefined): string {
  switch (mode) {
    case 'STRICT':
      return 'STRICT: only mutual-TLS connections with Istio certificates are accepted';
    case 'PERMISSIVE':
      return 'PERMISSIVE: both mutual TLS and plaintext are accepted';
    case 'DISABLE':
      return 'DISABLE: mutual TLS is off, connections are plaintext';
    default:
      return 'UNSET';
  }
}

/**
 * A PeerAuthentication in words: where it applies, the mode it sets (what UNSET inherits from
 * depends on the level), and each port-level mode, which Istio honours only on a policy with a
 * workload selector.
 */
export function describePeerAuthentication(
  p: PeerAuthentication,
  rootNamespace: string,
): PolicyDescription {
  const ns = namespaceOf(p);
  const spec = p.spec ?? {};
  const selected =
    !!spec.selector?.matchLabels &&
    Object.keys(spec.selector.matchLabels).length > 0;
  let level: 'workload' | 'namespace' | 'mesh' = 'namespace';
  if (selected) level = 'workload';
  else if (ns === rootNamespace) level = 'mesh';
  const inheritsFrom = {
    workload: "the namespace's PeerAuthentication, then the mesh's",
    namespace: "the mesh's PeerAuthentication (root namespace)",
    mesh: "Istio's default, PERMISSIVE",
  }[level];

  const lines: DescribedLine[] = [
    describeAttachment(spec, ns, rootNamespace, false),
  ];
  const mode = spec.mtls?.mode;
  lines.push({
    text:
      !mode || mode === 'UNSET'
        ? `mTLS UNSET: inherits from ${inheritsFrom}`
        : `mTLS ${describeMtlsMode(mode)}`,
    path: mode ? 'spec.mtls.mode' : '',
  });
  for (const [port, setting] of Object.entries(spec.portLevelMtls ?? {})) {
    const portMode = setting?.mode;
    const what =
      !portMode || portMode === 'UNSET'
        ? 'UNSET: inherits the policy-wide mode'
        : describeMtlsMode(portMode);
    lines.push({
      text: selected
        ? `port ${port}: ${what}`
        : `port ${port}: ${what} — ignored, port-level mTLS needs a workload selector`,
      path: `spec.portLevelMtls[${JSON.stringify(port)}]`,
    });
  }
  const ports = Object.keys(spec.portLevelMtls ?? {});
  const where = {
    workload: 'its workloads',
    namespace: `namespace ${ns}`,
    mesh: 'the mesh',
  }[level];
  const summary =
    !mode || mode === 'UNSET'
      ? `leaves mTLS of ${where} to ${inheritsFrom}${ports.length > 0 && selected ? ', except on the ports listed' : ''}`
      : `sets mTLS ${mode} for ${where}${ports.length > 0 && selected ? ', except on the ports listed' : ''}`;
  return { summary, lines };
}
