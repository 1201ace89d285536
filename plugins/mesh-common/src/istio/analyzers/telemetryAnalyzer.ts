import { KubeObject } from '../../kube/types';
import { namespaceOf } from '../model/common';
import { Analyzer } from './analyzer';

type Telemetry = KubeObject<{
  selector?: { matchLabels?: Record<string, string> };
  targetRef?: unknown;
  targetRefs?: unknown[];
}>;

/**
 * Telemetry resources, like Sidecars: one selector-less Telemetry per namespace, and no pod
 * selected by two; Istio picks one arbitrarily otherwise. (targetRef-attached ones are skipped.)
 */
export const telemetryAnalyzer: Analyzer = {
  name: 'telemetry',
  codes: ['IST0159', 'IST0160'],
  run(ctx) {
    const byNs = new Map<string, Telemetry[]>();
    for (const t of ctx.index.all<Telemetry>('Telemetry')) {
      if (t.spec?.targetRef || t.spec?.targetRefs?.length) continue;
      byNs.set(namespaceOf(t), [...(byNs.get(namespaceOf(t)) ?? []), t]);
    }
    for (const [ns, list] of byNs) {
      const unselected = list.filter(
        t => Object.keys(t.spec?.selector?.matchLabels ?? {}).length === 0,
      );
      if (unselected.length > 1) {
        const names = unselected
          .map(t => t.metadata.name)
          .sort()
          .join(', ');
        for (const t of unselected)
          ctx.report(
            'IST0160',
            t,
            'spec',
            `The Telemetries ${names} in namespace ${ns} have no workload selector; Istio uses one of them arbitrarily.`,
          );
      }
      const claims = new Map<string, Telemetry[]>();
      for (const t of list) {
        const labels = t.spec?.selector?.matchLabels;
        if (!labels || Object.keys(labels).length === 0) continue;
        for (const w of ctx.workloads(ns, labels)) {
          const key = `${w.object.kind}/${w.object.metadata.name}`;
          claims.set(key, [...(claims.get(key) ?? []), t]);
        }
      }
      const reported = new Set<Telemetry>();
      for (const [workload, ts] of claims) {
        if (ts.length < 2) continue;
        for (const t of ts) {
          if (reported.has(t)) continue;
          reported.add(t);
          ctx.report(
            'IST0159',
            t,
            'spec.selector',
            `The Telemetries ${ts
              .map(x => x.metadata.name)
              .sort()
              .join(', ')} in namespace ${ns} all select ${workload}.`,
          );
        }
      }
    }
  },
};
