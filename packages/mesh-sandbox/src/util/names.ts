import { randomInt } from 'node:crypto';

/** Kubernetes' alphabet for generated suffixes: no vowels (no accidental words) and no look-alike characters. */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(length = 5): string {
  let result = '';
  for (let i = 0; i < length; i += 1) {
    result += ALPHABET[randomInt(ALPHABET.length)];
  }
  return result;
}

/** What the apiserver makes of `metadata.generateName`: the prefix, cut to leave room, plus 5 random characters. */
export function generateName(prefix: string): string {
  return `${prefix.slice(0, 58)}${randomSuffix()}`;
}

/** Encodes a number with the same alphabet (rand.SafeEncodeString), as pod-template-hash values are. */
export function safeEncode(value: string): string {
  let result = '';
  for (const ch of value) {
    result += ALPHABET[ch.charCodeAt(0) % ALPHABET.length];
  }
  return result;
}

/** RFC 3339 with second precision, the format of metadata timestamps. */
export function timestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
