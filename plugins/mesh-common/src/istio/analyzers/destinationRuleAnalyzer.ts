import { namespaceOf } from '../model/common';
import {
  ClientTLSSettings,
  DestinationRule,
  TrafficPolicy,
} from '../model/networking';
import { AnalysisContext } from './AnalysisContext';
import { Analyzer } from './analyzer';
import { hostExists, servicesOf } from './hostLookup';

/** TLS origination without a CA and without opting out of verification trusts any server. */
function unverified(tls: ClientTLSSettings | undefined): boolean {
  if (!tls || (tls.mode !== 'SIMPLE' && tls.mode !== 'MUTUAL')) return false;
  const t = tls as ClientTLSSettings & { caCertificates?: string };
  return !t.caCertificates && !t.credentialName && !t.insecureSkipVerify;
}

function checkTls(
  ctx: AnalysisContext,
  dr: DestinationRule,
  policy: TrafficPolicy | undefined,
  base: string,
): void {
  if (unverified(policy?.tls)) {
    ctx.report(
      'IST0128',
      dr,
      `${base}.tls`,
      `TLS mode ${policy?.tls?.mode} to ${dr.spec?.host} sets no caCertificates, so the server certificate is not verified.`,
    );
  }
  policy?.portLevelSettings?.forEach((p, i) => {
    if (unverified(p.tls)) {
      ctx.report(
        'IST0129',
        dr,
        `${base}.portLevelSettings[${i}].tls`,
        `TLS mode ${p.tls?.mode} to ${dr.spec?.host} port ${p.port?.number} sets no caCertificates, so the server certificate is not verified.`,
      );
    }
  });
}

function checkSubsets(ctx: AnalysisContext, dr: DestinationRule): void {
  if (!ctx.knowsWorkloads() || !dr.spec?.host) return;
  const services = servicesOf(ctx.index, dr.spec.host, namespaceOf(dr)).filter(
    s => Object.keys(s.spec?.selector ?? {}).length > 0,
  );
  if (services.length === 0) return;
  // A service with no workloads at all is a different problem; only blame the subset's labels.
  if (
    !services.some(
      svc => ctx.workloads(namespaceOf(svc), svc.spec?.selector).length > 0,
    )
  )
    return;
  dr.spec.subsets?.forEach((subset, i) => {
    const selects = services.some(
      svc =>
        ctx.workloads(namespaceOf(svc), {
          ...svc.spec?.selector,
          ...subset.labels,
        }).length > 0,
    );
    if (!selects) {
      const labels = Object.entries(subset.labels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      ctx.report(
        'MSH0101',
        dr,
        `spec.subsets[${i}]${subset.labels ? '.labels' : ''}`,
        `Subset "${subset.name}" (${labels}) selects none of the pods of ${dr.spec?.host}; requests routed to it get 503.`,
      );
    }
  });
}

/** DestinationRules: hosts that exist, subsets that select pods, one rule per host, verified TLS. */
export const destinationRuleAnalyzer: Analyzer = {
  name: 'destinationRule',
  codes: ['MSH0101', 'MSH0102', 'MSH0103', 'IST0128', 'IST0129'],
  run(ctx) {
    const { index } = ctx;
    const byHost = new Map<string, DestinationRule[]>();
    for (const dr of index.all<DestinationRule>('DestinationRule')) {
      const host = dr.spec?.host;
      if (typeof host !== 'string') continue;
      const ns = namespaceOf(dr);
      if (
        !host.includes('*') &&
        (ctx.has('Service') || ctx.has('ServiceEntry')) &&
        !hostExists(index, host, ns)
      ) {
        ctx.report(
          'MSH0102',
          dr,
          'spec.host',
          `Host "${host}" is neither a Service nor in a ServiceEntry; this DestinationRule has no effect.`,
        );
      }
      if (!dr.spec?.workloadSelector) {
        const key = `${ns}\u0000${index.resolveHost(host, ns)}`;
        byHost.set(key, [...(byHost.get(key) ?? []), dr]);
      }
      checkTls(ctx, dr, dr.spec?.trafficPolicy, 'spec.trafficPolicy');
      dr.spec?.subsets?.forEach((s, i) =>
        checkTls(ctx, dr, s.trafficPolicy, `spec.subsets[${i}].trafficPolicy`),
      );
      checkSubsets(ctx, dr);
    }
    for (const rules of byHost.values()) {
      if (rules.length < 2) continue;
      for (const dr of rules) {
        const others = rules.filter(r => r !== dr).map(r => r.metadata.name);
        ctx.report(
          'MSH0103',
          dr,
          'spec.host',
          `DestinationRule(s) ${others.join(', ')} in the same namespace also configure ${dr.spec?.host}; Istio merges them and keeps only the oldest traffic policy.`,
        );
      }
    }
  },
};
