import { IstioConfigObject } from './types';

export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/**
 * The mTLS mode a workload's sidecar accepts, by Istio's precedence: a policy selecting the
 * workload, then the namespace-wide one, then the mesh-wide one in the root namespace; the
 * default is PERMISSIVE. `UNSET` defers to the next level; port-level modes are not modelled.
 */
export function peerAuthenticationMode(
  policies: IstioConfigObject[],
  target: { namespace: string; labels: Record<string, string> },
  rootNamespace: string,
): MtlsMode {
  const modeOf = (p: IstioConfigObject | undefined) =>
    (p?.spec?.mtls as { mode?: string } | undefined)?.mode;
  const selectorOf = (p: IstioConfigObject) =>
    (p.spec?.selector as { matchLabels?: Record<string, string> } | undefined)
      ?.matchLabels;
  const oldestFirst = [...policies].sort((a, b) =>
    (a.metadata.creationTimestamp ?? '').localeCompare(
      b.metadata.creationTimestamp ?? '',
    ),
  );
  const workload = oldestFirst.find(p => {
    const selector = selectorOf(p);
    return (
      p.metadata.namespace === target.namespace &&
      selector &&
      Object.entries(selector).every(([k, v]) => target.labels[k] === v)
    );
  });
  const namespaceWide = oldestFirst.find(
    p => p.metadata.namespace === target.namespace && !selectorOf(p),
  );
  const meshWide = oldestFirst.find(
    p => p.metadata.namespace === rootNamespace && !selectorOf(p),
  );
  for (const level of [workload, namespaceWide, meshWide]) {
    const mode = modeOf(level);
    if (mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE')
      return mode;
  }
  return 'PERMISSIVE';
}
