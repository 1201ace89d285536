/** Istio's host names: short names are relative to the namespace of the config that uses them. */

export function qualifyHost(host: string, namespace: string): string {
  if (host === '*' || host.startsWith('*.'))
    return host.includes('.svc.') || host === '*'
      ? host
      : `${host}.${namespace}.svc.cluster.local`;
  const parts = host.split('.');
  if (parts.length === 1) return `${host}.${namespace}.svc.cluster.local`;
  if (parts.length === 2) return `${host}.svc.cluster.local`;
  return host;
}

/** Whether a (qualified) config host covers a concrete host; `*.example.com` is a suffix wildcard. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

export function serviceHost(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.cluster.local`;
}
