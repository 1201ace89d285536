import { describeStringMatch, matchString } from './stringMatch';

describe('matchString', () => {
  it.each([
    [{ exact: '/a' }, '/a', false, true],
    [{ exact: '/a' }, '/a/', false, false],
    [{ exact: '/A' }, '/a', false, false],
    [{ exact: '/A' }, '/a', true, true],
    [{ prefix: '/api' }, '/api/v1', false, true],
    [{ prefix: '/api' }, '/ap', false, false],
    [{ prefix: '/API' }, '/api/v1', true, true],
    [{ prefix: '/API' }, '/api/v1', false, false],
    [{ regex: '/v[0-9]+' }, '/v12', false, true],
    // Full match, not search.
    [{ regex: '/v[0-9]+' }, '/v12/x', false, false],
    [{ regex: 'a|b' }, 'b', false, true],
    [{ regex: 'a|b' }, 'ab', false, false],
    [{ regex: '([' }, '([', false, false],
    [{}, 'anything', false, true],
    [{}, '', false, true],
  ])('%j vs %s (ignoreCase %s) → %s', (m, value, ignoreCase, want) => {
    expect(matchString(m, value, ignoreCase)).toBe(want);
  });

  it('never matches an absent value', () => {
    expect(matchString({}, undefined)).toBe(false);
    expect(matchString({ prefix: '' }, undefined)).toBe(false);
  });

  it('describes each kind', () => {
    expect(describeStringMatch({ exact: 'x' })).toBe('exact "x"');
    expect(describeStringMatch({ prefix: 'x' })).toBe('prefix "x"');
    expect(describeStringMatch({ regex: 'x' })).toBe('regex "x"');
    expect(describeStringMatch({})).toBe('present');
  });
});
