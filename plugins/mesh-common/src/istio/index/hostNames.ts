/**
 * Istio host names as written in a resource, resolved the way the DESIGN names them:
 * `name` → `name.<resource ns>.svc.<domain>`, `name.ns` → `name.ns.svc.<domain>`,
 * `name.ns.svc` → `+ .<domain>`; anything else (FQDNs, external hosts, wildcards) as written.
 */
export function resolveHost(
  host: string,
  resourceNamespace: string,
  domain = 'cluster.local',
): string {
  const h = host.trim().toLowerCase();
  if (h === '*' || h.startsWith('*.')) return h;
  const parts = h.split('.');
  if (parts.length === 1) return `${h}.${resourceNamespace}.svc.${domain}`;
  if (parts.length === 2) return `${h}.svc.${domain}`;
  if (parts.length === 3 && parts[2] === 'svc') return `${h}.${domain}`;
  return h;
}

/** Whether a resolved (possibly wildcard) host covers a concrete FQDN. */
export function hostMatches(pattern: string, fqdn: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return fqdn.endsWith(pattern.slice(1));
  return pattern === fqdn;
}

export function serviceFqdn(
  name: string,
  namespace: string,
  domain = 'cluster.local',
): string {
  return `${name}.${namespace}.svc.${domain}`;
}
