import { ratingsSecurity } from '../testing/securityFixtures';
import {
  filterMatrix,
  inboundMatrix,
  outboundMatrix,
  mtlsCallerFacts,
} from './securityAccessRows';

const cluster = () => ratingsSecurity().clusters[0];

describe('inboundMatrix', () => {
  it('merges each caller seen with its access row, and adds callers seen outside the rows', () => {
    const rows = inboundMatrix(cluster());
    expect(rows.map(r => [r.peer, r.allowed, r.seen, r.decidedBy])).toEqual([
      [
        'bookinfo/reviews-v2',
        true,
        'seen',
        'rule 0 of ALLOW bookinfo/ratings-allow',
      ],
      ['bookinfo/productpage-v1', false, 'seen-denied', undefined],
      ['bookinfo/details-v1', false, 'never-seen', undefined],
      ['unknown/unknown', undefined, 'plaintext', undefined],
    ]);
    expect(rows[1].observed?.deniedPerSecond).toBe(0.8);
    expect(rows[3].sidecar).toBe(false);
  });

  it('shows a caller the backend reports as allowed but unseen as never seen, not as seen at 0 req/s', () => {
    const c = cluster();
    c.observed!.callers.push({
      source: 'bookinfo/details-v1',
      destination: 'bookinfo/ratings-v1',
      port: 9080,
      requestsPerSecond: 0,
      deniedPerSecond: 0,
      reporter: 'destination',
      plaintextPerSecond: 0,
      allowedByPolicy: true,
      status: 'allowed-unseen',
    });
    const details = inboundMatrix(c).find(
      r => r.peer === 'bookinfo/details-v1',
    );
    expect(details?.seen).toBe('never-seen');
  });

  it('leaves the seen status out when the metrics are unavailable', () => {
    const c = cluster();
    c.observed!.metrics = { ...c.observed!.metrics, status: 'unavailable' };
    expect(inboundMatrix(c)[2].seen).toBeUndefined();
  });
});

describe('outboundMatrix', () => {
  it('puts the callee as the peer', () => {
    const c = cluster();
    c.access.outbound = [
      {
        ...c.access.inbound[0],
        source: 'bookinfo/ratings-v1',
        destination: 'bookinfo/mongodb-v1',
        port: 27017,
      },
    ];
    expect(outboundMatrix(c).map(r => [r.peer, r.workload, r.port])).toEqual([
      ['bookinfo/mongodb-v1', 'bookinfo/ratings-v1', 27017],
    ]);
  });
});

describe('filterMatrix', () => {
  it('matches any text of the row, case-insensitively', () => {
    const rows = inboundMatrix(cluster());
    expect(filterMatrix(rows, 'DENIED').map(r => r.peer)).toEqual([
      'bookinfo/productpage-v1',
      'bookinfo/details-v1',
    ]);
    expect(filterMatrix(rows, 'reviews').map(r => r.peer)).toEqual([
      'bookinfo/reviews-v2',
    ]);
    expect(filterMatrix(rows, '  ')).toHaveLength(4);
  });
});

describe('mtlsCallerFacts', () => {
  it('lists plaintext callers seen and allowed callers without sidecars', () => {
    const c = cluster();
    c.access.inbound[0] = { ...c.access.inbound[0], sourceSidecar: false };
    expect(mtlsCallerFacts(c, [])).toEqual({
      plaintextCallers: [{ source: 'unknown/unknown', requestsPerSecond: 0.2 }],
      callersWithoutSidecar: ['bookinfo/reviews-v2'],
    });
    expect(mtlsCallerFacts(c, ['bookinfo/other-v1'])).toEqual({
      plaintextCallers: [],
      callersWithoutSidecar: [],
    });
  });
});
