import { namespaceOf } from '../model/common';
import { Gateway, VirtualService } from '../model/networking';
import { RequestAuthentication } from '../model/security';
import { AnalysisContext } from './AnalysisContext';
import { Analyzer } from './analyzer';

const CLAIM_PREFIX = '@request.auth.claims';

/** Whether some RequestAuthentication applies to a workload (its namespace's, or mesh-wide). */
function authenticated(
  ctx: AnalysisContext,
  namespace: string,
  labels: Record<string, string> | undefined,
): boolean {
  const { index } = ctx;
  const candidates = [
    ...index.inNamespace<RequestAuthentication>(
      'RequestAuthentication',
      namespace,
    ),
    ...(namespace === index.rootNamespace
      ? []
      : index.inNamespace<RequestAuthentication>(
          'RequestAuthentication',
          index.rootNamespace,
        )),
  ];
  return candidates.some(ra => {
    const sel = ra.spec?.selector?.matchLabels;
    if (!sel || Object.keys(sel).length === 0) return true;
    // Without known workloads, a selector-scoped policy may well be the gateway's: give it the benefit.
    return !labels || Object.entries(sel).every(([k, v]) => labels[k] === v);
  });
}

/**
 * Routing on JWT claims (`@request.auth.claims.*` header matches) only works where a
 * RequestAuthentication validates the token first: on the gateway workload the VirtualService binds to.
 */
export const jwtClaimRouting: Analyzer = {
  name: 'jwtClaimRouting',
  codes: ['IST0149'],
  run(ctx) {
    const { index } = ctx;
    for (const vs of index.all<VirtualService>('VirtualService')) {
      const claims: Array<{ path: string; key: string }> = [];
      vs.spec?.http?.forEach((h, i) =>
        h.match?.forEach((m, j) => {
          for (const k of Object.keys(m.headers ?? {}))
            if (k.startsWith(CLAIM_PREFIX))
              claims.push({
                path: `spec.http[${i}].match[${j}].headers["${k}"]`,
                key: k,
              });
        }),
      );
      if (claims.length === 0) continue;
      for (const ref of index.gatewaysOf(vs)) {
        if (ref === 'mesh') continue;
        const [gns, gname] = ref.split('/');
        const gw = index.get<Gateway>('Gateway', gns, gname);
        if (!gw) continue;
        const workloads = ctx.knowsWorkloads()
          ? ctx.workloads(undefined, gw.spec?.selector)
          : [];
        const targets = workloads.length
          ? workloads.map(w => ({
              ns: w.namespace,
              labels: w.labels as Record<string, string> | undefined,
              name: w.object.metadata.name,
            }))
          : [
              {
                ns: namespaceOf(gw),
                labels: undefined,
                name: `(pods of ${ref})`,
              },
            ];
        const missing = targets.filter(
          t => !authenticated(ctx, t.ns, t.labels),
        );
        if (missing.length === 0) continue;
        for (const c of claims) {
          ctx.report(
            'IST0149',
            vs,
            c.path,
            `Routing on JWT claim (${c.key}) through gateway ${ref}, but no RequestAuthentication applies to ${missing.map(m => `${m.ns}/${m.name}`).join(', ')}; the claim is never available.`,
          );
        }
      }
    }
  },
};
