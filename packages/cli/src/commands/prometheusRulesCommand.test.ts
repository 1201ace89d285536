import { parse } from 'yaml';
import { cli } from '../testCli';

describe('meshport prometheus-rules', () => {
  it('prints a rule file for the default window, one minute', async () => {
    const { code, stdout } = await cli('prometheus-rules');
    expect(code).toBe(0);
    const doc = parse(stdout);
    expect(doc.groups.map((g: { name: string }) => g.name)).toEqual([
      'meshport-istio-1m',
    ]);
    expect(doc.groups[0].rules[0]).toEqual({
      record: 'meshport_edge:istio_requests_total:rate1m',
      expr: expect.stringMatching(
        // New series count from zero (see RateQuery.countNewSeries).
        /^sum by \(reporter,.*\) \(\(rate\(istio_requests_total\[60s\]\) or \(istio_requests_total \/ 60 and on\(job,instance\) sum_over_time\(up\[60s\]\) >= 2\)\)\)$/,
      ),
    });
  });

  it('prints a PrometheusRule with the windows and interval asked for', async () => {
    const { code, stdout } = await cli(
      'prometheus-rules',
      '--windows',
      '15m,1h',
      '--interval=30s',
      '--format',
      'prometheusrule',
      '--namespace',
      'monitoring',
    );
    expect(code).toBe(0);
    const doc = parse(stdout);
    expect(doc).toMatchObject({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'meshport-recording-rules', namespace: 'monitoring' },
    });
    expect(
      doc.spec.groups.map((g: { name: string; interval: string }) => [
        g.name,
        g.interval,
      ]),
    ).toEqual([
      ['meshport-istio-15m', '30s'],
      ['meshport-istio-1h', '30s'],
    ]);
  });

  it('says which value is wrong', async () => {
    expect(await cli('prometheus-rules', '--windows', '1m,5x')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--windows: "5x" is not a duration'),
    });
    expect(await cli('prometheus-rules', '--format', 'json')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        '--format must be rules or prometheusrule',
      ),
    });
    expect(await cli('prometheus-rules', 'extra')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unexpected argument "extra"'),
    });
  });
});
