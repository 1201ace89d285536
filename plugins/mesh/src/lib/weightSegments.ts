/** One part of a split bar. */
export interface WeightSegment {
  label: string;
  /** The weight as the route states it. */
  weight: number;
  /** Share of the bar, 0–100; the shares add up to 100 even when the weights do not. */
  share: number;
}

/**
 * Destinations with weights as the parts of a bar. Istio fills in a single destination's missing
 * weight as 100; weights that do not add up to 100 (a config error the analyzers report) are
 * scaled so the picture still shows the proportions. Zero-weight destinations are kept (a
 * canary at 0 % is worth seeing) with no share.
 */
export function weightSegments(
  destinations: Array<{ text: string; weight: number }>,
): WeightSegment[] {
  const weights = destinations.map(d =>
    destinations.length === 1 && !d.weight ? 100 : Math.max(0, d.weight || 0),
  );
  const total = weights.reduce((a, b) => a + b, 0);
  return destinations.map((d, i) => ({
    label: d.text,
    weight: weights[i],
    share: total > 0 ? (weights[i] * 100) / total : 0,
  }));
}
