import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
} from '@meshport/plugin-mesh-common';

/**
 * The catalog-info.yaml lines an entity needs for the Mesh tab, filled in with its own name, so the
 * empty state can be copied as is. Pods must then carry the label `backstage.io/kubernetes-id=<name>`.
 */
export function annotationSnippet(entityName: string): string {
  return [
    'metadata:',
    '  annotations:',
    `    ${ANNOTATION_KUBERNETES_ID}: ${entityName}`,
    '    # or, to match pods by the labels they already have:',
    `    # ${ANNOTATION_KUBERNETES_LABEL_SELECTOR}: app=${entityName}`,
  ].join('\n');
}
