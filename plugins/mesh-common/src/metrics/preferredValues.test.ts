import {
  joinPreferredPromQL,
  keepPreferred,
  preferredAlternatives,
} from './preferredValues';
import { renderPromQL } from './renderPromQL';
import { metricQuerySchema, QuantileQuery } from './types';

const latency: QuantileQuery = {
  kind: 'quantile',
  quantile: 0.95,
  metric: 'istio_request_duration_milliseconds',
  matchers: [{ label: 'destination_service_namespace', op: '=', value: 'ns' }],
  windowSeconds: 60,
  by: ['reporter', 'source_workload', 'destination_workload'],
  prefer: { label: 'reporter', values: ['source'] },
};

const edge = (reporter: string, source: string, value: number) => ({
  labels: { reporter, source_workload: source, destination_workload: 'b' },
  value,
});

describe('preferredAlternatives', () => {
  it('asks for each preferred value in order, then for every other value', () => {
    const [first, rest, ...more] = preferredAlternatives(latency);
    expect(more).toEqual([]);
    expect(first.matchers).toEqual([
      { label: 'destination_service_namespace', op: '=', value: 'ns' },
      { label: 'reporter', op: '=', value: 'source' },
    ]);
    expect(rest.matchers).toEqual([
      { label: 'destination_service_namespace', op: '=', value: 'ns' },
      { label: 'reporter', op: '!~', value: 'source' },
    ]);
    expect(first.prefer).toBeUndefined();
    expect(rest.by).toEqual(latency.by);
  });

  it('escapes values in the last, regex, alternative and asks each value once', () => {
    const alts = preferredAlternatives({
      ...latency,
      prefer: { label: 'reporter', values: ['a.b', 'c', 'a.b'] },
    });
    expect(alts.map(a => a.matchers!.at(-1))).toEqual([
      { label: 'reporter', op: '=', value: 'a.b' },
      { label: 'reporter', op: '=', value: 'c' },
      { label: 'reporter', op: '!~', value: 'a\\.b|c' },
    ]);
  });

  it('is the query alone without prefer, and refuses a label the query does not group by', () => {
    const plain = { ...latency, prefer: undefined };
    expect(preferredAlternatives(plain)).toEqual([plain]);
    expect(() =>
      preferredAlternatives({
        ...latency,
        prefer: { label: 'pod', values: ['x'] },
      }),
    ).toThrow('prefer.label "pod" must be one of the labels grouped by');
    const parsed = metricQuerySchema.safeParse({
      ...latency,
      prefer: { label: 'pod', values: ['x'] },
    });
    expect(parsed.success).toBe(false);
    expect(!parsed.success && parsed.error.issues[0].path).toEqual([
      'prefer',
      'label',
    ]);
    expect(metricQuerySchema.safeParse(latency).success).toBe(true);
  });
});

describe('keepPreferred', () => {
  it("keeps each group's first answer, in the alternatives' order", () => {
    const kept = keepPreferred(
      [
        [edge('source', 'a', 10), edge('source', 'c', 30)],
        [
          edge('destination', 'a', 11),
          edge('destination', 'x', 12),
          edge('waypoint', 'y', 13),
        ],
      ],
      'reporter',
    );
    expect(kept).toEqual([
      edge('source', 'a', 10),
      edge('source', 'c', 30),
      edge('destination', 'x', 12),
      edge('waypoint', 'y', 13),
    ]);
  });

  it('counts a NaN answer as none, so a later alternative answers the group', () => {
    expect(
      keepPreferred(
        [[edge('source', 'a', NaN)], [edge('destination', 'a', 11)]],
        'reporter',
      ),
    ).toEqual([edge('destination', 'a', 11)]);
  });

  it('keeps two answers of one alternative that differ only in the preferred label', () => {
    // The last alternative holds every other value: a destination sidecar and a waypoint alike.
    expect(
      keepPreferred(
        [[], [edge('destination', 'a', 1), edge('waypoint', 'a', 2)]],
        'reporter',
      ),
    ).toHaveLength(2);
  });
});

describe('prefer in PromQL', () => {
  it('joins the alternatives with or ignoring the label, numbers only but in the last', () => {
    expect(joinPreferredPromQL(['a', 'b', 'c'], 'reporter')).toBe(
      '(a) > -Inf or ignoring(reporter) (b) > -Inf or ignoring(reporter) (c)',
    );
    const promql = renderPromQL(latency);
    expect(promql.split(' or ignoring(reporter) ')).toEqual([
      '(histogram_quantile(0.95, sum by (le,reporter,source_workload,destination_workload) (rate(istio_request_duration_milliseconds_bucket{destination_service_namespace="ns",reporter="source"}[60s])))) > -Inf',
      '(histogram_quantile(0.95, sum by (le,reporter,source_workload,destination_workload) (rate(istio_request_duration_milliseconds_bucket{destination_service_namespace="ns",reporter!~"source"}[60s]))))',
    ]);
  });
});
