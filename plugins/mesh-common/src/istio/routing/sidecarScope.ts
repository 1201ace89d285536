import { hostMatches } from '../index/hostNames';
import { MeshIndex } from '../index/MeshIndex';
import { compareByCreation } from '../index/sortByCreation';
import { namespaceOf, refOf } from '../model/common';
import { Sidecar } from '../model/networking';
import { ResourceRef } from './types';

/** What a sidecar-scoped proxy can see: which namespaces' hosts its egress imports. */
export interface SidecarScope {
  sidecar: ResourceRef | null;
  /** Whether `host` (an FQDN) from namespace `hostNamespace` is imported for `port`. */
  imports(hostNamespace: string, host: string, port: number): boolean;
  /** What happens to hosts outside the registry or scope. */
  outboundMode: 'ALLOW_ANY' | 'REGISTRY_ONLY';
}

/** A proxy no Sidecar resource scopes: it imports every host. */
export const UNSCOPED: SidecarScope = {
  sidecar: null,
  imports: () => true,
  outboundMode: 'ALLOW_ANY',
};

function selects(
  selector: Record<string, string>,
  labels: Record<string, string>,
): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * The Sidecar resource that scopes a workload's proxy, as Istio picks it: one in the workload's
 * namespace whose workloadSelector matches (oldest first), else the namespace's selector-less
 * one, else the root namespace's selector-less one; none means the proxy sees everything.
 */
export function sidecarScopeFor(
  index: MeshIndex,
  namespace: string,
  labels: Record<string, string>,
): SidecarScope {
  const inNs = index
    .inNamespace<Sidecar>('Sidecar', namespace)
    .sort(compareByCreation);
  const chosen =
    inNs.find(
      s =>
        s.spec?.workloadSelector?.labels &&
        selects(s.spec.workloadSelector.labels, labels),
    ) ??
    inNs.find(s => !s.spec?.workloadSelector?.labels) ??
    index
      .inNamespace<Sidecar>('Sidecar', index.rootNamespace)
      .sort(compareByCreation)
      .find(s => !s.spec?.workloadSelector?.labels);
  if (!chosen) return UNSCOPED;
  const sidecarNs = namespaceOf(chosen);
  const egress = chosen.spec?.egress ?? [];
  return {
    sidecar: refOf(chosen),
    outboundMode: chosen.spec?.outboundTrafficPolicy?.mode ?? 'ALLOW_ANY',
    imports(hostNamespace, host, port) {
      // A listener for the port wins over the catch-all listener.
      const listener =
        egress.find(e => e.port?.number === port) ?? egress.find(e => !e.port);
      if (!listener) return egress.length === 0;
      return listener.hosts.some(entry => {
        const slash = entry.indexOf('/');
        const ns = slash < 0 ? '*' : entry.slice(0, slash);
        const dns = (slash < 0 ? entry : entry.slice(slash + 1)).toLowerCase();
        if (ns === '~') return false;
        const nsOk =
          ns === '*' ||
          ns === hostNamespace ||
          (ns === '.' && hostNamespace === sidecarNs);
        return nsOk && (dns === '*' || hostMatches(dns, host));
      });
    },
  };
}
