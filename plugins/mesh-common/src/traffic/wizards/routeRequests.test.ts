import { reviewsJasonV2V3 } from '../../istio/model/__fixtures__/bookinfo';
import { VirtualService } from '../../istio/model/networking';
import { routeRequests } from './routeRequests';
import { shiftTraffic } from './shiftTraffic';
import {
  applyTo,
  bookinfo,
  reviewsState,
  traceReviews,
  validManifests,
} from './wizardTestKit';

describe('routeRequests', () => {
  it('routes only requests with the header to the version', () => {
    const index = bookinfo();
    const result = routeRequests(
      {
        matches: [
          { field: 'header', name: 'End-User', kind: 'exact', value: 'jason' },
        ],
        version: 'v2',
      },
      reviewsState(index),
    );
    const [vs] = validManifests(result) as VirtualService[];
    expect(vs.spec!.http![0]).toMatchObject({
      name: 'to-v2',
      match: [{ headers: { 'end-user': { exact: 'jason' } } }],
      route: [{ destination: { subset: 'v2' } }],
    });
    const after = applyTo(index, result);
    const jason = traceReviews(after, { headers: { 'end-user': 'jason' } });
    expect(jason.ruleName).toBe('to-v2');
    expect(jason.destinations.map(d => d.subset)).toEqual(['v2']);
    const bob = traceReviews(after, { headers: { 'end-user': 'bob' } });
    expect(bob.ruleIndex).toBe(1);
    expect(bob.destinations.map(d => [d.subset, d.weight])).toEqual([
      [null, 100],
    ]);
  });

  it('inserts before the default rule, after the rules already there', () => {
    let index = bookinfo([reviewsJasonV2V3()]);
    const result = routeRequests(
      {
        matches: [
          { field: 'uri', kind: 'prefix', value: '/reviews/beta' },
          { field: 'method', kind: 'exact', value: 'get' },
          { field: 'queryParam', name: 'canary', kind: 'exact', value: 'yes' },
        ],
        version: 'v1',
        name: 'beta',
      },
      reviewsState(index),
    );
    const [vs] = validManifests(result) as VirtualService[];
    expect(
      vs.spec!.http!.map(r => r.name ?? (r.match ? 'jason' : 'default')),
    ).toEqual(['jason', 'beta', 'default']);
    index = applyTo(index, result);
    expect(
      traceReviews(index, { path: '/reviews/beta/1?canary=yes' }).ruleName,
    ).toBe('beta');
    expect(
      traceReviews(index, {
        path: '/reviews/beta/1?canary=yes',
        method: 'POST',
      }).destinations[0].subset,
    ).toBe('v3');
    expect(
      traceReviews(index, { path: '/reviews/beta/1' }).destinations[0].subset,
    ).toBe('v3');
    expect(
      traceReviews(index, {
        path: '/reviews/beta/1?canary=yes',
        headers: { 'end-user': 'jason' },
      }).destinations[0].subset,
    ).toBe('v2');
  });

  it('keeps a weighted default rule made by traffic shifting', () => {
    let index = bookinfo();
    index = applyTo(
      index,
      shiftTraffic({ weights: { v1: 50, v3: 50 } }, reviewsState(index)),
    );
    index = applyTo(
      index,
      routeRequests(
        {
          matches: [
            {
              field: 'header',
              name: 'x-test',
              kind: 'regex',
              value: '^(a|b)$',
            },
          ],
          version: 'v2',
        },
        reviewsState(index),
      ),
    );
    expect(
      traceReviews(index, { headers: { 'x-test': 'a' } }).destinations.map(
        d => d.subset,
      ),
    ).toEqual(['v2']);
    expect(
      traceReviews(index, { headers: { 'x-test': 'c' } }).destinations.map(
        d => [d.subset, d.weight],
      ),
    ).toEqual([
      ['v1', 50],
      ['v3', 50],
    ]);
  });

  it('puts each problem on its field', () => {
    const result = routeRequests(
      {
        matches: [
          { field: 'header', name: '', kind: 'exact', value: 'x' },
          { field: 'uri', kind: 'regex', value: '(unclosed' },
          { field: 'queryParam', name: 'q', kind: 'prefix', value: 'a' },
        ],
        version: 'v9',
      },
      reviewsState(bookinfo()),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map(e => e.field)).toEqual([
      'matches[0].name',
      'matches[1].value',
      'matches[2].kind',
      'version',
    ]);
    expect(!result.ok && result.errors[1].message).toMatch(/does not compile/);
  });

  it('rejects a regex RE2 cannot compile and an empty condition list', () => {
    const lookahead = routeRequests(
      {
        matches: [
          { field: 'header', name: 'x', kind: 'regex', value: '(?=a)b' },
        ],
        version: 'v1',
      },
      reviewsState(bookinfo()),
    );
    expect(!lookahead.ok && lookahead.errors[0]).toMatchObject({
      field: 'matches[0].value',
      message: expect.stringMatching(/RE2/),
    });
    const none = routeRequests(
      { matches: [], version: 'v1' },
      reviewsState(bookinfo()),
    );
    expect(!none.ok && none.errors[0].field).toBe('matches');
  });
});
