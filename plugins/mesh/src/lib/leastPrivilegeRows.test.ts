import { ratingsSecurity } from '../testing/securityFixtures';
import { deniedByLeastPrivilege, observedCalls } from './leastPrivilegeRows';

describe('observedCalls', () => {
  it('names each caller seen by its service account, and keeps callers outside the mesh for the notes', () => {
    expect(observedCalls(ratingsSecurity().clusters[0], 'bookinfo')).toEqual([
      {
        source: 'bookinfo/reviews-v2',
        port: 9080,
        serviceAccount: 'bookinfo/bookinfo-reviews',
      },
      {
        source: 'bookinfo/productpage-v1',
        port: 9080,
        serviceAccount: 'bookinfo/bookinfo-productpage',
      },
      { source: 'unknown/unknown' },
    ]);
    expect(observedCalls(ratingsSecurity().clusters[0], 'other')).toEqual([]);
  });
});

describe('deniedByLeastPrivilege', () => {
  it('lists the rows allowed today whose caller was not seen on that port', () => {
    const security = ratingsSecurity().clusters[0];
    security.access.inbound = security.access.inbound.map(r => ({
      ...r,
      allowed: true,
    }));
    const calls = observedCalls(security, 'bookinfo');
    expect(deniedByLeastPrivilege(security, calls).map(r => r.source)).toEqual([
      'bookinfo/details-v1',
    ]);
    expect(
      deniedByLeastPrivilege(security, [
        { source: 'bookinfo/details-v1', port: 80 },
      ]).map(r => r.source),
    ).toEqual([
      'bookinfo/reviews-v2',
      'bookinfo/productpage-v1',
      'bookinfo/details-v1',
    ]);
  });
});
