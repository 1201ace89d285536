import { Namespace, Pod } from '../../kube/types';
import { explainSidecar } from '../../overview/sidecar';
import { decideInjection } from './decideInjection';
import { InjectorSetup, injectorSetupFrom } from './injectorSetup';
import { revisionWebhook, tagWebhook } from '../model/__fixtures__/webhooks';

const ns = (labels: Record<string, string> = {}, name = 'shop'): Namespace => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});
const pod = (
  o: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    injectedBy?: string;
    hostNetwork?: boolean;
    namespace?: string;
  } = {},
): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'p',
    namespace: o.namespace ?? 'shop',
    labels: o.labels,
    annotations: {
      ...o.annotations,
      ...(o.injectedBy
        ? {
            'sidecar.istio.io/status': JSON.stringify({
              revision: o.injectedBy,
            }),
          }
        : {}),
    },
  },
  spec: {
    hostNetwork: o.hostNetwork,
    containers: [
      { name: 'app' },
      ...(o.injectedBy
        ? [{ name: 'istio-proxy', image: 'istio/proxyv2:1.27.1' }]
        : []),
    ],
  },
});

const plain = injectorSetupFrom([revisionWebhook('default')]) as InjectorSetup;
/** A tag-based install with no default revision: `stable` → `canary`, nothing serves istio-injection=enabled. */
const tagged = injectorSetupFrom([
  revisionWebhook('canary'),
  tagWebhook('stable', 'canary'),
]) as InjectorSetup;
const defaultTag = injectorSetupFrom([
  revisionWebhook('1-26'),
  revisionWebhook('1-27'),
  tagWebhook('default', '1-27'),
  tagWebhook('prod', '1-26'),
]) as InjectorSetup;

