import { parsePrometheusText } from './parsePrometheusText';

describe('parsePrometheusText', () => {
  it('reads counters and histogram lines, skipping HELP, TYPE and other comments', () => {
    const text = [
      '# HELP istio_requests_total Total requests.',
      '# TYPE istio_requests_total counter',
      'istio_requests_total{reporter="source",response_code="200"} 1027',
      '# a free comment',
      '',
      '# TYPE istio_request_duration_milliseconds histogram',
      'istio_request_duration_milliseconds_bucket{le="0.5"} 3',
      'istio_request_duration_milliseconds_bucket{le="+Inf"} 10',
      'istio_request_duration_milliseconds_sum 123.5',
      'istio_request_duration_milliseconds_count 10',
    ].join('\n');
    expect(parsePrometheusText(text)).toEqual([
      {
        name: 'istio_requests_total',
        labels: { reporter: 'source', response_code: '200' },
        value: 1027,
      },
      {
        name: 'istio_request_duration_milliseconds_bucket',
        labels: { le: '0.5' },
        value: 3,
      },
      {
        name: 'istio_request_duration_milliseconds_bucket',
        labels: { le: '+Inf' },
        value: 10,
      },
      {
        name: 'istio_request_duration_milliseconds_sum',
        labels: {},
        value: 123.5,
      },
      {
        name: 'istio_request_duration_milliseconds_count',
        labels: {},
        value: 10,
      },
    ]);
  });

  it('unescapes \\\\, \\" and \\n in label values and keeps other escapes as written', () => {
    const [sample] = parsePrometheusText(
      'm{path="C:\\\\dir",quote="say \\"hi\\"",multi="a\\nb",other="x\\ty",comma="a,b}"} 1\n',
    );
    expect(sample.labels).toEqual({
      path: 'C:\\dir',
      quote: 'say "hi"',
      multi: 'a\nb',
      other: 'x\\ty',
      comma: 'a,b}',
    });
  });

  it('reads timestamps, NaN, ±Inf, exponents, a trailing comma, blanks and CRLF', () => {
    const samples = parsePrometheusText(
      [
        'a{x="1",} 1.5e3 1700000000000',
        'b NaN',
        'c +Inf',
        'd -Inf',
        'e { x = "1" }   -2 -5\r',
        'f .5',
      ].join('\r\n'),
    );
    expect(samples[0]).toEqual({
      name: 'a',
      labels: { x: '1' },
      value: 1500,
      timestampMs: 1700000000000,
    });
    expect(samples[1].value).toBeNaN();
    expect(samples[2].value).toBe(Infinity);
    expect(samples[3].value).toBe(-Infinity);
    expect(samples[4]).toEqual({
      name: 'e',
      labels: { x: '1' },
      value: -2,
      timestampMs: -5,
    });
    expect(samples[5].value).toBe(0.5);
  });

  it.each([
    ['m{x="1"', /unterminated|expected/],
    ['m{x=1} 1', /quoted value/],
    ['m{x="1" y="2"} 1', /expected , or }/],
    ['m{x="1",x="2"} 1', /duplicate label x/],
    ['m', /expected a value/],
    ['m abc', /not a number: abc/],
    ['m 1 2.5', /not a timestamp/],
    ['m 1 2 3', /unexpected text/],
    ['1m 1', /metric name/],
    ['m-x 1', /space after the metric name/],
  ])('fails the whole text on a malformed line: %s', (line, why) => {
    expect(() => parsePrometheusText(`ok 1\n${line}\n`)).toThrow(why);
    expect(() => parsePrometheusText(`ok 1\n${line}\n`)).toThrow(/^line 2: /);
  });
});
