import { localRateLimitOf } from '../localRateLimit';
import { EnvoyFilter } from '../../istio/model/networking';
import { removeLocalRateLimit, setLocalRateLimit } from './localRateLimit';
import { bookinfo, reviewsState, validManifests } from './wizardTestKit';

describe('setLocalRateLimit', () => {
  it("writes an EnvoyFilter on the Service's pods that the Traffic view reads back", () => {
    const state = reviewsState(bookinfo());
    const [filter] = validManifests(
      setLocalRateLimit(
        { maxTokens: 100, tokensPerFill: 100, fillInterval: '60s' },
        state,
      ),
    ) as EnvoyFilter[];
    expect(filter).toMatchObject({
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'EnvoyFilter',
      metadata: { name: 'reviews-local-ratelimit', namespace: 'bookinfo' },
      spec: { workloadSelector: { labels: { app: 'reviews' } } },
    });
    expect(localRateLimitOf(filter)).toMatchObject({
      maxTokens: 100,
      tokensPerFill: 100,
    });
    expect(localRateLimitOf(filter)?.text).toMatch(/^rate limit 100 per 1m/);
  });

  it('puts problems on their fields and removes its own filter', () => {
    const state = reviewsState(bookinfo());
    const r = setLocalRateLimit(
      { maxTokens: 0, tokensPerFill: 1.5, fillInterval: '10ms' },
      state,
    );
    expect(!r.ok && r.errors.map(e => e.field)).toEqual([
      'maxTokens',
      'tokensPerFill',
      'fillInterval',
    ]);
    const removed = removeLocalRateLimit(state);
    expect(removed.ok && removed.resources[0]).toMatchObject({
      action: 'delete',
      manifest: {
        kind: 'EnvoyFilter',
        metadata: { name: 'reviews-local-ratelimit' },
      },
    });
  });
});