describe("decideInjection with the cluster's webhooks", () => {
  it('a plain install injects istio-injection=enabled with the default revision', () => {
    expect(
      decideInjection(pod(), ns({ 'istio-injection': 'enabled' }), plain),
    ).toMatchObject({
      expected: true,
      decidedBy: 'namespace-injection-label',
      revision: 'default',
      webhook: 'namespace.sidecar-injector.istio.io',
    });
  });

  it('resolves a namespace revision tag to its revision', () => {
    const d = decideInjection(pod(), ns({ 'istio.io/rev': 'stable' }), tagged);
    expect(d).toMatchObject({
      expected: true,
      decidedBy: 'namespace-revision-label',
      revision: 'canary',
      tag: 'stable',
      webhook: 'rev.namespace.sidecar-injector.istio.io',
    });
    expect(d.why).toBe(
      'namespace shop has istio.io/rev=stable (webhook rev.namespace.sidecar-injector.istio.io, revision tag stable → revision canary)',
    );
  });

  it('a tag-based install with no default revision reports no false mismatch for canary-injected pods', () => {
    const s = explainSidecar(
      pod({ injectedBy: 'canary' }),
      ns({ 'istio.io/rev': 'stable' }),
      tagged,
    );
    expect(s).toMatchObject({
      injected: true,
      expected: true,
      revision: 'canary',
      expectedRevision: 'canary',
      tag: 'stable',
    });
    expect(s.repair).toBeUndefined();
    expect(s.reason).toContain('revision tag stable → revision canary');
  });

  it('istio-injection=enabled in such a cluster means not injected: no webhook serves it', () => {
    const d = decideInjection(
      pod(),
      ns({ 'istio-injection': 'enabled' }),
      tagged,
    );
    expect(d).toMatchObject({
      expected: false,
      decidedBy: 'namespace-injection-label',
    });
    expect(d.why).toContain('no webhook serves istio-injection=enabled');
    const s = explainSidecar(
      pod(),
      ns({ 'istio-injection': 'enabled' }),
      tagged,
    );
    expect(s).toMatchObject({ injected: false, expected: false });
    expect(s.repair).toBeUndefined();
    expect(s.reason).toMatch(
      /^Not injected because namespace shop has istio-injection=enabled, but no webhook serves istio-injection=enabled/,
    );
    // Nor does the pod label sidecar.istio.io/inject=true, which also belongs to the default webhooks.
    expect(
      decideInjection(
        pod({ labels: { 'sidecar.istio.io/inject': 'true' } }),
        ns(),
        tagged,
      ),
    ).toMatchObject({ expected: false, decidedBy: 'pod-label' });
  });

  it('istio-injection on the namespace shuts out istio.io/rev, even when it serves nothing', () => {
    expect(
      decideInjection(
        pod(),
        ns({ 'istio-injection': 'enabled', 'istio.io/rev': 'stable' }),
        tagged,
      ),
    ).toMatchObject({
      expected: false,
      decidedBy: 'namespace-injection-label',
    });
    expect(
      decideInjection(
        pod(),
        ns({ 'istio-injection': 'enabled', 'istio.io/rev': 'canary' }),
        plain,
      ),
    ).toMatchObject({ expected: true, revision: 'default' });
  });

  it('the default tag serves istio-injection=enabled and inject=true with its revision', () => {
    expect(
      decideInjection(pod(), ns({ 'istio-injection': 'enabled' }), defaultTag),
    ).toMatchObject({ expected: true, revision: '1-27' });
    expect(
      decideInjection(
        pod({ labels: { 'sidecar.istio.io/inject': 'true' } }),
        ns(),
        defaultTag,
      ),
    ).toMatchObject({
      expected: true,
      decidedBy: 'pod-label',
      revision: '1-27',
      webhook: 'object.sidecar-injector.istio.io',
    });
    expect(
      decideInjection(pod(), ns({ 'istio.io/rev': 'prod' }), defaultTag),
    ).toMatchObject({ expected: true, revision: '1-26', tag: 'prod' });
  });

  it('a pod istio.io/rev label counts only when the namespace has neither label', () => {
    expect(
      decideInjection(
        pod({ labels: { 'istio.io/rev': 'stable' } }),
        ns(),
        tagged,
      ),
    ).toMatchObject({
      expected: true,
      decidedBy: 'pod-revision-label',
      revision: 'canary',
    });
    expect(
      decideInjection(
        pod({ labels: { 'istio.io/rev': 'stable' } }),
        ns({ 'istio.io/rev': 'nope' }),
        tagged,
      ),
    ).toMatchObject({ expected: false, decidedBy: 'namespace-revision-label' });
    expect(
      decideInjection(pod({ labels: { 'istio.io/rev': 'gone' } }), ns(), tagged)
        .why,
    ).toContain(
      'names no installed control-plane revision or revision tag (installed: canary, stable)',
    );
  });

  it('the pod label opts out before the legacy annotation, and false excludes the pod from every webhook', () => {
    const on = ns({ 'istio.io/rev': 'stable' });
    expect(
      decideInjection(
        pod({ labels: { 'sidecar.istio.io/inject': 'false' } }),
        on,
        tagged,
      ),
    ).toMatchObject({ expected: false, decidedBy: 'pod-label' });
    expect(
      decideInjection(
        pod({ annotations: { 'sidecar.istio.io/inject': 'false' } }),
        on,
        tagged,
      ),
    ).toMatchObject({
      expected: false,
      decidedBy: 'pod-annotation',
      webhook: 'rev.namespace.sidecar-injector.istio.io',
    });
    expect(
      decideInjection(
        pod({
          labels: { 'sidecar.istio.io/inject': 'true' },
          annotations: { 'sidecar.istio.io/inject': 'false' },
        }),
        on,
        tagged,
      ),
    ).toMatchObject({ expected: true });
    expect(
      decideInjection(
        pod({ labels: { 'sidecar.istio.io/inject': 'no' } }),
        on,
        tagged,
      ),
    ).toMatchObject({ expected: false, decidedBy: 'pod-label' });
    // Only y/yes/true/on (any case) keep injection on; the injector reads anything else as "no".
    expect(
      decideInjection(
        pod({ annotations: { 'sidecar.istio.io/inject': 'enabled' } }),
        on,
        tagged,
      ),
    ).toMatchObject({ expected: false, decidedBy: 'pod-annotation' });
    expect(
      decideInjection(
        pod({ labels: { 'sidecar.istio.io/inject': 'On' } }),
        on,
        tagged,
      ),
    ).toMatchObject({ expected: true });
  });

  it('skips host-network pods and the ignored namespaces', () => {
    expect(
      decideInjection(
        pod({ hostNetwork: true }),
        ns({ 'istio-injection': 'enabled' }),
        plain,
      ),
    ).toMatchObject({ expected: false, decidedBy: 'host-network' });
    expect(
      decideInjection(
        pod({ namespace: 'kube-system' }),
        ns({ 'istio-injection': 'enabled' }, 'kube-system'),
        plain,
      ),
    ).toMatchObject({ expected: false, decidedBy: 'ignored-namespace' });
  });

  it('a revision the namespace no longer points at is a repair, not a false "expected"', () => {
    const s = explainSidecar(
      pod({ injectedBy: '1-26' }),
      ns({ 'istio-injection': 'enabled' }),
      defaultTag,
    );
    expect(s).toMatchObject({
      injected: true,
      expected: true,
      revision: '1-26',
      expectedRevision: '1-27',
    });
    expect(s.repair).toContain('revision 1-27');
  });

  it('without webhook configurations it decides from labels, as before', () => {
    expect(
      decideInjection(pod(), ns({ 'istio-injection': 'enabled' })),
    ).toMatchObject({
      expected: true,
      revision: 'default',
      decidedBy: 'namespace-injection-label',
    });
    expect(
      decideInjection(pod(), ns({ 'istio.io/rev': 'stable' })),
    ).toMatchObject({ expected: true, revision: 'stable' });
    expect(
      explainSidecar(
        pod({ injectedBy: '1-26' }),
        ns({ 'istio-injection': 'enabled' }),
      ).repair,
    ).toBeUndefined();
  });
});
