import { parseFieldPath } from './fieldPath';

describe('parseFieldPath', () => {
  it('splits keys, indexes and quoted keys', () => {
    expect(parseFieldPath('spec.http[0].route[1].weight')).toEqual([
      'spec',
      'http',
      0,
      'route',
      1,
      'weight',
    ]);
    expect(parseFieldPath('metadata.labels["app.kubernetes.io/name"]')).toEqual(
      ['metadata', 'labels', 'app.kubernetes.io/name'],
    );
    expect(parseFieldPath('spec.x-forwarded')).toEqual(['spec', 'x-forwarded']);
  });

  it('gives nothing for the whole resource', () => {
    expect(parseFieldPath('')).toEqual([]);
  });
});
