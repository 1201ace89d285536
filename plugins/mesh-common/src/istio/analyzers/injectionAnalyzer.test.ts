import { injectionAnalyzer } from './injectionAnalyzer';
import { revisionWebhook, tagWebhook } from '../model/__fixtures__/webhooks';
import { namespace, obj, pod, runAnalyzer, summary } from './testFixtures';

describe('injectionAnalyzer', () => {
  it('reports namespaces without injection labels and with both kinds', () => {
    const found = summary(
      runAnalyzer(injectionAnalyzer, [
        namespace('plain'),
        namespace('both', {
          'istio-injection': 'enabled',
          'istio.io/rev': 'canary',
        }),
        namespace('on', { 'istio-injection': 'enabled' }),
        namespace('rev', { 'istio.io/rev': 'stable' }),
        namespace('off', { 'istio-injection': 'disabled' }),
        namespace('kube-system'),
        namespace('istio-system'),
      ]),
    );
    expect(found).toEqual([
      'IST0102 Namespace/plain metadata.labels',
      'IST0123 Namespace/both metadata.labels',
    ]);
  });

  it('reports pods missing a sidecar in injected namespaces, and unexpected sidecars', () => {
    const ns = namespace('prod', { 'istio-injection': 'enabled' });
    const found = summary(
      runAnalyzer(injectionAnalyzer, [
        ns,
        pod('bare', 'prod', { app: 'a' }),
        pod('ok', 'prod', { app: 'a' }, { sidecar: true }),
        pod('optout', 'prod', { 'sidecar.istio.io/inject': 'false' }),
        namespace('dev'),
        pod('stale', 'dev', { app: 'b' }, { sidecar: true }),
      ]),
    );
    expect(found).toEqual([
      'IST0102 Namespace/dev metadata.labels',
      'IST0103 Pod/bare spec.containers',
      'MSH0111 Pod/stale spec.containers',
    ]);
  });

  it('reports conflicting injection labels on pods and templates', () => {
    const off = namespace('off', { 'istio-injection': 'disabled' });
    const p = pod('p', 'off', { 'sidecar.istio.io/inject': 'true' });
    const d = obj('Deployment', 'd', 'off', {
      template: {
        metadata: {
          labels: { 'sidecar.istio.io/inject': 'false' },
          annotations: { 'sidecar.istio.io/inject': 'true' },
        },
      },
    });
    expect(summary(runAnalyzer(injectionAnalyzer, [off, p, d]))).toEqual([
      'MSH0107 Pod/p metadata.labels["sidecar.istio.io/inject"]',
      'MSH0107 Deployment/d spec.template.metadata.annotations["sidecar.istio.io/inject"]',
    ]);
  });

  it("judges pods by the cluster's injector webhooks when they are known (revision tags, no default revision)", () => {
    const found = summary(
      runAnalyzer(injectionAnalyzer, [
        revisionWebhook('canary'),
        tagWebhook('stable', 'canary'),
        namespace('tagged', { 'istio.io/rev': 'stable' }),
        pod('injected', 'tagged', { app: 'a' }, { sidecar: true }),
        pod('bare', 'tagged', { app: 'a' }),
        namespace('legacy', { 'istio-injection': 'enabled' }),
        pod('uninjected', 'legacy', { app: 'b' }),
      ]),
    );
    // `istio-injection=enabled` is served by no webhook here, so the uninjected pod is as expected.
    expect(found).toEqual(['IST0103 Pod/bare spec.containers']);
  });
});
