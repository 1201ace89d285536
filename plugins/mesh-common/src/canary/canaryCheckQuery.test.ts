import { CanaryCheck } from '../api/canaryTypes';
import { renderPromQL } from '../metrics/renderPromQL';
import { seriesMatches } from '../metrics/seriesMatches';
import {
  canaryCheckQuery,
  canaryWorkloadRegex,
  renderCanaryCheckPromQL,
  substituteCanaryPlaceholders,
  unknownCanaryPlaceholders,
} from './canaryCheckQuery';
import { CanaryTarget } from './canaryWorkloads';

const target: CanaryTarget = {
  namespace: 'bookinfo',
  service: 'reviews',
  version: 'v2',
  workloads: ['reviews-v2'],
};
const MATCHERS = [
  { label: 'reporter', op: '=', value: 'destination' },
  { label: 'destination_workload_namespace', op: '=', value: 'bookinfo' },
  { label: 'destination_workload', op: '=~', value: 'reviews-v2' },
];
const successRate: CanaryCheck = { kind: 'success-rate', minPercent: 99 };
const latency: CanaryCheck = { kind: 'latency-p99', maxMs: 500 };
const promql = (query: string): CanaryCheck => ({
  kind: 'promql',
  name: 'burn',
  query,
  max: 0.1,
});

describe('canaryCheckQuery', () => {
  it('asks the success rate as one rate by response_code', () => {
    expect(canaryCheckQuery(successRate, target, 60)).toEqual({
      kind: 'metric',
      query: {
        kind: 'rate',
        metric: 'istio_requests_total',
        matchers: MATCHERS,
        windowSeconds: 60,
        by: ['response_code'],
        countNewSeries: true,
      },
    });
  });

  it('asks p99 latency as a 0.99 quantile of the request duration, summed', () => {
    expect(canaryCheckQuery(latency, target, 30)).toEqual({
      kind: 'metric',
      query: {
        kind: 'quantile',
        quantile: 0.99,
        metric: 'istio_request_duration_milliseconds',
        matchers: MATCHERS,
        windowSeconds: 30,
        by: [],
      },
    });
  });

  it('passes a custom query with its placeholders replaced', () => {
    expect(
      canaryCheckQuery(
        promql(
          'sum(rate(x{ns="{{namespace}}",w=~"{{ workload }}"}[{{  interval }}]))',
        ),
        target,
        45,
      ),
    ).toEqual({
      kind: 'promql',
      expr: 'sum(rate(x{ns="bookinfo",w=~"reviews-v2"}[45s]))',
    });
  });

  it('refuses a target without workloads and a bad window, naming them', () => {
    expect(() =>
      canaryCheckQuery(successRate, { ...target, workloads: [] }, 60),
    ).toThrow('target.workloads is empty');
    expect(() => canaryCheckQuery(latency, target, 0)).toThrow(
      'windowSeconds must be a positive whole number, got 0',
    );
  });

  it("selects exactly the canary's workloads, literal dots and all", () => {
    const q = canaryCheckQuery(
      successRate,
      { ...target, workloads: ['reviews-v2.b', 'reviews-v2', 'reviews-v2'] },
      60,
    );
    if (q.kind !== 'metric') throw new Error('expected a metric query');
    const at = (workload: string) => ({
      reporter: 'destination',
      destination_workload_namespace: 'bookinfo',
      destination_workload: workload,
      response_code: '200',
    });
    expect(seriesMatches(at('reviews-v2'), q.query)).toBe(true);
    expect(seriesMatches(at('reviews-v2.b'), q.query)).toBe(true);
    // An unescaped `.` would match these.
    expect(seriesMatches(at('reviews-v2xb'), q.query)).toBe(false);
    expect(seriesMatches(at('reviews-v2.bb'), q.query)).toBe(false);
    expect(seriesMatches(at('reviews-v3'), q.query)).toBe(false);
    expect(
      seriesMatches({ ...at('reviews-v2'), reporter: 'source' }, q.query),
    ).toBe(false);
  });
});

describe('canaryWorkloadRegex', () => {
  it('is a sorted alternation with metacharacters made literal', () => {
    expect(canaryWorkloadRegex(['b.x', 'a', 'a'])).toBe('a|b[.]x');
    expect(canaryWorkloadRegex(['w+(1)|$'])).toBe('w[+][(]1[)][|][$]');
    const re = new RegExp(`^(?:${canaryWorkloadRegex(['a.b', 'c'])})$`);
    expect(['a.b', 'c'].every(w => re.test(w))).toBe(true);
    expect(['axb', 'a.bc', 'a'].some(w => re.test(w))).toBe(false);
  });
});

describe('substituteCanaryPlaceholders', () => {
  it('replaces every placeholder, with or without spaces in the braces', () => {
    expect(
      substituteCanaryPlaceholders(
        '{{namespace}} {{ service }} {{   workload}} {{version }} {{ interval }} {{ version }}',
        { ...target, workloads: ['reviews-v2', 'reviews-v2.canary'] },
        120,
      ),
    ).toBe('bookinfo reviews reviews-v2|reviews-v2[.]canary v2 120s v2');
  });

  it('needs no workloads when the query does not use them', () => {
    expect(
      substituteCanaryPlaceholders(
        'up{namespace="{{ namespace }}"}',
        { ...target, workloads: [] },
        30,
      ),
    ).toBe('up{namespace="bookinfo"}');
  });

  it('refuses unknown placeholders rather than leave them for Prometheus', () => {
    expect(
      unknownCanaryPlaceholders(
        '{{ target }} {{ workload }} {{ variables.x }}',
      ),
    ).toEqual(['target', 'variables.x']);
    expect(unknownCanaryPlaceholders('{{ interval }}')).toEqual([]);
    expect(() =>
      substituteCanaryPlaceholders('rate(x{d="{{ target }}"}[1m])', target, 30),
    ).toThrow(
      /^query: unknown placeholder \{\{ target \}\}; known: \{\{ namespace \}\}/,
    );
  });
});

describe('renderCanaryCheckPromQL', () => {
  it("prints the success rate in Flagger's form", () => {
    const sel =
      'istio_requests_total{reporter="destination",destination_workload_namespace="bookinfo",destination_workload=~"reviews-v2|reviews-v2[.]b"';
    expect(
      renderCanaryCheckPromQL(
        successRate,
        { ...target, workloads: ['reviews-v2', 'reviews-v2.b'] },
        60,
      ),
    ).toBe(
      `sum(rate(${sel},response_code!~"5.*"}[60s])) / sum(rate(${sel}}[60s])) * 100`,
    );
  });

  it('prints latency as renderPromQL does and a custom query as substituted', () => {
    const q = canaryCheckQuery(latency, target, 60);
    expect(renderCanaryCheckPromQL(latency, target, 60)).toBe(
      q.kind === 'metric' ? renderPromQL(q.query) : '',
    );
    expect(renderCanaryCheckPromQL(latency, target, 60)).toBe(
      'histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_workload_namespace="bookinfo",destination_workload=~"reviews-v2"}[60s])))',
    );
    expect(
      renderCanaryCheckPromQL(promql('x{v="{{ version }}"}'), target, 60),
    ).toBe('x{v="v2"}');
  });
});
