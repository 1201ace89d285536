import { GATEWAY_API_GROUP } from '../istio/model/gatewayApi';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A whole object (kind, metadata, spec) stands for its spec; anything else is a spec already. */
function specOf(value: unknown): unknown {
  return isRecord(value) &&
    typeof value.kind === 'string' &&
    isRecord(value.metadata)
    ? value.spec
    : value;
}

/** Drop the fields whose value equals the CRD default that the API server would write. */
function withoutDefaults(
  object: Record<string, Json>,
  context: string | undefined,
): Record<string, Json> {
  const defaults: Record<string, Json> = {};
  if (context === 'backendRefs' || context === 'backendRef') {
    Object.assign(defaults, { group: '', kind: 'Service' });
    if (context === 'backendRefs') defaults.weight = 1;
  } else if (context === 'parentRefs') {
    Object.assign(defaults, { group: GATEWAY_API_GROUP, kind: 'Gateway' });
  } else if (context === 'headers' || context === 'queryParams') {
    defaults.type = 'Exact';
  } else if (context === 'path') {
    // An HTTPRoute match's path defaults to PathPrefix "/": the same as no path at all.
    if (
      (object.value ?? '/') === '/' &&
      (object.type ?? 'PathPrefix') === 'PathPrefix'
    )
      return {};
    defaults.type = 'PathPrefix';
  }
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(object))
    if (!(key in defaults && defaults[key] === value)) out[key] = value;
  return out;
}

/**
 * A spec in a form where what Kubernetes or Istio write on their own compares equal: null,
 * undefined, empty arrays and empty objects are absent (serializers drop them); Gateway API
 * defaults (backendRef group "" / kind Service / weight 1, parentRef Gateway kind and group,
 * Exact header and query matches, path PathPrefix "/") are absent; a match list of empty matches
 * (catch-all) is absent. Items inside arrays keep their places.
 */
function normalize(value: unknown, context?: string): Json | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(v => normalize(v, context) ?? {});
    if (items.length === 0) return undefined;
    const catchAll = items.every(
      i => isRecord(i) && Object.keys(i).length === 0,
    );
    if ((context === 'match' || context === 'matches') && catchAll)
      return undefined;
    return items;
  }
  if (isRecord(value)) {
    const out: Record<string, Json> = {};
    for (const [key, v] of Object.entries(value)) {
      const n = normalize(v, key);
      if (n !== undefined) out[key] = n;
    }
    const trimmed = withoutDefaults(out, context);
    return Object.keys(trimmed).length === 0 ? undefined : trimmed;
  }
  if (
    typeof value === 'number' ||
    typeof value === 'string' ||
    typeof value === 'boolean'
  )
    return value;
  return undefined;
}

function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length)
      return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every(k => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Whether the live routing object differs from what the canary last wrote: someone edited the
 * VirtualService (or HTTPRoute) by hand mid-canary, so the next step must not overwrite it. Only
 * the spec is compared (pass the objects or their specs), ignoring key order and what the API
 * server fills in by itself (see `normalize`): a reordered or defaulted spec is not an edit, a
 * changed weight is.
 */
export function routeSpecEdited(written: unknown, live: unknown): boolean {
  return !deepEqual(normalize(specOf(written)), normalize(specOf(live)));
}
