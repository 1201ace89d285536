import { Service } from '../../kube/types';
import { MeshIndex } from '../index/MeshIndex';

/**
 * Candidate readings of a host written in a resource: as written, and expanded the way short
 * names are (`reviews` → `reviews.<ns>.svc.<domain>`). Istio itself only expands dot-free names,
 * but `name.ns` is common enough in the wild that a lookup should find what the author meant.
 */
export function hostCandidates(
  index: MeshIndex,
  host: string,
  fromNamespace: string,
): string[] {
  const raw = host.trim().toLowerCase().replace(/\.$/, '');
  const resolved = index.resolveHost(raw, fromNamespace);
  return raw === resolved ? [raw] : [resolved, raw];
}

/** Whether some Service or ServiceEntry defines the host. */
export function hostExists(
  index: MeshIndex,
  host: string,
  fromNamespace: string,
): boolean {
  return hostCandidates(index, host, fromNamespace).some(
    h =>
      index.servicesForHost(h).length > 0 ||
      index.serviceEntriesForHost(h).length > 0,
  );
}

/** The Kubernetes Services a host names (usually one). */
export function servicesOf(
  index: MeshIndex,
  host: string,
  fromNamespace: string,
): Service[] {
  for (const h of hostCandidates(index, host, fromNamespace)) {
    if (h.includes('*')) continue;
    const found = index.servicesForHost(h);
    if (found.length) return found;
  }
  return [];
}
