import { annotationAnalyzer } from './annotationAnalyzer';
import { obj, pod, runAnalyzer, service, summary } from './testFixtures';

describe('annotationAnalyzer', () => {
  it('reports unknown, misplaced and deprecated annotations', () => {
    const p = pod(
      'p',
      'prod',
      {},
      {
        annotations: {
          'sidecar.istio.io/proxyCPUs': '1',
          'sidecar.istio.io/statsInclusionPrefixes': 'x',
          'networking.istio.io/exportTo': '.',
        },
      },
    );
    const svc = {
      ...service('s', 'prod', { app: 's' }),
      metadata: {
        name: 's',
        namespace: 'prod',
        annotations: {
          'sidecar.istio.io/proxyCPU': '1',
          'networking.istio.io/exportTo': '.',
        },
      },
    };
    const d = obj(
      'Deployment',
      'd',
      'prod',
      {
        template: {
          metadata: { annotations: { 'proxy.istio.io/config': '{}' } },
        },
      },
      {
        annotations: { 'traffic.sidecar.istio.io/excludeOutboundPorts': '25' },
      },
    );
    expect(summary(runAnalyzer(annotationAnalyzer, [p, svc, d]))).toEqual([
      'IST0107 Service/s metadata.annotations["sidecar.istio.io/proxyCPU"]',
      'IST0108 Pod/p metadata.annotations["sidecar.istio.io/proxyCPUs"]',
      'IST0135 Pod/p metadata.annotations["sidecar.istio.io/statsInclusionPrefixes"]',
      'IST0107 Pod/p metadata.annotations["networking.istio.io/exportTo"]',
      'IST0107 Deployment/d metadata.annotations["traffic.sidecar.istio.io/excludeOutboundPorts"]',
    ]);
  });

  it('is quiet for well-placed and foreign annotations', () => {
    const p = pod(
      'p',
      'prod',
      {},
      {
        annotations: {
          'proxy.istio.io/config': '{}',
          'example.com/owner': 'me',
          'prometheus.io/scrape': 'true',
        },
      },
    );
    const ap = obj(
      'AuthorizationPolicy',
      'a',
      'prod',
      {},
      { annotations: { 'istio.io/dry-run': 'true' } },
    );
    expect(runAnalyzer(annotationAnalyzer, [p, ap])).toEqual([]);
  });
});
