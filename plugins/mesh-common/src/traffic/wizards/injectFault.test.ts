import { reviewsJasonV2V3 } from '../../istio/model/__fixtures__/bookinfo';
import { VirtualService } from '../../istio/model/networking';
import { FAULT_RULE_NAME, injectFault, removeFault } from './injectFault';
import { shiftTraffic } from './shiftTraffic';
import {
  applyTo,
  bookinfo,
  reviewsState,
  traceReviews,
  jasonRules,
  validManifests,
} from './wizardTestKit';

describe('injectFault', () => {
  it('delays and aborts every request when no condition is given', () => {
    const index = bookinfo();
    const result = injectFault(
      {
        delay: { fixedDelay: '7s', percentage: 100 },
        abort: { httpStatus: 503, percentage: 10 },
      },
      reviewsState(index),
    );
    const t = traceReviews(applyTo(index, result));
    expect(t.fault).toEqual({
      delay: { fixedDelay: '7s', percentage: { value: 100 } },
      abort: { httpStatus: 503, percentage: { value: 10 } },
    });
    expect(t.destinations.map(d => [d.subset, d.weight])).toEqual([
      [null, 100],
    ]);
  });

  it('applies the fault only to requests with the header, routed as the default rule routes', () => {
    let index = bookinfo();
    index = applyTo(
      index,
      shiftTraffic({ weights: { v1: 50, v3: 50 } }, reviewsState(index)),
    );
    const result = injectFault(
      {
        abort: { httpStatus: 500, percentage: 100 },
        matches: [
          { field: 'header', name: 'end-user', kind: 'exact', value: 'jason' },
        ],
      },
      reviewsState(index),
    );
    const [vs] = validManifests(result) as VirtualService[];
    expect(vs.spec!.http!.map(r => r.name ?? 'default')).toEqual([
      FAULT_RULE_NAME,
      'default',
    ]);
    index = applyTo(index, result);
    const jason = traceReviews(index, { headers: { 'end-user': 'jason' } });
    expect(jason.fault).toEqual({
      abort: { httpStatus: 500, percentage: { value: 100 } },
    });
    expect(jason.destinations.map(d => [d.subset, d.weight])).toEqual([
      ['v1', 50],
      ['v3', 50],
    ]);
    expect(
      traceReviews(index, { headers: { 'end-user': 'bob' } }).fault,
    ).toBeNull();
  });

  it('replaces its own earlier rule instead of stacking a second', () => {
    let index = bookinfo();
    const jason = [
      {
        field: 'header' as const,
        name: 'end-user',
        kind: 'exact' as const,
        value: 'jason',
      },
    ];
    index = applyTo(
      index,
      injectFault(
        { abort: { httpStatus: 500, percentage: 100 }, matches: jason },
        reviewsState(index),
      ),
    );
    const again = injectFault(
      { delay: { fixedDelay: '2s', percentage: 50 }, matches: jason },
      reviewsState(index),
    );
    const [vs] = validManifests(again) as VirtualService[];
    expect(vs.spec!.http!.filter(r => r.name === FAULT_RULE_NAME)).toHaveLength(
      1,
    );
    expect(
      traceReviews(applyTo(index, again), { headers: { 'end-user': 'jason' } })
        .fault,
    ).toEqual({
      delay: { fixedDelay: '2s', percentage: { value: 50 } },
    });
  });

  it('puts each problem on its field', () => {
    const result = injectFault(
      {
        delay: { fixedDelay: 'soon', percentage: 101 },
        abort: { httpStatus: 99, percentage: -1 },
      },
      reviewsState(bookinfo()),
    );
    expect(!result.ok && result.errors.map(e => e.field)).toEqual([
      'delay.fixedDelay',
      'delay.percentage',
      'abort.httpStatus',
      'abort.percentage',
    ]);
    expect(injectFault({}, reviewsState(bookinfo())).ok).toBe(false);
  });
});

describe('removeFault', () => {
  it('removes the fault rule and faults on other rules, keeping the rest', () => {
    let index = bookinfo([reviewsJasonV2V3()]);
    index = applyTo(
      index,
      injectFault(
        { delay: { fixedDelay: '1s', percentage: 100 } },
        reviewsState(index),
      ),
    );
    index = applyTo(
      index,
      injectFault(
        {
          abort: { httpStatus: 503, percentage: 100 },
          matches: [
            { field: 'header', name: 'x-chaos', kind: 'exact', value: '1' },
          ],
        },
        reviewsState(index),
      ),
    );
    expect(traceReviews(index).fault).not.toBeNull();
    const result = removeFault(reviewsState(index));
    const [vs] = validManifests(result) as VirtualService[];
    expect(vs.spec!.http).toEqual(jasonRules());
    index = applyTo(index, result);
    expect(traceReviews(index).fault).toBeNull();
    expect(
      traceReviews(index, { headers: { 'x-chaos': '1' } }).fault,
    ).toBeNull();
    expect(
      traceReviews(index, { headers: { 'end-user': 'jason' } }).destinations[0]
        .subset,
    ).toBe('v2');
  });

  it('says so when there is no fault', () => {
    expect(removeFault(reviewsState(bookinfo([reviewsJasonV2V3()]))).ok).toBe(
      false,
    );
  });
});
