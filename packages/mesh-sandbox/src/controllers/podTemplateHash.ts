import { safeEncode } from '../util/names';

/** JSON with sorted keys, so equal templates hash equally whatever order their fields came in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1)); // keys are unique, never equal
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** 32-bit FNV-1a, the hash the Deployment controller uses for pod-template-hash. */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * The pod-template-hash label value: FNV-1a over the template (and collision count),
 * printed in decimal and re-encoded with Kubernetes' safe alphabet, as ComputeHash does.
 */
export function podTemplateHash(template: unknown, collisionCount = 0): string {
  const input =
    canonicalJson(template) +
    (collisionCount > 0 ? String(collisionCount) : '');
  return safeEncode(String(fnv32a(input)));
}
