import { Attachable, targetRefsOf } from '../istio/model/common';

/** One line of a resource in words, with the field it comes from. */
export interface DescribedLine {
  text: string;
  path: string;
}

/** A security resource in words: one sentence for the whole, then a line per field that matters. */
export interface PolicyDescription {
  summary: string;
  lines: DescribedLine[];
}

function labelsText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/**
 * Which workloads a security resource reaches, in words, from where it lives: targetRefs win over
 * a selector (Istio ignores the selector then); without either it covers its namespace, or the
 * whole mesh from the root namespace. `rootSelectorsMeshWide` is true for AuthorizationPolicy,
 * whose root-namespace selectors select in every namespace, and false for the authentication kinds.
 */
export function describeAttachment(
  spec: Attachable | undefined,
  namespace: string,
  rootNamespace: string,
  rootSelectorsMeshWide: boolean,
): DescribedLine {
  const refs = targetRefsOf(spec);
  if (refs.length > 0) {
    const path = spec?.targetRefs ? 'spec.targetRefs' : 'spec.targetRef';
    const names = refs.map(
      r => `${r.kind} ${r.namespace ?? namespace}/${r.name}`,
    );
    return { text: `applies to ${names.join(', ')} (targetRefs)`, path };
  }
  const selector = spec?.selector?.matchLabels;
  const inRoot = namespace === rootNamespace;
  if (selector && Object.keys(selector).length > 0) {
    const where =
      inRoot && rootSelectorsMeshWide
        ? 'in every namespace'
        : `in namespace ${namespace}`;
    return {
      text: `applies to workloads labelled ${labelsText(selector)} ${where}`,
      path: 'spec.selector.matchLabels',
    };
  }
  if (inRoot)
    return {
      text: `applies to every workload of the mesh (root namespace ${rootNamespace}, no selector)`,
      path: '',
    };
  return {
    text: `applies to every workload in namespace ${namespace}`,
    path: '',
  };
}
