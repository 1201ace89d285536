/** Seedable randomness for the traffic model, so tests can pin outcomes and runs can differ. */

export type Random = () => number;

/** mulberry32: small, fast and good enough for traffic sampling (not for anything secret). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box-Muller). */
export function normal(random: Random): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Latencies are right-skewed; a log-normal fitted to a median and a p99 keeps both. */
export function logNormal(random: Random, median: number, p99: number): number {
  const sigma = p99 > median && median > 0 ? Math.log(p99 / median) / 2.326 : 0;
  return median * Math.exp(sigma * normal(random));
}

/** Whole events in `expected` (fractions become one more event with that probability). */
export function stochasticRound(random: Random, expected: number): number {
  const whole = Math.floor(expected);
  return whole + (random() < expected - whole ? 1 : 0);
}
