import { istio } from '../istio/model/__fixtures__/objects';
import { EnvoyFilterSpec } from '../istio/model/networking';
import { localRateLimitOf, shortDuration } from './localRateLimit';

const filter = (spec: EnvoyFilterSpec) =>
  istio('EnvoyFilter', 'shop', 'rl', spec);

describe('localRateLimitOf', () => {
  it('reads the token bucket of a local rate limit filter written with typed_config directly', () => {
    expect(
      localRateLimitOf(
        filter({
          configPatches: [
            {
              applyTo: 'HTTP_FILTER',
              patch: {
                value: {
                  name: 'envoy.filters.http.local_ratelimit',
                  typed_config: {
                    '@type':
                      'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
                    token_bucket: {
                      max_tokens: 50,
                      tokens_per_fill: 10,
                      fill_interval: '1s',
                    },
                  },
                },
              },
            },
          ],
        }),
      ),
    ).toEqual({
      text: 'rate limit 10 per 1s (burst 50)',
      maxTokens: 50,
      tokensPerFill: 10,
      fillInterval: '1s',
    });
  });

  it('reads a per-route config, defaults tokens per fill to 1, and ignores other filters', () => {
    expect(
      localRateLimitOf(
        filter({
          configPatches: [
            {
              applyTo: 'HTTP_ROUTE',
              patch: {
                value: {
                  typed_per_filter_config: {
                    'envoy.filters.http.local_ratelimit': {
                      value: {
                        token_bucket: { max_tokens: 5, fill_interval: '3600s' },
                      },
                    },
                  },
                },
              },
            },
          ],
        }),
      )?.text,
    ).toBe('rate limit 1 per 1h (burst 5)');
    expect(
      localRateLimitOf(
        filter({
          configPatches: [
            { patch: { value: { name: 'envoy.filters.http.lua' } } },
          ],
        }),
      ),
    ).toBeUndefined();
    expect(localRateLimitOf(filter({}))).toBeUndefined();
  });

  it('shortens durations to the largest whole unit', () => {
    expect(shortDuration('60s')).toBe('1m');
    expect(shortDuration('90s')).toBe('90s');
    expect(shortDuration('0.5s')).toBe('500ms');
    expect(shortDuration('7200s')).toBe('2h');
    expect(shortDuration('soon')).toBe('soon');
  });
});
