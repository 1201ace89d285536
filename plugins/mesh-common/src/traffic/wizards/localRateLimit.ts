import { EnvoyFilter } from '../../istio/model/networking';
import { parseDuration } from '../../istio/validation/duration';
import { ServiceState, WizardFieldError, WizardResult } from './types';

export interface LocalRateLimitInput {
  /** Bucket size: the burst a proxy lets through at once. */
  maxTokens: number;
  /** Tokens added every `fillInterval`. */
  tokensPerFill: number;
  /** e.g. `1s`, `1m`; Envoy requires at least 50ms. */
  fillInterval: string;
}

export const LOCAL_RATE_LIMIT_API_VERSION = 'networking.istio.io/v1alpha3';

/** The EnvoyFilter's name for a service, so the wizard edits its own filter rather than adding another. */
export function localRateLimitName(state: ServiceState): string {
  return `${state.name}-local-ratelimit`;
}

/**
 * Local rate limiting: Istio has no CRD for it, so an EnvoyFilter inserts Envoy's
 * local_ratelimit filter, with a token bucket, into the inbound HTTP chain of the service's
 * pods (workloadSelector = the Service's selector). Each pod limits on its own.
 */
export function setLocalRateLimit(
  input: LocalRateLimitInput,
  state: ServiceState,
): WizardResult {
  const errors: WizardFieldError[] = [];
  for (const field of ['maxTokens', 'tokensPerFill'] as const) {
    const v = input[field];
    if (!Number.isInteger(v) || v < 1)
      errors.push({ field, message: 'a whole number of at least 1' });
  }
  const ms = parseDuration(input.fillInterval);
  if (ms === undefined || ms < 50)
    errors.push({
      field: 'fillInterval',
      message: 'a duration of at least 50ms, such as 1s or 1m',
    });
  const selector = state.selector ?? {};
  if (Object.keys(selector).length === 0)
    errors.push({
      field: 'maxTokens',
      message: `Service ${state.name} has no selector, so no pods to limit`,
    });
  if (errors.length > 0) return { ok: false, errors };
  const filter: EnvoyFilter = {
    apiVersion: LOCAL_RATE_LIMIT_API_VERSION,
    kind: 'EnvoyFilter',
    metadata: { name: localRateLimitName(state), namespace: state.namespace },
    spec: {
      workloadSelector: { labels: { ...selector } },
      configPatches: [
        {
          applyTo: 'HTTP_FILTER',
          match: {
            context: 'SIDECAR_INBOUND',
            listener: {
              filterChain: {
                filter: {
                  name: 'envoy.filters.network.http_connection_manager',
                },
              },
            },
          },
          patch: {
            operation: 'INSERT_BEFORE',
            value: {
              name: 'envoy.filters.http.local_ratelimit',
              typed_config: {
                '@type':
                  'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
                stat_prefix: 'http_local_rate_limiter',
                token_bucket: {
                  max_tokens: input.maxTokens,
                  tokens_per_fill: input.tokensPerFill,
                  fill_interval: input.fillInterval,
                },
                // Without these the filter only counts: 100 % enabled and enforced.
                filter_enabled: {
                  runtime_key: 'local_rate_limit_enabled',
                  default_value: { numerator: 100, denominator: 'HUNDRED' },
                },
                filter_enforced: {
                  runtime_key: 'local_rate_limit_enforced',
                  default_value: { numerator: 100, denominator: 'HUNDRED' },
                },
                response_headers_to_add: [
                  {
                    append_action: 'OVERWRITE_IF_EXISTS_OR_ADD',
                    header: { key: 'x-local-rate-limit', value: 'true' },
                  },
                ],
              },
            },
          },
        },
      ],
    },
  };
  return {
    ok: true,
    resources: [{ action: 'apply', manifest: filter }],
    notes: [
      `EnvoyFilter ${filter.metadata.name}: ${input.tokensPerFill} requests per ${input.fillInterval} per pod (burst ${input.maxTokens}) for pods ${Object.entries(
        selector,
      )
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}`,
    ],
  };
}

/** Removes the wizard's rate limit filter. */
export function removeLocalRateLimit(state: ServiceState): WizardResult {
  return {
    ok: true,
    resources: [
      {
        action: 'delete',
        manifest: {
          apiVersion: LOCAL_RATE_LIMIT_API_VERSION,
          kind: 'EnvoyFilter',
          metadata: {
            name: localRateLimitName(state),
            namespace: state.namespace,
          },
        },
      },
    ],
    notes: [`deletes EnvoyFilter ${localRateLimitName(state)}`],
  };
}
