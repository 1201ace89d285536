import { namespaceOf } from '../model/common';
import {
  Destination,
  DestinationRule,
  VirtualService,
} from '../model/networking';
import { AnalysisContext } from './AnalysisContext';
import { isExportedTo } from '../index/exportTo';
import { Analyzer } from './analyzer';
import { hostCandidates, hostExists, servicesOf } from './hostLookup';

/** Lookups repeat for every route to a popular host; memoised per analysis run. */
class Lookups {
  private readonly exists = new Map<string, boolean>();
  private readonly rules = new Map<string, DestinationRule | undefined>();
  /**
   * Hosts, subsets and gateways can only be called missing when the input defines some: a folder
   * of VirtualServices alone says nothing about the Services they route to.
   */
  readonly knowsHosts: boolean;
  readonly knowsSubsets: boolean;
  readonly knowsGateways: boolean;

  constructor(private readonly ctx: AnalysisContext) {
    this.knowsHosts = ctx.has('Service') || ctx.has('ServiceEntry');
    this.knowsSubsets = ctx.has('DestinationRule');
    this.knowsGateways = ctx.has('Gateway');
  }

  hostExists(host: string, ns: string): boolean {
    const k = `${ns}\u0000${host}`;
    let v = this.exists.get(k);
    if (v === undefined)
      this.exists.set(k, (v = hostExists(this.ctx.index, host, ns)));
    return v;
  }

  destinationRule(host: string, ns: string): DestinationRule | undefined {
    const k = `${ns}\u0000${host}`;
    if (!this.rules.has(k)) {
      const { index } = this.ctx;
      this.rules.set(
        k,
        hostCandidates(index, host, ns)
          .map(h => index.destinationRuleFor(h, ns))
          .find(Boolean),
      );
    }
    return this.rules.get(k);
  }
}

function checkDestination(
  ctx: AnalysisContext,
  look: Lookups,
  vs: VirtualService,
  d: Destination | undefined,
  path: string,
): void {
  if (!d || typeof d.host !== 'string' || d.host.includes('*')) return;
  const ns = namespaceOf(vs);
  const { index } = ctx;
  if (look.knowsHosts && !look.hostExists(d.host, ns)) {
    ctx.report(
      'IST0101',
      vs,
      `${path}.host`,
      `Referenced host not found: "${d.host}"`,
    );
    return;
  }
  if (d.subset && look.knowsSubsets) {
    const dr = look.destinationRule(d.host, ns);
    if (!dr?.spec?.subsets?.some(s => s.name === d.subset)) {
      ctx.report(
        'IST0101',
        vs,
        `${path}.subset`,
        `Referenced host+subset in destinationrule not found: "${d.host}+${d.subset}"`,
      );
    }
  }
  if (d.port?.number === undefined) {
    const svc = servicesOf(index, d.host, ns)[0];
    const ports = svc?.spec?.ports ?? [];
    if (ports.length > 1) {
      ctx.report(
        'IST0112',
        vs,
        path,
        `This VirtualService routes to service "${d.host}", which exposes ports ${ports.map(p => p.port).join(', ')}; set destination.port to say which.`,
      );
    }
  }
}

/** VirtualService references: destination hosts and subsets, gateways, delegates, port selectors. */
export const virtualServiceReferences: Analyzer = {
  name: 'virtualServiceReferences',
  codes: ['IST0101', 'IST0112', 'MSH0114'],
  run(ctx) {
    const { index } = ctx;
    const look = new Lookups(ctx);
    for (const vs of index.all<VirtualService>('VirtualService')) {
      const spec = vs.spec ?? {};
      const ns = namespaceOf(vs);
      const checkGateway = (g: string, path: string) => {
        const ref = index.resolveGatewayName(g, ns);
        if (ref === 'mesh' || !look.knowsGateways) return;
        const [gns, gname] = ref.split('/');
        if (!index.get('Gateway', gns, gname))
          ctx.report(
            'IST0101',
            vs,
            path,
            `Referenced gateway not found: "${g}"`,
          );
      };
      (spec.gateways ?? []).forEach((g, i) =>
        checkGateway(g, `spec.gateways[${i}]`),
      );
      (spec.http ?? []).forEach((h, i) => {
        h.route?.forEach((r, j) =>
          checkDestination(
            ctx,
            look,
            vs,
            r.destination,
            `spec.http[${i}].route[${j}].destination`,
          ),
        );
        if (h.mirror)
          checkDestination(ctx, look, vs, h.mirror, `spec.http[${i}].mirror`);
        h.mirrors?.forEach((m, j) =>
          checkDestination(
            ctx,
            look,
            vs,
            m.destination,
            `spec.http[${i}].mirrors[${j}].destination`,
          ),
        );
        h.match?.forEach((m, j) =>
          m.gateways?.forEach((g, k) =>
            checkGateway(g, `spec.http[${i}].match[${j}].gateways[${k}]`),
          ),
        );
        if (h.delegate?.name) {
          const dns = h.delegate.namespace ?? ns;
          const delegate = index.get<VirtualService>(
            'VirtualService',
            dns,
            h.delegate.name,
          );
          if (!delegate) {
            ctx.report(
              'IST0101',
              vs,
              `spec.http[${i}].delegate`,
              `Referenced delegate VirtualService not found: "${dns}/${h.delegate.name}"`,
            );
          } else if (!isExportedTo(delegate.spec?.exportTo, dns, ns)) {
            ctx.report(
              'MSH0114',
              vs,
              `spec.http[${i}].delegate`,
              `Delegate VirtualService ${dns}/${h.delegate.name} is not exported to namespace ${ns} (exportTo: ${(delegate.spec?.exportTo ?? []).join(', ')}); Istio cannot use it and the rule answers 404.`,
            );
          }
        }
      });
      for (const kind of ['tcp', 'tls'] as const) {
        (spec[kind] ?? []).forEach((r, i) =>
          r.route?.forEach((d, j) =>
            checkDestination(
              ctx,
              look,
              vs,
              d.destination,
              `spec.${kind}[${i}].route[${j}].destination`,
            ),
          ),
        );
      }
    }
  },
};
