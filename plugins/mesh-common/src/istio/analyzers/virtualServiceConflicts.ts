import { namespaceOf } from '../model/common';
import { VirtualService } from '../model/networking';
import { Analyzer } from './analyzer';

/** The namespaces a VirtualService is visible to; `all` for `*` (the default). */
function audience(vs: VirtualService): Set<string> | 'all' {
  const list = vs.spec?.exportTo?.length ? vs.spec.exportTo : ['*'];
  if (list.includes('*')) return 'all';
  return new Set(
    list.filter(n => n !== '~').map(n => (n === '.' ? namespaceOf(vs) : n)),
  );
}

/** Whether some namespace sees both VirtualServices (only then do they compete). */
function shareAudience(a: VirtualService, b: VirtualService): boolean {
  const sa = audience(a);
  const sb = audience(b);
  if (sa === 'all') return sb === 'all' || sb.size > 0;
  if (sb === 'all') return sa.size > 0;
  return [...sa].some(n => sb.has(n));
}

/**
 * Sidecars use only one VirtualService per host (gateways merge them), so two mesh-bound
 * VirtualServices for one host that some namespace sees both of leave the choice to creation order.
 */
export const virtualServiceConflicts: Analyzer = {
  name: 'virtualServiceConflicts',
  codes: ['IST0109'],
  run(ctx) {
    const { index } = ctx;
    const byHost = new Map<string, Array<{ vs: VirtualService; i: number }>>();
    for (const vs of index.all<VirtualService>('VirtualService')) {
      if (!index.gatewaysOf(vs).includes('mesh')) continue;
      (vs.spec?.hosts ?? []).forEach((h, i) => {
        const key = index.resolveHost(h, namespaceOf(vs));
        const list = byHost.get(key) ?? [];
        list.push({ vs, i });
        byHost.set(key, list);
      });
    }
    for (const [host, claims] of byHost) {
      if (claims.length < 2) continue;
      for (const c of claims) {
        const rivals = claims.filter(
          o => o.vs !== c.vs && shareAudience(c.vs, o.vs),
        );
        if (rivals.length === 0) continue;
        const names = [c, ...rivals]
          .map(o => `${namespaceOf(o.vs)}/${o.vs.metadata.name}`)
          .sort();
        ctx.report(
          'IST0109',
          c.vs,
          `spec.hosts[${c.i}]`,
          `The VirtualServices ${names.join(', ')} bound to the mesh gateway all claim host ${host}; sidecars use only one. Merge them into one resource.`,
        );
      }
    }
  },
};
