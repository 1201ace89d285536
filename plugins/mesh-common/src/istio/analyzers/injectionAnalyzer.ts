import { Namespace, Pod, Workload } from '../../kube/types';
import { hasSidecar } from '../../overview/sidecar';
import { decideInjection } from '../injection/decideInjection';
import { InjectorSetup, injectorSetupOf } from '../injection/injectorSetup';
import { AnalysisContext } from './AnalysisContext';
import { Analyzer } from './analyzer';

const SYSTEM_NAMESPACES = new Set([
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'local-path-storage',
]);
const INJECT = 'sidecar.istio.io/inject';
const truthy = (v: string | undefined) =>
  v === undefined ? undefined : ['true', 'enabled', 'yes', 'y'].includes(v);

function checkNamespace(ctx: AnalysisContext, ns: Namespace): void {
  const labels = ns.metadata.labels ?? {};
  const name = ns.metadata.name;
  if (
    labels['istio-injection'] !== undefined &&
    labels['istio.io/rev'] !== undefined
  ) {
    ctx.report(
      'IST0123',
      ns,
      'metadata.labels',
      `Namespace has both istio-injection=${labels['istio-injection']} and istio.io/rev=${labels['istio.io/rev']}; istio-injection wins, which is rarely what a revision label intended. Keep one.`,
    );
  } else if (
    labels['istio-injection'] === undefined &&
    labels['istio.io/rev'] === undefined &&
    !SYSTEM_NAMESPACES.has(name) &&
    name !== ctx.index.rootNamespace
  ) {
    ctx.report(
      'IST0102',
      ns,
      'metadata.labels',
      `Namespace ${name} is not enabled for Istio injection: label it istio-injection=enabled, or istio-injection=disabled to say it needs none.`,
    );
  }
}

/** Injection inputs that contradict each other, on a pod or a controller's pod template. */
function checkConflicts(
  ctx: AnalysisContext,
  owner: Pod | Workload,
  labels: Record<string, string>,
  annotations: Record<string, string>,
  ns: Namespace | undefined,
  base: string,
): void {
  const label = truthy(labels[INJECT]);
  const annotation = truthy(annotations[INJECT]);
  if (label !== undefined && annotation !== undefined && label !== annotation) {
    ctx.report(
      'MSH0107',
      owner,
      `${base}.annotations["${INJECT}"]`,
      `Label ${INJECT}=${labels[INJECT]} and annotation ${INJECT}=${annotations[INJECT]} disagree; the label wins.`,
    );
  }
  if (
    (label === true || (label === undefined && annotation === true)) &&
    ns?.metadata.labels?.['istio-injection'] === 'disabled'
  ) {
    ctx.report(
      'MSH0107',
      owner,
      `${base}.labels["${INJECT}"]`,
      `The pod asks for a sidecar but namespace ${ns.metadata.name} has istio-injection=disabled, which always wins: it will not be injected.`,
    );
  }
}

/** Sidecar injection: namespaces, pods without (or with unexpected) sidecars, conflicting labels. */
export const injectionAnalyzer: Analyzer = {
  name: 'injection',
  codes: ['IST0102', 'IST0103', 'IST0123', 'MSH0107', 'MSH0111'],
  run(ctx) {
    const { index } = ctx;
    for (const ns of index.all<Namespace>('Namespace')) checkNamespace(ctx, ns);
    // Each cluster has its own injectors (revisions, tags); pods are judged by their cluster's.
    const setups = new Map<string, InjectorSetup | undefined>();
    const setupOf = (cluster: string) => {
      if (!setups.has(cluster))
        setups.set(cluster, injectorSetupOf(index, cluster));
      return setups.get(cluster);
    };
    for (const pod of index.all<Pod>('Pod')) {
      const cluster = index.clusterOf(pod);
      const ns = index.namespace(pod.metadata.namespace ?? 'default', cluster);
      checkConflicts(
        ctx,
        pod,
        pod.metadata.labels ?? {},
        pod.metadata.annotations ?? {},
        ns,
        'metadata',
      );
      const d = decideInjection(pod, ns, setupOf(cluster));
      const injected = hasSidecar(pod);
      if (d.expected && !injected) {
        ctx.report(
          'IST0103',
          pod,
          'spec.containers',
          `The pod ${pod.metadata.name} is missing the Istio proxy although ${d.why}; restart the workload to inject it.`,
        );
      } else if (!d.expected && injected) {
        ctx.report(
          'MSH0111',
          pod,
          'spec.containers',
          `The pod runs an istio-proxy although ${d.why}; it loses the sidecar on its next restart.`,
        );
      }
    }
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet']) {
      for (const w of index.all<Workload>(kind)) {
        const t = w.spec?.template?.metadata;
        const ns = index.namespace(
          w.metadata.namespace ?? 'default',
          index.clusterOf(w),
        );
        checkConflicts(
          ctx,
          w,
          t?.labels ?? {},
          t?.annotations ?? {},
          ns,
          'spec.template.metadata',
        );
      }
    }
  },
};
