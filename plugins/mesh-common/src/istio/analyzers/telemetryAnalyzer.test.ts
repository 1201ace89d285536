import { telemetryAnalyzer } from './telemetryAnalyzer';
import { obj, pod, runAnalyzer, summary } from './testFixtures';

const tracing = { tracing: [{ randomSamplingPercentage: 10 }] };

describe('telemetryAnalyzer', () => {
  it('reports several selector-less Telemetries in a namespace and two selecting one pod', () => {
    const p = pod('web-1', 'prod', { app: 'web', tier: 'front' });
    const found = summary(
      runAnalyzer(telemetryAnalyzer, [
        p,
        obj('Telemetry', 'a', 'prod', tracing),
        obj('Telemetry', 'b', 'prod', tracing),
        obj('Telemetry', 'c', 'prod', {
          selector: { matchLabels: { app: 'web' } },
          ...tracing,
        }),
        obj('Telemetry', 'd', 'prod', {
          selector: { matchLabels: { tier: 'front' } },
          ...tracing,
        }),
      ]),
    );
    expect(found).toEqual([
      'IST0160 Telemetry/a spec',
      'IST0160 Telemetry/b spec',
      'IST0159 Telemetry/c spec.selector',
      'IST0159 Telemetry/d spec.selector',
    ]);
  });

  it('is quiet for one Telemetry per scope, and for targetRef-attached ones', () => {
    const p = pod('web-1', 'prod', { app: 'web' });
    expect(
      runAnalyzer(telemetryAnalyzer, [
        p,
        obj('Telemetry', 'ns', 'prod', tracing),
        obj('Telemetry', 'web', 'prod', {
          selector: { matchLabels: { app: 'web' } },
          ...tracing,
        }),
        obj('Telemetry', 'gw', 'prod', {
          targetRefs: [
            { kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'gw' },
          ],
          ...tracing,
        }),
      ]),
    ).toEqual([]);
  });
});
