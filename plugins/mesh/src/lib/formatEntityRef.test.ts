import { formatEntityRef } from './formatEntityRef';

describe('formatEntityRef', () => {
  it('writes the catalog ref form', () => {
    expect(
      formatEntityRef({
        kind: 'component',
        namespace: 'default',
        name: 'reviews',
      }),
    ).toBe('component:default/reviews');
  });
});
