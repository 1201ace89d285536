import { Service } from '../../kube/types';
import { namespaceOf } from '../model/common';
import { ServiceEntry } from '../model/networking';
import { Analyzer } from './analyzer';

function audience(se: ServiceEntry): Set<string> | 'all' {
  const list = se.spec?.exportTo?.length ? se.spec.exportTo : ['*'];
  if (list.includes('*')) return 'all';
  return new Set(
    list.filter(n => n !== '~').map(n => (n === '.' ? namespaceOf(se) : n)),
  );
}

function overlap(a: ServiceEntry, b: ServiceEntry): boolean {
  const x = audience(a);
  const y = audience(b);
  if (x === 'all') return y === 'all' || y.size > 0;
  if (y === 'all') return x.size > 0;
  return [...x].some(n => y.has(n));
}

/** ServiceEntries: hosts defined twice, hosts that shadow Services, TCP ports without addresses. */
export const serviceEntryAnalyzer: Analyzer = {
  name: 'serviceEntry',
  codes: ['MSH0108', 'MSH0109', 'IST0134'],
  run(ctx) {
    const { index } = ctx;
    const byHost = new Map<string, Array<{ se: ServiceEntry; i: number }>>();
    for (const se of index.all<ServiceEntry>('ServiceEntry')) {
      const spec = se.spec;
      if (!spec) continue;
      (spec.hosts ?? []).forEach((h, i) => {
        const host = h.toLowerCase();
        byHost.set(host, [...(byHost.get(host) ?? []), { se, i }]);
        const svc = host.includes('*')
          ? undefined
          : index.servicesForHost(host).find((s: Service) => s);
        if (svc)
          ctx.report(
            'MSH0109',
            se,
            `spec.hosts[${i}]`,
            `Host ${host} is also Kubernetes Service ${namespaceOf(svc)}/${svc.metadata.name}; this ServiceEntry's ports and endpoints take its place for that host.`,
          );
      });
      const tcpPort = (spec.ports ?? []).findIndex(
        p => !p.protocol || p.protocol.toUpperCase() === 'TCP',
      );
      const wildcard = (spec.hosts ?? []).some(h => h.includes('*'));
      if (
        tcpPort >= 0 &&
        !spec.addresses?.length &&
        spec.resolution !== 'NONE' &&
        spec.resolution !== undefined &&
        !wildcard
      ) {
        ctx.report(
          'IST0134',
          se,
          `spec.ports[${tcpPort}]`,
          'ServiceEntry addresses are required for TCP ports: without them every TCP service on this port shares one listener.',
        );
      }
    }
    for (const [host, claims] of byHost) {
      if (claims.length < 2) continue;
      for (const c of claims) {
        const rivals = claims.filter(o => o.se !== c.se && overlap(c.se, o.se));
        if (rivals.length) {
          ctx.report(
            'MSH0108',
            c.se,
            `spec.hosts[${c.i}]`,
            `Host ${host} is also defined by ServiceEntry ${rivals.map(r => `${namespaceOf(r.se)}/${r.se.metadata.name}`).join(', ')}; clients see a merge of both.`,
          );
        }
      }
    }
  },
};
