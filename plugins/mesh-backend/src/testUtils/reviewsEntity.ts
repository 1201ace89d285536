import { Entity } from '@backstage/catalog-model';

/** A catalog Component for Bookinfo's reviews in the sandbox's `demo` mesh, as the route tests use it. */
export function component(
  name: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team', lifecycle: 'production' },
  };
}

export const reviewsEntity: Entity = component('reviews', {
  'backstage.io/kubernetes-label-selector': 'app=reviews',
  'backstage.io/kubernetes-namespace': 'bookinfo',
  'meshport.io/mesh': 'demo',
});
