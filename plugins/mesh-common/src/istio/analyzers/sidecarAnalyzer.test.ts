import { sidecarAnalyzer } from './sidecarAnalyzer';
import { namespace, obj, pod, runAnalyzer, summary } from './testFixtures';

const egress = (hosts: string[]) => ({ egress: [{ hosts }] });

describe('sidecarAnalyzer', () => {
  it('reports several selector-less Sidecars in one namespace', () => {
    const a = obj('Sidecar', 'a', 'prod', egress(['./*']));
    const b = obj('Sidecar', 'b', 'prod', egress(['istio-system/*']));
    const c = obj('Sidecar', 'c', 'other', egress(['./*']));
    expect(summary(runAnalyzer(sidecarAnalyzer, [a, b, c]))).toEqual([
      'IST0111 Sidecar/a spec',
      'IST0111 Sidecar/b spec',
    ]);
  });

  it('reports Sidecars selecting the same pod, and selectors matching nothing', () => {
    const p = pod('web-1', 'prod', { app: 'web', tier: 'front' });
    const a = obj('Sidecar', 'a', 'prod', {
      workloadSelector: { labels: { app: 'web' } },
      ...egress(['./*']),
    });
    const b = obj('Sidecar', 'b', 'prod', {
      workloadSelector: { labels: { tier: 'front' } },
      ...egress(['./*']),
    });
    const c = obj('Sidecar', 'c', 'prod', {
      workloadSelector: { labels: { app: 'db' } },
      ...egress(['./*']),
    });
    expect(summary(runAnalyzer(sidecarAnalyzer, [p, a, b, c]))).toEqual([
      'IST0127 Sidecar/c spec.workloadSelector.labels',
      'IST0110 Sidecar/a spec.workloadSelector',
      'IST0110 Sidecar/b spec.workloadSelector',
    ]);
    expect(runAnalyzer(sidecarAnalyzer, [p, a])).toEqual([]);
  });

  it('reports egress hosts in namespaces that do not exist', () => {
    const s = obj(
      'Sidecar',
      'a',
      'prod',
      egress(['./*', 'istio-system/*', 'ghost/*']),
    );
    expect(
      summary(
        runAnalyzer(sidecarAnalyzer, [
          namespace('prod'),
          namespace('istio-system'),
          s,
        ]),
      ),
    ).toEqual(['IST0101 Sidecar/a spec.egress[0].hosts[2]']);
  });
});
