import { hostMatches, resolveHost } from './hostNames';

describe('resolveHost', () => {
  it.each([
    ['reviews', 'bookinfo', 'reviews.bookinfo.svc.cluster.local'],
    ['reviews.other', 'bookinfo', 'reviews.other.svc.cluster.local'],
    ['reviews.other.svc', 'bookinfo', 'reviews.other.svc.cluster.local'],
    [
      'reviews.bookinfo.svc.cluster.local',
      'x',
      'reviews.bookinfo.svc.cluster.local',
    ],
    ['www.example.com', 'x', 'www.example.com'],
    ['*.bookinfo.svc.cluster.local', 'x', '*.bookinfo.svc.cluster.local'],
    ['*', 'x', '*'],
  ])('%s in %s → %s', (host, ns, expected) => {
    expect(resolveHost(host, ns)).toBe(expected);
  });
});

describe('hostMatches', () => {
  it('matches exact names and wildcard suffixes only', () => {
    expect(hostMatches('*', 'a.b.svc.cluster.local')).toBe(true);
    expect(hostMatches('*.b.svc.cluster.local', 'a.b.svc.cluster.local')).toBe(
      true,
    );
    expect(hostMatches('*.c.svc.cluster.local', 'a.b.svc.cluster.local')).toBe(
      false,
    );
    expect(hostMatches('a.b.svc.cluster.local', 'a.b.svc.cluster.local')).toBe(
      true,
    );
    expect(hostMatches('x.b.svc.cluster.local', 'a.b.svc.cluster.local')).toBe(
      false,
    );
  });
});
