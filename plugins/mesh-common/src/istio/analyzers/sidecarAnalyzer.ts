import { namespaceOf } from '../model/common';
import { Sidecar } from '../model/networking';
import { Analyzer } from './analyzer';

/**
 * Sidecar resources: a namespace may have one without a selector, a pod may be selected by one;
 * Istio picks arbitrarily otherwise. Egress hosts must name namespaces that exist.
 */
export const sidecarAnalyzer: Analyzer = {
  name: 'sidecar',
  codes: ['IST0110', 'IST0111', 'IST0127', 'IST0101'],
  run(ctx) {
    const byNs = new Map<string, Sidecar[]>();
    for (const sc of ctx.index.all<Sidecar>('Sidecar'))
      byNs.set(namespaceOf(sc), [...(byNs.get(namespaceOf(sc)) ?? []), sc]);
    for (const [ns, sidecars] of byNs) {
      const unselected = sidecars.filter(
        s => Object.keys(s.spec?.workloadSelector?.labels ?? {}).length === 0,
      );
      if (unselected.length > 1) {
        const names = unselected.map(s => s.metadata.name).sort();
        for (const s of unselected)
          ctx.report(
            'IST0111',
            s,
            'spec',
            `The Sidecars ${names.join(', ')} in namespace ${ns} have no workload selector; Istio uses one of them arbitrarily.`,
          );
      }
      const claims = new Map<string, { name: string; sidecars: Sidecar[] }>();
      for (const s of sidecars) {
        const labels = s.spec?.workloadSelector?.labels;
        if (!labels || Object.keys(labels).length === 0) continue;
        const selected = ctx.workloads(ns, labels);
        if (selected.length === 0 && ctx.knowsWorkloads()) {
          ctx.report(
            'IST0127',
            s,
            'spec.workloadSelector.labels',
            `No matching workloads for this Sidecar with labels ${Object.entries(
              labels,
            )
              .map(([k, v]) => `${k}=${v}`)
              .join(',')}`,
          );
        }
        for (const w of selected) {
          const key = `${w.object.kind}/${w.object.metadata.name}`;
          const c = claims.get(key) ?? { name: key, sidecars: [] };
          c.sidecars.push(s);
          claims.set(key, c);
        }
      }
      const reported = new Set<Sidecar>();
      for (const c of claims.values()) {
        if (c.sidecars.length < 2) continue;
        for (const s of c.sidecars) {
          if (reported.has(s)) continue;
          reported.add(s);
          ctx.report(
            'IST0110',
            s,
            'spec.workloadSelector',
            `The Sidecars ${c.sidecars
              .map(x => x.metadata.name)
              .sort()
              .join(', ')} in namespace ${ns} all select ${c.name}.`,
          );
        }
      }
      if (!ctx.has('Namespace')) continue;
      for (const s of sidecars) {
        s.spec?.egress?.forEach((l, i) =>
          l.hosts?.forEach((h, j) => {
            const hostNs = h.split('/')[0];
            if (
              h.includes('/') &&
              !['*', '.', '~'].includes(hostNs) &&
              !ctx.namespaceExists(hostNs)
            ) {
              ctx.report(
                'IST0101',
                s,
                `spec.egress[${i}].hosts[${j}]`,
                `Referenced namespace not found: "${hostNs}"`,
              );
            }
          }),
        );
      }
    }
  },
};
