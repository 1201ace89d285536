import { ServiceEntry, Sidecar } from '../istio/model/networking';

const labelsText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/** A ServiceEntry's effect in words: what hosts it adds, where they live, how they resolve. */
export function describeServiceEntry(se: ServiceEntry): string[] {
  const s = se.spec;
  if (!s) return [];
  const out = [
    `adds ${(s.hosts ?? []).join(', ')} to the registry (${s.location === 'MESH_INTERNAL' ? 'inside the mesh' : 'outside the mesh'}, resolution ${s.resolution ?? 'NONE'})`,
  ];
  if (s.ports?.length)
    out.push(
      `ports ${s.ports.map(p => `${p.number}/${p.protocol ?? 'TCP'}`).join(', ')}`,
    );
  if (s.addresses?.length) out.push(`addresses ${s.addresses.join(', ')}`);
  if (s.endpoints?.length)
    out.push(
      `endpoints ${s.endpoints.map(e => e.address ?? labelsText(e.labels ?? {})).join(', ')}`,
    );
  if (s.workloadSelector?.labels)
    out.push(
      `endpoints: workloads labelled ${labelsText(s.workloadSelector.labels)}`,
    );
  if (s.exportTo?.length) out.push(`visible to ${s.exportTo.join(', ')}`);
  return out;
}

/**
 * A Sidecar's effect in words: which workloads it configures and which hosts they may reach. A
 * missing egress host list means the mesh default (every host), which matters when hosts are left out.
 */
export function describeSidecar(sc: Sidecar, rootNamespace: string): string[] {
  const s = sc.spec ?? {};
  const ns = sc.metadata.namespace ?? 'default';
  const selector = s.workloadSelector?.labels;
  let scope = `applies to every workload in namespace ${ns}`;
  if (selector && Object.keys(selector).length)
    scope = `applies to workloads labelled ${labelsText(selector)}`;
  else if (ns === rootNamespace) scope = 'mesh-wide default (root namespace)';
  const out = [scope];
  if (s.egress?.length)
    for (const e of s.egress)
      out.push(
        `egress${e.port ? ` on port ${e.port.number}` : ''}: ${e.hosts.join(', ')}`,
      );
  else out.push('egress: every host (not restricted)');
  for (const i of s.ingress ?? [])
    out.push(
      `ingress port ${i.port.number}${i.defaultEndpoint ? ` → ${i.defaultEndpoint}` : ''}`,
    );
  if (s.outboundTrafficPolicy?.mode)
    out.push(
      s.outboundTrafficPolicy.mode === 'REGISTRY_ONLY'
        ? 'outbound: only hosts in the registry'
        : 'outbound: any host',
    );
  return out;
}
