import { MetricsCharts, RedSeries } from '@meshport/plugin-mesh-common';

/** Metrics charts shaped like the backend's answer for Bookinfo's reviews-v2 over 5 minutes. */

const T0 = 1_772_445_600; // 2026-03-02T10:00:00Z

/** `values` one step apart, starting at T0. */
const points = (values: number[], step = 15): Array<[number, number]> =>
  values.map((v, i) => [T0 + i * step, v]);

export function reviewsInbound(): RedSeries {
  return {
    rps: points([4, 4.2, 3.9, 4.1]),
    rps4xx: points([0.1, 0, 0, 0.2]),
    rps5xx: points([0, 0.4, 0.3, 0]),
    p50: points([3, 3.2, 3.1, 3]),
    p95: points([9, 12, 11, 10]),
    p99: points([24, 48, 30, 26]),
  };
}

export function emptySeries(): RedSeries {
  return { rps: [], rps4xx: [], rps5xx: [], p50: [], p95: [], p99: [] };
}

export function reviewsCharts(
  overrides: Partial<MetricsCharts> = {},
): MetricsCharts {
  return {
    windowSeconds: 300,
    stepSeconds: 15,
    inbound: reviewsInbound(),
    outbound: emptySeries(),
    metrics: {
      source: 'prometheus',
      description: 'Prometheus at http://127.0.0.1:9090',
      status: 'ok',
    },
    ...overrides,
  };
}
