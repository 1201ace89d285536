import { httpMatchCovers } from './matchCovers';
import { obj, runAnalyzer, summary } from './testFixtures';
import { virtualServiceReachability } from './virtualServiceReachability';

const to = (subset: string) => [{ destination: { host: 'reviews', subset } }];

describe('virtualServiceReachability', () => {
  it('reports rules after a catch-all and rules covered by earlier prefixes', () => {
    const vs = obj('VirtualService', 'r', 'prod', {
      hosts: ['reviews'],
      http: [
        { match: [{ uri: { prefix: '/api' } }], route: to('v1') },
        {
          match: [{ uri: { exact: '/api/v2' } }, { uri: { prefix: '/web' } }],
          route: to('v2'),
        },
        {
          match: [
            {
              uri: { prefix: '/api/v3' },
              headers: { 'x-user': { exact: 'jason' } },
            },
          ],
          route: to('v3'),
        },
        { route: to('v1') },
        { match: [{ uri: { prefix: '/late' } }], route: to('v2') },
      ],
    });
    expect(summary(runAnalyzer(virtualServiceReachability, [vs]))).toEqual([
      'IST0131 VirtualService/r spec.http[1].match[0]',
      'IST0130 VirtualService/r spec.http[2]',
      'IST0130 VirtualService/r spec.http[4]',
    ]);
  });

  it('is quiet for rules ordered most specific first', () => {
    const vs = obj('VirtualService', 'r', 'prod', {
      hosts: ['reviews'],
      http: [
        {
          match: [{ headers: { 'end-user': { exact: 'jason' } } }],
          route: to('v2'),
        },
        { match: [{ uri: { prefix: '/api/v2' } }], route: to('v2') },
        { match: [{ uri: { prefix: '/api' } }], route: to('v1') },
        { route: to('v1') },
      ],
    });
    expect(runAnalyzer(virtualServiceReachability, [vs])).toEqual([]);
  });

  it('compares matches conservatively', () => {
    expect(
      httpMatchCovers({ uri: { prefix: '/' } }, { uri: { regex: '/a.*' } }),
    ).toBe(true);
    expect(
      httpMatchCovers({ uri: { prefix: '/a' } }, { uri: { regex: '/a.*' } }),
    ).toBe(false);
    expect(
      httpMatchCovers(
        { headers: { a: { exact: '1' } } },
        { headers: { a: { exact: '1' }, b: { exact: '2' } } },
      ),
    ).toBe(true);
    expect(
      httpMatchCovers(
        { headers: { a: { exact: '1' } } },
        { uri: { exact: '/' } },
      ),
    ).toBe(false);
  });
});
