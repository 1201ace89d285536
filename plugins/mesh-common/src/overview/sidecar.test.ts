import { Namespace, Pod } from '../kube/types';
import { decideInjection } from '../istio/injection/decideInjection';
import { explainSidecar, proxyVersion } from './sidecar';

const ns = (labels: Record<string, string> = {}): Namespace => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'shop', labels },
});
const pod = (
  opts: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    proxy?: string;
  } = {},
): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'p',
    namespace: 'shop',
    labels: opts.labels,
    annotations: opts.annotations,
  },
  spec: {
    containers: [
      { name: 'app', image: 'app:1' },
      ...(opts.proxy ? [{ name: 'istio-proxy', image: opts.proxy }] : []),
    ],
  },
});

describe('decideInjection (Istio precedence)', () => {
  it('namespace istio-injection=disabled wins over a pod label', () => {
    const d = decideInjection(
      pod({ labels: { 'sidecar.istio.io/inject': 'true' } }),
      ns({ 'istio-injection': 'disabled' }),
    );
    expect(d).toMatchObject({
      expected: false,
      decidedBy: 'namespace-injection-label',
    });
  });

  it('pod label overrides an enabled namespace and the legacy annotation', () => {
    expect(
      decideInjection(
        pod({ labels: { 'sidecar.istio.io/inject': 'false' } }),
        ns({ 'istio-injection': 'enabled' }),
      ),
    ).toMatchObject({ expected: false, decidedBy: 'pod-label' });
    expect(
      decideInjection(
        pod({
          labels: { 'sidecar.istio.io/inject': 'true' },
          annotations: { 'sidecar.istio.io/inject': 'false' },
        }),
        ns(),
      ),
    ).toMatchObject({ expected: true, decidedBy: 'pod-label' });
  });

  it('legacy annotation false opts a pod out of an enabled namespace', () => {
    expect(
      decideInjection(
        pod({ annotations: { 'sidecar.istio.io/inject': 'false' } }),
        ns({ 'istio-injection': 'enabled' }),
      ),
    ).toMatchObject({
      expected: false,
      decidedBy: 'pod-annotation',
    });
  });

  it('istio-injection takes precedence over istio.io/rev on the namespace', () => {
    expect(
      decideInjection(
        pod(),
        ns({ 'istio-injection': 'enabled', 'istio.io/rev': 'canary' }),
      ),
    ).toMatchObject({
      decidedBy: 'namespace-injection-label',
      revision: 'default',
    });
    expect(
      decideInjection(pod(), ns({ 'istio.io/rev': 'canary' })),
    ).toMatchObject({
      expected: true,
      decidedBy: 'namespace-revision-label',
      revision: 'canary',
    });
  });

  it('a pod istio.io/rev label injects in an unlabelled namespace; nothing means no injection', () => {
    expect(
      decideInjection(pod({ labels: { 'istio.io/rev': '1-27' } }), ns()),
    ).toMatchObject({
      expected: true,
      decidedBy: 'pod-revision-label',
      revision: '1-27',
    });
    expect(decideInjection(pod(), ns())).toMatchObject({
      expected: false,
      decidedBy: 'none',
    });
  });
});

describe('explainSidecar', () => {
  it('explains an injected pod with its proxy version and revision', () => {
    const p = pod({
      proxy: 'docker.io/istio/proxyv2:1.27.1',
      annotations: { 'sidecar.istio.io/status': '{"revision":"default"}' },
    });
    const s = explainSidecar(p, ns({ 'istio-injection': 'enabled' }));
    expect(s).toMatchObject({
      injected: true,
      expected: true,
      revision: 'default',
    });
    expect(s.reason).toContain('istio-injection=enabled');
    expect(s.repair).toBeUndefined();
    expect(proxyVersion(p)).toBe('1.27.1');
  });

  it('gives a repair hint when a pod should have a sidecar but has none', () => {
    const s = explainSidecar(pod(), ns({ 'istio-injection': 'enabled' }));
    expect(s).toMatchObject({ injected: false, expected: true });
    expect(s.repair).toMatch(/rollout restart/);
  });

  it('flags a sidecar that injection no longer asks for', () => {
    const s = explainSidecar(pod({ proxy: 'istio/proxyv2:1.26.0' }), ns());
    expect(s).toMatchObject({ injected: true, expected: false });
    expect(s.repair).toBeDefined();
  });

  it('reads versions only from tags, not registry ports or digests', () => {
    expect(
      proxyVersion(pod({ proxy: 'registry:5000/istio/proxyv2' })),
    ).toBeUndefined();
    expect(
      proxyVersion(
        pod({ proxy: 'registry:5000/istio/proxyv2:1.25.2@sha256:abc' }),
      ),
    ).toBe('1.25.2');
    expect(proxyVersion(pod())).toBeUndefined();
  });
});
