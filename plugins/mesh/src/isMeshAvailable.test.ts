import { Entity } from '@backstage/catalog-model';
import { isMeshAvailable } from './isMeshAvailable';

const entity = (annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'reviews', annotations },
});

describe('isMeshAvailable', () => {
  it('is true with either Kubernetes annotation', () => {
    expect(
      isMeshAvailable(entity({ 'backstage.io/kubernetes-id': 'reviews' })),
    ).toBe(true);
    expect(
      isMeshAvailable(
        entity({ 'backstage.io/kubernetes-label-selector': 'app=reviews' }),
      ),
    ).toBe(true);
  });

  it('is false without them, or with blank values', () => {
    expect(isMeshAvailable(entity())).toBe(false);
    expect(
      isMeshAvailable(
        entity({ 'backstage.io/kubernetes-namespace': 'bookinfo' }),
      ),
    ).toBe(false);
    expect(
      isMeshAvailable(entity({ 'backstage.io/kubernetes-id': '  ' })),
    ).toBe(false);
  });
});
