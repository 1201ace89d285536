import { accessMatrix } from '../../istio/security/accessMatrix';
import { allowOnly } from './allowCallers';
import {
  leastPrivilegeFromObserved,
  wouldBeAllowed,
  wouldBeDenied,
} from './leastPrivilege';
import {
  applyTo,
  bookinfoMesh,
  bookinfoState,
  call,
  validManifests,
} from './securityWizardTestKit';

const ratings = { namespace: 'bookinfo', selector: { app: 'ratings' } };
const REVIEWS = 'cluster.local/ns/bookinfo/sa/bookinfo-reviews';

describe('leastPrivilegeFromObserved', () => {
  it('admits exactly the callers, ports and methods observed', () => {
    const index = bookinfoMesh();
    const result = leastPrivilegeFromObserved(
      {
        ...ratings,
        observed: [
          { principal: `spiffe://${REVIEWS}`, port: 9080, method: 'GET' },
          { principal: REVIEWS, port: 9090, method: 'POST' },
          {
            serviceAccount: 'bookinfo/bookinfo-details',
            port: 9080,
            method: 'GET',
          },
          { source: 'legacy/sleep', port: 9080, method: 'GET' },
        ],
      },
      bookinfoState(index),
    );
    const [policy] = validManifests(result);
    expect(policy.metadata.name).toBe('ratings-least-privilege');
    expect((policy.spec as { rules: unknown[] }).rules).toEqual([
      {
        from: [
          {
            source: {
              principals: ['cluster.local/ns/bookinfo/sa/bookinfo-details'],
            },
          },
        ],
        to: [{ operation: { ports: ['9080'], methods: ['GET'] } }],
      },
      {
        from: [{ source: { principals: [REVIEWS] } }],
        to: [
          { operation: { ports: ['9080'], methods: ['GET'] } },
          { operation: { ports: ['9090'], methods: ['POST'] } },
        ],
      },
    ]);
    expect(result.ok && result.notes.join('\n')).toMatch(
      /legacy\/sleep has no mesh identity/,
    );
    applyTo(index, result);
    expect(call(index, 'reviews-v1-0', 'ratings-v1-0').allowed).toBe(true);
    expect(
      call(index, 'reviews-v1-0', 'ratings-v1-0', {
        port: 9090,
        method: 'POST',
      }).allowed,
    ).toBe(true);
    // A method seen on one port is not admitted on another.
    expect(
      call(index, 'reviews-v1-0', 'ratings-v1-0', { port: 9090 }).allowed,
    ).toBe(false);
    expect(call(index, 'details-v1-0', 'ratings-v1-0').allowed).toBe(true);
    expect(
      call(index, 'details-v1-0', 'ratings-v1-0', { method: 'POST' }).allowed,
    ).toBe(false);
    expect(call(index, 'productpage-v1-0', 'ratings-v1-0').allowed).toBe(false);
  });

  it('shares a rule between callers that did the same, and admits all of a caller whose calls were not broken down', () => {
    const index = bookinfoMesh();
    const result = leastPrivilegeFromObserved(
      {
        ...ratings,
        observed: [
          { serviceAccount: 'bookinfo/bookinfo-reviews', port: 9080 },
          {
            serviceAccount: 'bookinfo/bookinfo-details',
            port: 9080,
            method: 'GET',
          },
          { serviceAccount: 'bookinfo/bookinfo-details', port: 9080 },
          { serviceAccount: 'bookinfo/bookinfo-productpage' },
        ],
      },
      bookinfoState(index),
    );
    expect(
      (validManifests(result)[0].spec as { rules: unknown[] }).rules,
    ).toEqual([
      {
        from: [
          {
            source: {
              principals: [
                'cluster.local/ns/bookinfo/sa/bookinfo-details',
                REVIEWS,
              ],
            },
          },
        ],
        to: [{ operation: { ports: ['9080'] } }],
      },
      {
        from: [
          {
            source: {
              principals: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'],
            },
          },
        ],
      },
    ]);
  });

  it('refuses a policy that would admit nothing, and puts problems on their fields', () => {
    const state = bookinfoState(bookinfoMesh());
    const none = leastPrivilegeFromObserved(
      { ...ratings, observed: [{ source: 'legacy/sleep', port: 9080 }] },
      state,
    );
    expect(!none.ok && none.errors.map(e => e.field)).toEqual(['observed']);
    const bad = leastPrivilegeFromObserved(
      {
        ...ratings,
        observed: [
          { principal: 'reviews' },
          { serviceAccount: 'x', port: -1, method: 'BREW' },
        ],
      },
      state,
    );
    expect(!bad.ok && bad.errors.map(e => e.field)).toEqual([
      'observed[0].principal',
      'observed[1].serviceAccount',
      'observed[1].port',
      'observed[1].method',
    ]);
  });
});

describe('wouldBeDenied', () => {
  it('lists what the access matrix allowed before a change and denies after it', () => {
    const workloads = [
      'productpage-v1-0',
      'reviews-v1-0',
      'reviews-v2-0',
      'ratings-v1-0',
    ].map(pod => ({ namespace: 'bookinfo', pod }));
    const index = bookinfoMesh();
    const before = accessMatrix(index, { workloads }).cells;
    applyTo(
      index,
      allowOnly(
        {
          ...ratings,
          callers: { serviceAccounts: ['bookinfo/bookinfo-reviews'] },
        },
        bookinfoState(index),
      ),
    );
    const after = accessMatrix(index, { workloads }).cells;
    const denied = wouldBeDenied(before, after);
    expect(
      denied.map(c => `${c.before.source} -> ${c.before.destination}`),
    ).toEqual([
      'bookinfo/productpage-v1-0 -> bookinfo/ratings-v1-0',
      'bookinfo/ratings-v1-0 -> bookinfo/ratings-v1-0',
    ]);
    expect(denied[0].after.reason).toMatch(/bookinfo\/ratings-allow-only/);
    expect(wouldBeAllowed(before, after)).toEqual([]);
    expect(wouldBeAllowed(after, before)).toHaveLength(2);
  });
});
