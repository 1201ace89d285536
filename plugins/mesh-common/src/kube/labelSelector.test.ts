import {
  labelSelectorToTerms,
  matchesSelectorTerms,
  parseLabelSelector,
  serviceSelects,
} from './labelSelector';

describe('parseLabelSelector', () => {
  it('parses equality, inequality, set and existence terms', () => {
    expect(
      parseLabelSelector(
        'app=reviews, version in (v1, v2),tier!=db,!canary,team',
      ),
    ).toEqual([
      { key: 'app', op: 'eq', values: ['reviews'] },
      { key: 'version', op: 'in', values: ['v1', 'v2'] },
      { key: 'tier', op: 'neq', values: ['db'] },
      { key: 'canary', op: 'notexists', values: [] },
      { key: 'team', op: 'exists', values: [] },
    ]);
    expect(parseLabelSelector('app==x')[0]).toEqual({
      key: 'app',
      op: 'eq',
      values: ['x'],
    });
    expect(parseLabelSelector('env notin (prod)')[0]).toEqual({
      key: 'env',
      op: 'notin',
      values: ['prod'],
    });
  });

  it('names the bad part of an invalid selector', () => {
    expect(() => parseLabelSelector('app=reviews,bad key=1')).toThrow(
      /bad key=1/,
    );
    expect(() => parseLabelSelector('-app=x')).toThrow(
      /Invalid label key "-app"/,
    );
  });

  it('accepts prefixed keys', () => {
    expect(
      parseLabelSelector('backstage.io/kubernetes-id=reviews')[0].key,
    ).toBe('backstage.io/kubernetes-id');
  });
});

describe('matchesSelectorTerms', () => {
  const labels = { app: 'reviews', version: 'v2' };
  it.each([
    ['app=reviews', true],
    ['app=ratings', false],
    ['version in (v1,v2)', true],
    ['version notin (v2)', false],
    ['tier!=db', true],
    ['!version', false],
    ['version', true],
    ['app=reviews,version=v3', false],
  ])('%s → %s', (selector, expected) => {
    expect(matchesSelectorTerms(labels, parseLabelSelector(selector))).toBe(
      expected,
    );
  });

  it('handles structured selectors', () => {
    const terms = labelSelectorToTerms({
      matchLabels: { app: 'reviews' },
      matchExpressions: [{ key: 'version', operator: 'In', values: ['v2'] }],
    });
    expect(matchesSelectorTerms(labels, terms)).toBe(true);
    expect(matchesSelectorTerms({ app: 'reviews', version: 'v1' }, terms)).toBe(
      false,
    );
  });
});

describe('serviceSelects', () => {
  it('requires every selector pair and never matches an empty selector', () => {
    expect(
      serviceSelects({ app: 'reviews' }, { app: 'reviews', version: 'v1' }),
    ).toBe(true);
    expect(
      serviceSelects(
        { app: 'reviews', version: 'v2' },
        { app: 'reviews', version: 'v1' },
      ),
    ).toBe(false);
    expect(serviceSelects({}, { app: 'reviews' })).toBe(false);
    expect(serviceSelects(undefined, { app: 'reviews' })).toBe(false);
  });
});
