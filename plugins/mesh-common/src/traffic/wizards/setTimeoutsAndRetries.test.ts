import { reviewsJasonV2V3 } from '../../istio/model/__fixtures__/bookinfo';
import { retryOnProblem, setTimeoutsAndRetries } from './setTimeoutsAndRetries';
import { applyTo, bookinfo, reviewsState, traceReviews } from './wizardTestKit';

describe('setTimeoutsAndRetries', () => {
  it('shows the timeout and retries in the trace of every rule', () => {
    let index = bookinfo([reviewsJasonV2V3()]);
    index = applyTo(
      index,
      setTimeoutsAndRetries(
        {
          timeout: '10s',
          retries: {
            attempts: 3,
            perTryTimeout: '2s',
            retryOn: '5xx, reset,503',
          },
        },
        reviewsState(index),
      ),
    );
    for (const headers of [{ 'end-user': 'jason' }, {}] as Array<
      Record<string, string>
    >) {
      const t = traceReviews(index, { headers });
      expect(t.timeout).toBe('10s');
      expect(t.retries).toEqual({
        attempts: 3,
        perTryTimeout: '2s',
        retryOn: '5xx,reset,503',
        source: 'route',
      });
    }
  });

  it('creates a VirtualService when there is none', () => {
    let index = bookinfo();
    index = applyTo(
      index,
      setTimeoutsAndRetries({ timeout: '500ms' }, reviewsState(index)),
    );
    const t = traceReviews(index);
    expect(t.timeout).toBe('500ms');
    expect(t.retries?.source).toBe('default');
    expect(t.destinations.map(d => [d.subset, d.weight])).toEqual([
      [null, 100],
    ]);
  });

  it('puts each problem on its field', () => {
    const result = setTimeoutsAndRetries(
      {
        timeout: '1s',
        retries: {
          attempts: -1,
          perTryTimeout: '2s',
          retryOn: '5xx,sometimes',
        },
      },
      reviewsState(bookinfo()),
    );
    expect(!result.ok && result.errors.map(e => e.field)).toEqual([
      'retries.attempts',
      'retries.perTryTimeout',
      'retries.retryOn',
    ]);
    expect(
      setTimeoutsAndRetries({ timeout: 'ten' }, reviewsState(bookinfo())).ok,
    ).toBe(false);
  });

  it("knows Istio's retryOn vocabulary", () => {
    expect(
      retryOnProblem(
        'gateway-error,connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes,503',
      ),
    ).toBeUndefined();
    expect(retryOnProblem('5xx,')).toMatch(/empty/);
    expect(retryOnProblem('999')).toMatch(/not an HTTP status/);
  });
});
