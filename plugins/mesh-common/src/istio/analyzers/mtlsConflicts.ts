import { Service } from '../../kube/types';
import { namespaceOf } from '../model/common';
import {
  ClientTLSSettings,
  DestinationRule,
  TrafficPolicy,
} from '../model/networking';
import { AnalysisContext } from './AnalysisContext';
import { Analyzer } from './analyzer';
import { sharedMtlsDecision } from '../security/effectiveMtls';
import { labelsKey } from '../security/indexMemo';
import { hostCandidates } from './hostLookup';

/** The client TLS a DestinationRule sets for one port, with the field path that set it. */
function clientTls(
  policy: TrafficPolicy | undefined,
  base: string,
  port: number,
): { tls: ClientTLSSettings; path: string } | undefined {
  const i =
    policy?.portLevelSettings?.findIndex(p => p.port?.number === port) ?? -1;
  if (i >= 0 && policy?.portLevelSettings?.[i].tls)
    return {
      tls: policy.portLevelSettings[i].tls as ClientTLSSettings,
      path: `${base}.portLevelSettings[${i}].tls.mode`,
    };
  if (policy?.tls) return { tls: policy.tls, path: `${base}.tls.mode` };
  return undefined;
}

function servicesFor(ctx: AnalysisContext, dr: DestinationRule): Service[] {
  const host = dr.spec?.host;
  if (!host) return [];
  const out = new Set<Service>();
  for (const h of hostCandidates(ctx.index, host, namespaceOf(dr)))
    for (const s of ctx.index.servicesForHost(h)) out.add(s);
  return [...out];
}

/**
 * Client-side TLS from DestinationRules against server-side mTLS from PeerAuthentications, for
 * every port of every Service the rule covers (subset by subset): ISTIO_MUTUAL towards a workload
 * that disables mTLS, or plain/non-Istio TLS towards one that requires it, fails every request.
 */
export const mtlsConflicts: Analyzer = {
  name: 'mtlsConflicts',
  codes: ['IST0113'],
  run(ctx) {
    if (!ctx.has('PeerAuthentication')) return;
    for (const dr of ctx.index.all<DestinationRule>('DestinationRule')) {
      const variants: Array<{
        policy: TrafficPolicy | undefined;
        base: string;
        labels: Record<string, string>;
        fallback?: TrafficPolicy;
      }> = [
        {
          policy: dr.spec?.trafficPolicy,
          base: 'spec.trafficPolicy',
          labels: {},
        },
        ...(dr.spec?.subsets ?? []).map((s, i) => ({
          policy: s.trafficPolicy,
          base: `spec.subsets[${i}].trafficPolicy`,
          labels: s.labels ?? {},
          fallback: dr.spec?.trafficPolicy,
        })),
      ];
      const reported = new Set<string>();
      for (const svc of servicesFor(ctx, dr)) {
        const svcNs = namespaceOf(svc);
        for (const v of variants) {
          if (!v.policy && v.fallback) continue; // a subset without its own policy is covered by the top level
          if (
            !svc.spec?.selector ||
            Object.keys(svc.spec.selector).length === 0
          )
            continue;
          // Looked up only once a port has client TLS to check: most rules set none.
          let workloads: ReturnType<AnalysisContext['workloads']> | undefined;
          for (const p of svc.spec?.ports ?? []) {
            const client =
              clientTls(v.policy, v.base, p.port) ??
              (v.fallback
                ? clientTls(v.fallback, 'spec.trafficPolicy', p.port)
                : undefined);
            if (!client?.tls.mode) continue;
            workloads ??= ctx.workloads(svcNs, {
              ...svc.spec.selector,
              ...v.labels,
            });
            const targetPort =
              typeof p.targetPort === 'number' ? p.targetPort : p.port;
            // Pods of one version share labels and so share the answer: decide once per label set.
            const seenLabels = new Set<string>();
            for (const w of workloads) {
              const labelKey = labelsKey(w.labels);
              if (seenLabels.has(labelKey)) continue;
              seenLabels.add(labelKey);
              const server = sharedMtlsDecision(
                ctx.index,
                w.namespace,
                w.labels,
                targetPort,
              );
              const istioMtls = client.tls.mode === 'ISTIO_MUTUAL';
              const conflict =
                (istioMtls && server.mode === 'DISABLE') ||
                (!istioMtls && server.mode === 'STRICT');
              const key = `${client.path}|${server.policy?.namespace}/${server.policy?.name}|${p.port}`;
              if (!conflict || reported.has(key)) continue;
              reported.add(key);
              const by = server.policy
                ? `PeerAuthentication ${server.policy.namespace}/${server.policy.name} (${server.level} level)`
                : 'the default';
              ctx.report(
                'IST0113',
                dr,
                client.path,
                `DestinationRule sends ${client.tls.mode} to ${svc.metadata.name}.${svcNs} port ${p.port}, but ${by} sets mTLS ${server.mode} for ${w.object.kind} ${w.object.metadata.name}${server.level === 'port' ? ` on port ${targetPort}` : ''}: requests will fail.`,
              );
            }
          }
        }
      }
    }
  },
};
