import { HostIndex } from './HostIndex';

describe('HostIndex', () => {
  const index = new HostIndex<string>();
  index.set('a', ['web.a.svc.cluster.local'], 'A');
  index.set('wild', ['*.a.svc.cluster.local'], 'WILD');
  index.set('star', ['*'], 'STAR');
  index.set('ext', ['api.example.com', '*.example.com'], 'EXT');

  const keys = (host: string) =>
    index
      .lookup(host)
      .map(h => `${h.key}:${h.matchedBy}`)
      .sort();

  it('finds exact and wildcard claims with the most specific claim', () => {
    expect(keys('web.a.svc.cluster.local')).toEqual([
      'a:web.a.svc.cluster.local',
      'star:*',
      'wild:*.a.svc.cluster.local',
    ]);
    expect(keys('api.example.com')).toEqual(['ext:api.example.com', 'star:*']);
    expect(keys('www.example.com')).toEqual(['ext:*.example.com', 'star:*']);
    expect(keys('example.com')).toEqual(['star:*']);
  });

  it('answers wildcard queries with the claims inside them', () => {
    expect(keys('*.a.svc.cluster.local')).toEqual([
      'a:web.a.svc.cluster.local',
      'star:*',
      'wild:*.a.svc.cluster.local',
    ]);
    expect(keys('*.b.svc.cluster.local')).toEqual(['star:*']);
  });

  it('replaces and deletes entries', () => {
    const i = new HostIndex<number>();
    i.set('k', ['x.com'], 1);
    i.set('k', ['y.com'], 2);
    expect(i.lookup('x.com')).toEqual([]);
    expect(i.lookup('y.com')).toEqual([
      { key: 'k', value: 2, matchedBy: 'y.com' },
    ]);
    i.delete('k');
    expect(i.lookup('y.com')).toEqual([]);
    i.delete('never-set');
  });
});
