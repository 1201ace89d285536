import { KubeObject, Workload } from '../../kube/types';
import { objectsToValidate } from './objectsOfInterest';
import { AnalysisContext } from './AnalysisContext';
import { Analyzer } from './analyzer';
import { ISTIO_DOMAINS, KNOWN_ANNOTATIONS } from './knownAnnotations';

const TEMPLATE_OWNERS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
]);

function check(
  ctx: AnalysisContext,
  owner: KubeObject,
  readAs: string,
  annotations: Record<string, string> | undefined,
  base: string,
): void {
  for (const key of Object.keys(annotations ?? {})) {
    const path = `${base}.annotations["${key}"]`;
    const known = KNOWN_ANNOTATIONS[key];
    if (!known) {
      const domain = key.split('/')[0];
      if (key.includes('/') && ISTIO_DOMAINS.includes(domain))
        ctx.report('IST0108', owner, path, `Unknown annotation: ${key}`);
      continue;
    }
    if (!known.kinds.includes('*') && !known.kinds.includes(readAs)) {
      const where =
        readAs === 'Pod' || !TEMPLATE_OWNERS.has(owner.kind)
          ? known.kinds.join(', ')
          : `${known.kinds.join(', ')} (put it under spec.template.metadata.annotations)`;
      ctx.report(
        'IST0107',
        owner,
        path,
        `Misplaced annotation: ${key} can only be applied to ${where}`,
      );
      continue;
    }
    if (known.deprecated)
      ctx.report(
        'IST0135',
        owner,
        path,
        `Annotation ${key} is deprecated: ${known.deprecated}.`,
      );
  }
}

/** Istio annotations: unknown keys in Istio's domains, keys on kinds that ignore them, deprecated keys. */
export const annotationAnalyzer: Analyzer = {
  name: 'annotations',
  codes: ['IST0107', 'IST0108', 'IST0135'],
  run(ctx) {
    for (const o of objectsToValidate(ctx.index)) {
      check(ctx, o, o.kind, o.metadata.annotations, 'metadata');
      if (TEMPLATE_OWNERS.has(o.kind))
        check(
          ctx,
          o,
          'Pod',
          (o as Workload).spec?.template?.metadata?.annotations,
          'spec.template.metadata',
        );
    }
  },
};
