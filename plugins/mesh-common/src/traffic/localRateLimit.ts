import { TrafficResource } from '../api/trafficTypes';
import { EnvoyFilter } from '../istio/model/networking';
import { parseDuration } from '../istio/validation/duration';

const LOCAL_RATELIMIT = 'envoy.filters.http.local_ratelimit';
const LOCAL_RATELIMIT_TYPE = 'local_ratelimit.v3.LocalRateLimit';

/** `60s` → `1m`, `90s` → `90s`, `1.5s` → `1.5s`, `500ms` → `500ms`: the largest unit with a whole number. */
export function shortDuration(text: string): string {
  const ms = parseDuration(text);
  if (ms === undefined) return text;
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${ms / 1000}s`;
  return `${ms}ms`;
}

type Json = { [k: string]: unknown };
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Depth-first search for the first object under `key` (either snake_case or camelCase spelling). */
function findKey(v: unknown, keys: string[], depth = 0): Json | undefined {
  if (depth > 12) return undefined;
  if (Array.isArray(v)) {
    for (const x of v) {
      const hit = findKey(x, keys, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }
  if (!isObject(v)) return undefined;
  for (const k of keys) if (isObject(v[k])) return v[k] as Json;
  for (const x of Object.values(v)) {
    const hit = findKey(x, keys, depth + 1);
    if (hit) return hit;
  }
  return undefined;
}

/** Whether a patch is about Envoy's local rate limit filter: its name, a per-route config key, or the type URL. */
function mentionsLocalRateLimit(v: unknown, depth = 0): boolean {
  if (depth > 12) return false;
  if (typeof v === 'string')
    return v === LOCAL_RATELIMIT || v.includes(LOCAL_RATELIMIT_TYPE);
  if (Array.isArray(v))
    return v.some(x => mentionsLocalRateLimit(x, depth + 1));
  if (!isObject(v)) return false;
  return Object.entries(v).some(
    ([k, x]) => k === LOCAL_RATELIMIT || mentionsLocalRateLimit(x, depth + 1),
  );
}

const num = (v: unknown): number | undefined => {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/**
 * The token bucket of an EnvoyFilter that installs (or configures per route) Envoy's local rate
 * limit, as `rate limit 100 per 1m (burst 100)`; undefined for any other EnvoyFilter. The patch
 * value is free-form Envoy config, so it is searched rather than read at a fixed path: people
 * write it under `typed_config` directly or wrapped in a TypedStruct `value`.
 */
export function localRateLimitOf(
  filter: EnvoyFilter,
): TrafficResource['rateLimit'] {
  for (const patch of filter.spec?.configPatches ?? []) {
    const value = patch.patch?.value;
    if (!mentionsLocalRateLimit(value)) continue;
    const bucket = findKey(value, ['token_bucket', 'tokenBucket']);
    if (!bucket) continue;
    const maxTokens = num(bucket.max_tokens ?? bucket.maxTokens);
    if (maxTokens === undefined) continue;
    // Envoy's defaults: one token per fill.
    const tokensPerFill =
      num(bucket.tokens_per_fill ?? bucket.tokensPerFill) ?? 1;
    const rawInterval = bucket.fill_interval ?? bucket.fillInterval;
    // Written as a duration string in YAML, or as protobuf's `{ seconds }` in JSON.
    let fillInterval = '?';
    if (typeof rawInterval === 'string') fillInterval = rawInterval;
    else if (isObject(rawInterval) && num(rawInterval.seconds) !== undefined)
      fillInterval = `${num(rawInterval.seconds)}s`;
    return {
      text: `rate limit ${tokensPerFill} per ${shortDuration(fillInterval)} (burst ${maxTokens})`,
      maxTokens,
      tokensPerFill,
      fillInterval,
    };
  }
  return undefined;
}
