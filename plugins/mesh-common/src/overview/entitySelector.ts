import { parseLabelSelector, SelectorTerm } from '../kube/labelSelector';

/** Annotations Meshport reads. The first three are the Kubernetes plugin's, so entities need nothing new. */
export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
export const ANNOTATION_KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';
export const ANNOTATION_MESH = 'meshport.io/mesh';
export const ANNOTATION_MESH_SERVICES = 'meshport.io/services';

export interface EntityMeshSelector {
  /** The selector string as written (or derived from the kubernetes-id). */
  labelSelector: string;
  terms: SelectorTerm[];
  namespace?: string;
  /** Service names to include even when their selector does not overlap the workloads. */
  serviceNames: string[];
  mesh?: string;
}

export type EntitySelectorResult =
  | { ok: true; selector: EntityMeshSelector }
  | {
      ok: false;
      problem: 'missing-annotation' | 'invalid-annotation';
      message: string;
    };

interface EntityLike {
  metadata: { annotations?: Record<string, string> };
}

/**
 * Resolves which Kubernetes objects belong to a catalog entity, the way Backstage's
 * Kubernetes plugin does: the label-selector annotation wins, otherwise
 * `backstage.io/kubernetes-id=<id>` is the selector.
 */
export function entityMeshSelector(entity: EntityLike): EntitySelectorResult {
  const a = entity.metadata.annotations ?? {};
  const explicit = a[ANNOTATION_KUBERNETES_LABEL_SELECTOR]?.trim();
  const id = a[ANNOTATION_KUBERNETES_ID]?.trim();
  if (!explicit && !id) {
    return {
      ok: false,
      problem: 'missing-annotation',
      message: `Add the annotation ${ANNOTATION_KUBERNETES_ID} (pods labelled ${ANNOTATION_KUBERNETES_ID}=<id>) or ${ANNOTATION_KUBERNETES_LABEL_SELECTOR} (for example app=reviews) to this entity's catalog-info.yaml.`,
    };
  }
  const labelSelector = explicit || `${ANNOTATION_KUBERNETES_ID}=${id}`;
  let terms: SelectorTerm[];
  try {
    terms = parseLabelSelector(labelSelector);
  } catch (e) {
    return {
      ok: false,
      problem: 'invalid-annotation',
      message: `Annotation ${explicit ? ANNOTATION_KUBERNETES_LABEL_SELECTOR : ANNOTATION_KUBERNETES_ID}: ${(e as Error).message}`,
    };
  }
  if (terms.length === 0) {
    return {
      ok: false,
      problem: 'invalid-annotation',
      message: `Annotation ${ANNOTATION_KUBERNETES_LABEL_SELECTOR} is empty: it would select every pod.`,
    };
  }
  const serviceNames = (a[ANNOTATION_MESH_SERVICES] ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  return {
    ok: true,
    selector: {
      labelSelector,
      terms,
      namespace: a[ANNOTATION_KUBERNETES_NAMESPACE]?.trim() || undefined,
      serviceNames,
      mesh: a[ANNOTATION_MESH]?.trim() || undefined,
    },
  };
}
