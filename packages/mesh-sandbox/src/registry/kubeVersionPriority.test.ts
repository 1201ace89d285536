import { sortByKubeVersionPriority } from './kubeVersionPriority';

describe('sortByKubeVersionPriority', () => {
  it('orders GA, then beta, then alpha, newest first, then non-versions', () => {
    expect(
      sortByKubeVersionPriority([
        'v1alpha3',
        'foo',
        'v1beta1',
        'v2',
        'v1',
        'v1beta2',
        'v10alpha1',
        'bar',
      ]),
    ).toEqual([
      'v2',
      'v1',
      'v1beta2',
      'v1beta1',
      'v10alpha1',
      'v1alpha3',
      'bar',
      'foo',
    ]);
  });
});
