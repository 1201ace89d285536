/**
 * Durations as Istio accepts them (Go's time.ParseDuration syntax, which CEL's duration() and
 * protobuf's JSON Duration both accept for the values people write): `1.5s`, `100ms`, `1h30m`.
 */
const UNIT_MS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 0.000001,
};
const TERM = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;

/** Milliseconds for a duration string, or undefined when it is not one. */
export function parseDuration(input: string): number | undefined {
  if (typeof input !== 'string' || input.length === 0) return undefined;
  let s = input;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0] === '-' ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s.length === 0) return undefined;
  let total = 0;
  TERM.lastIndex = 0;
  while (TERM.lastIndex < s.length) {
    const start = TERM.lastIndex;
    const m = TERM.exec(s);
    if (!m || m.index !== start) return undefined;
    total += parseFloat(m[1]) * UNIT_MS[m[2]];
  }
  return sign * total;
}
