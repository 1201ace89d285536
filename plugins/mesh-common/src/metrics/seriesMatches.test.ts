import { seriesMatches } from './seriesMatches';

describe('seriesMatches', () => {
  const labels = { reporter: 'source', code: '503', ns: 'bookinfo' };

  it('applies the four operators, regexes fully anchored, a missing label as ""', () => {
    expect(
      seriesMatches(labels, {
        matchers: [{ label: 'code', op: '=~', value: '5..' }],
      }),
    ).toBe(true);
    expect(
      seriesMatches(labels, {
        matchers: [{ label: 'code', op: '=~', value: '5' }],
      }),
    ).toBe(false);
    expect(
      seriesMatches(labels, {
        matchers: [{ label: 'code', op: '!~', value: '2..|3..' }],
      }),
    ).toBe(true);
    expect(
      seriesMatches(labels, {
        matchers: [{ label: 'reporter', op: '!=', value: 'source' }],
      }),
    ).toBe(false);
    expect(
      seriesMatches(labels, {
        matchers: [{ label: 'missing', op: '=', value: '' }],
      }),
    ).toBe(true);
    expect(
      seriesMatches(labels, {
        matchers: [{ label: 'missing', op: '=~', value: '.+' }],
      }),
    ).toBe(false);
  });

  it('needs every matcher and one of the anyOf alternatives', () => {
    const anyOf = [
      [{ label: 'ns', op: '=' as const, value: 'other' }],
      [
        { label: 'ns', op: '=' as const, value: 'bookinfo' },
        { label: 'code', op: '=' as const, value: '503' },
      ],
    ];
    expect(seriesMatches(labels, { anyOf })).toBe(true);
    expect(seriesMatches({ ...labels, code: '200' }, { anyOf })).toBe(false);
    expect(
      seriesMatches(labels, {
        matchers: [{ label: 'reporter', op: '=', value: 'destination' }],
        anyOf,
      }),
    ).toBe(false);
  });
});
