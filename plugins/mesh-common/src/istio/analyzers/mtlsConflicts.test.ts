import { mtlsConflicts } from './mtlsConflicts';
import { obj, pod, runAnalyzer, service, summary } from './testFixtures';

const svc = service('reviews', 'prod', { app: 'reviews' }, [
  { name: 'http', port: 9080, targetPort: 8080 },
]);
const v1 = pod('reviews-v1', 'prod', { app: 'reviews', version: 'v1' });
const v2 = pod('reviews-v2', 'prod', { app: 'reviews', version: 'v2' });
const dr = (tls: string, extra: Record<string, unknown> = {}) =>
  obj('DestinationRule', 'reviews', 'prod', {
    host: 'reviews',
    trafficPolicy: { tls: { mode: tls } },
    ...extra,
  });
const pa = (name: string, ns: string, spec: unknown) =>
  obj('PeerAuthentication', name, ns, spec);

describe('mtlsConflicts', () => {
  it('reports DISABLE towards a mesh-wide STRICT policy', () => {
    const mesh = pa('default', 'istio-system', { mtls: { mode: 'STRICT' } });
    expect(
      summary(runAnalyzer(mtlsConflicts, [svc, v1, dr('DISABLE'), mesh])),
    ).toEqual(['IST0113 DestinationRule/reviews spec.trafficPolicy.tls.mode']);
  });

  it('reports ISTIO_MUTUAL towards a namespace that disables mTLS, but not when a workload policy re-enables it', () => {
    const ns = pa('default', 'prod', { mtls: { mode: 'DISABLE' } });
    expect(
      runAnalyzer(mtlsConflicts, [svc, v1, dr('ISTIO_MUTUAL'), ns]),
    ).toHaveLength(1);
    const wl = pa('reviews', 'prod', {
      selector: { matchLabels: { app: 'reviews' } },
      mtls: { mode: 'STRICT' },
    });
    expect(
      runAnalyzer(mtlsConflicts, [svc, v1, dr('ISTIO_MUTUAL'), ns, wl]),
    ).toEqual([]);
  });

  it('checks port-level settings on both sides', () => {
    const wl = pa('reviews', 'prod', {
      selector: { matchLabels: { app: 'reviews' } },
      mtls: { mode: 'PERMISSIVE' },
      portLevelMtls: { '8080': { mode: 'STRICT' } },
    });
    const portDr = obj('DestinationRule', 'reviews', 'prod', {
      host: 'reviews',
      trafficPolicy: {
        portLevelSettings: [
          { port: { number: 9080 }, tls: { mode: 'DISABLE' } },
        ],
      },
    });
    expect(summary(runAnalyzer(mtlsConflicts, [svc, v1, portDr, wl]))).toEqual([
      'IST0113 DestinationRule/reviews spec.trafficPolicy.portLevelSettings[0].tls.mode',
    ]);
    const otherPort = pa('reviews', 'prod', {
      selector: { matchLabels: { app: 'reviews' } },
      portLevelMtls: { '9999': { mode: 'STRICT' } },
    });
    expect(runAnalyzer(mtlsConflicts, [svc, v1, portDr, otherPort])).toEqual(
      [],
    );
  });

  it('checks subsets against the workloads they select', () => {
    const wl = pa('v2-strict', 'prod', {
      selector: { matchLabels: { version: 'v2' } },
      mtls: { mode: 'STRICT' },
    });
    const subsetDr = obj('DestinationRule', 'reviews', 'prod', {
      host: 'reviews',
      subsets: [
        {
          name: 'v1',
          labels: { version: 'v1' },
          trafficPolicy: { tls: { mode: 'DISABLE' } },
        },
        {
          name: 'v2',
          labels: { version: 'v2' },
          trafficPolicy: { tls: { mode: 'DISABLE' } },
        },
      ],
    });
    expect(
      summary(runAnalyzer(mtlsConflicts, [svc, v1, v2, subsetDr, wl])),
    ).toEqual([
      'IST0113 DestinationRule/reviews spec.subsets[1].trafficPolicy.tls.mode',
    ]);
  });
});
