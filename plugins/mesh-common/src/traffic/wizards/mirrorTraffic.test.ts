import { mirrorTraffic } from './mirrorTraffic';
import { shiftTraffic } from './shiftTraffic';
import { applyTo, bookinfo, reviewsState, traceReviews } from './wizardTestKit';

const REVIEWS = 'reviews.bookinfo.svc.cluster.local';

describe('mirrorTraffic', () => {
  it('copies a share of requests to a version while routing stays', () => {
    let index = bookinfo();
    index = applyTo(
      index,
      shiftTraffic({ weights: { v1: 100 } }, reviewsState(index)),
    );
    index = applyTo(
      index,
      mirrorTraffic({ version: 'v3', percentage: 20 }, reviewsState(index)),
    );
    const t = traceReviews(index);
    expect(t.destinations.map(d => [d.subset, d.weight])).toEqual([
      ['v1', 100],
    ]);
    expect(t.mirror).toEqual([
      { host: REVIEWS, subset: 'v3', port: 9080, percentage: 20 },
    ]);
  });

  it('puts problems on their fields', () => {
    const r = mirrorTraffic(
      { version: 'v9', percentage: 101 },
      reviewsState(bookinfo()),
    );
    expect(!r.ok && r.errors.map(e => e.field)).toEqual([
      'version',
      'percentage',
    ]);
  });
});
