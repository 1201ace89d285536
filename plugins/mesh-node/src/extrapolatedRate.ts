/**
 * Prometheus's `rate()` for one counter series over `[rangeStartMs, rangeEndMs]`, as
 * `extrapolatedRate(…, isCounter=true, isRate=true)` in Prometheus 2.x's promql/functions.go, so
 * the direct-scrape source and a real Prometheus give the same numbers for the same samples.
 *
 * `timestamps` (ms, ascending) and `values` are the samples inside the range (both ends
 * inclusive, as Prometheus 2.x selects them). Returns undefined with fewer than two samples, as
 * Prometheus returns no sample then.
 */
export function extrapolatedRate(
  timestamps: ArrayLike<number>,
  values: ArrayLike<number>,
  rangeStartMs: number,
  rangeEndMs: number,
): number | undefined {
  const n = timestamps.length;
  if (n < 2) return undefined;
  // A drop means the process restarted and counted from zero again: what it had counted before
  // the drop is added back.
  let counterCorrection = 0;
  let lastValue = 0;
  for (let i = 0; i < n; i += 1) {
    if (values[i] < lastValue) counterCorrection += lastValue;
    lastValue = values[i];
  }
  const firstValue = values[0];
  let resultValue = lastValue - firstValue + counterCorrection;

  let durationToStart = (timestamps[0] - rangeStartMs) / 1000;
  const durationToEnd = (rangeEndMs - timestamps[n - 1]) / 1000;
  const sampledInterval = (timestamps[n - 1] - timestamps[0]) / 1000;
  // Only reachable with duplicate timestamps, which the store refuses; no rate without a span.
  if (sampledInterval <= 0) return undefined;
  const averageDurationBetweenSamples = sampledInterval / (n - 1);

  // Counters cannot be negative: do not extrapolate back past the moment the counter was zero
  // (a series that appeared inside the range started there).
  if (resultValue > 0 && firstValue >= 0) {
    const durationToZero = sampledInterval * (firstValue / resultValue);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }

  // Samples close to the range's ends are extrapolated to the ends; a gap longer than 1.1 sample
  // intervals means the series started or stopped there, so only half an interval is assumed.
  const extrapolationThreshold = averageDurationBetweenSamples * 1.1;
  let extrapolateToInterval = sampledInterval;
  extrapolateToInterval +=
    durationToStart < extrapolationThreshold
      ? durationToStart
      : averageDurationBetweenSamples / 2;
  extrapolateToInterval +=
    durationToEnd < extrapolationThreshold
      ? durationToEnd
      : averageDurationBetweenSamples / 2;

  resultValue *= extrapolateToInterval / sampledInterval;
  return resultValue / ((rangeEndMs - rangeStartMs) / 1000);
}
