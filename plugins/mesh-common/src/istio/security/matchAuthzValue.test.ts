import { matchAnyIp, matchAnyValue, matchAuthzValue } from './matchAuthzValue';

describe('matchAuthzValue', () => {
  it.each([
    ['/info', '/info', true],
    ['/info', '/info/x', false],
    ['/info*', '/info/x', true],
    ['/x/*', '/x/y', true],
    ['/x/*', '/y/x/', false],
    ['*.js', '/app/main.js', true],
    ['*.js', '/app/main.css', false],
    ['*', 'anything', true],
    ['*', '', false],
    ['GET', 'GET', true],
    ['GET', 'POST', false],
    ['/api/{*}/items', '/api/v1/items', true],
    ['/api/{*}/items', '/api/v1/v2/items', false],
    ['/api/{**}', '/api/v1/v2/items', true],
    ['/api/{**}', '/api/', false],
  ])('%s vs %s → %s', (pattern, value, want) => {
    expect(matchAuthzValue(pattern, value, { path: true })).toBe(want);
  });

  it('never matches an absent value, even with *', () => {
    expect(matchAuthzValue('*', undefined)).toBe(false);
  });

  it('ignores case when asked (hosts)', () => {
    expect(
      matchAuthzValue('WWW.Example.com', 'www.example.COM', {
        ignoreCase: true,
      }),
    ).toBe(true);
    expect(matchAuthzValue('WWW.Example.com', 'www.example.COM')).toBe(false);
    expect(
      matchAuthzValue('*.example.com', 'API.EXAMPLE.COM', { ignoreCase: true }),
    ).toBe(true);
  });

  it('ORs lists', () => {
    expect(matchAnyValue(['a', 'b*'], 'bc')).toBe(true);
    expect(matchAnyValue(['a', 'b*'], 'cb')).toBe(false);
    expect(matchAnyValue([], 'x')).toBe(false);
    expect(matchAnyIp(['10.0.0.0/8', '1.2.3.4'], '1.2.3.4')).toBe(true);
    expect(matchAnyIp(['10.0.0.0/8'], '11.0.0.1')).toBe(false);
    expect(matchAnyIp(['10.0.0.0/8'], undefined)).toBe(false);
  });
});
