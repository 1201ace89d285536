import { decideInjection, InjectorSetup } from './injectionDecision';

const defaultInstall: InjectorSetup = {
  revisions: ['default'],
  defaultRevision: 'default',
  tags: {},
};
const canaryInstall: InjectorSetup = {
  revisions: ['default', '1-27-1'],
  defaultRevision: 'default',
  tags: { prod: '1-27-1' },
};

function decide(
  nsLabels: Record<string, string>,
  podLabels: Record<string, string> = {},
  annotations: Record<string, string> = {},
  setup = defaultInstall,
  namespace = 'app',
) {
  return decideInjection(setup, {
    namespace,
    namespaceLabels: nsLabels,
    podLabels,
    podAnnotations: annotations,
  });
}

describe('decideInjection', () => {
  it('injects in a namespace labelled istio-injection=enabled', () => {
    expect(decide({ 'istio-injection': 'enabled' })).toMatchObject({
      inject: true,
      revision: 'default',
    });
  });

  it('does not inject in unlabelled or disabled namespaces', () => {
    expect(decide({}).inject).toBe(false);
    expect(decide({ 'istio-injection': 'disabled' }).inject).toBe(false);
  });

  it('lets istio-injection=disabled win over a pod label asking for injection', () => {
    expect(
      decide(
        { 'istio-injection': 'disabled' },
        { 'sidecar.istio.io/inject': 'true' },
      ).inject,
    ).toBe(false);
  });

  it('injects a pod labelled sidecar.istio.io/inject=true in an unlabelled namespace', () => {
    expect(decide({}, { 'sidecar.istio.io/inject': 'true' })).toMatchObject({
      inject: true,
      revision: 'default',
    });
  });

  it('ignores the legacy annotation alone in an unlabelled namespace (no webhook is called)', () => {
    expect(decide({}, {}, { 'sidecar.istio.io/inject': 'true' }).inject).toBe(
      false,
    );
  });

  it('lets a pod opt out with the label or the legacy annotation', () => {
    expect(
      decide(
        { 'istio-injection': 'enabled' },
        { 'sidecar.istio.io/inject': 'false' },
      ).inject,
    ).toBe(false);
    expect(
      decide(
        { 'istio-injection': 'enabled' },
        {},
        { 'sidecar.istio.io/inject': 'false' },
      ).inject,
    ).toBe(false);
  });

  it('prefers the label over the annotation when both are present', () => {
    expect(
      decide(
        { 'istio-injection': 'enabled' },
        { 'sidecar.istio.io/inject': 'true' },
        { 'sidecar.istio.io/inject': 'false' },
      ).inject,
    ).toBe(true);
    expect(
      decide(
        { 'istio-injection': 'enabled' },
        { 'sidecar.istio.io/inject': 'false' },
        { 'sidecar.istio.io/inject': 'true' },
      ).inject,
    ).toBe(false);
  });

  it('selects revisions with istio.io/rev on the namespace or the pod', () => {
    expect(decide({ 'istio.io/rev': 'default' })).toMatchObject({
      inject: true,
      revision: 'default',
    });
    expect(
      decide({ 'istio.io/rev': '1-27-1' }, {}, {}, canaryInstall),
    ).toMatchObject({ inject: true, revision: '1-27-1' });
    expect(
      decide({}, { 'istio.io/rev': '1-27-1' }, {}, canaryInstall),
    ).toMatchObject({ inject: true, revision: '1-27-1' });
    expect(
      decide({ 'istio.io/rev': 'missing' }, {}, {}, canaryInstall).inject,
    ).toBe(false);
  });

  it('resolves revision tags to their revision', () => {
    expect(
      decide({ 'istio.io/rev': 'prod' }, {}, {}, canaryInstall),
    ).toMatchObject({ inject: true, revision: '1-27-1' });
  });

  it('gives istio-injection precedence over istio.io/rev on the namespace', () => {
    expect(
      decide(
        { 'istio-injection': 'enabled', 'istio.io/rev': '1-27-1' },
        {},
        {},
        canaryInstall,
      ),
    ).toMatchObject({ revision: 'default' });
  });

  it('ignores a pod revision label when the namespace selects a revision', () => {
    expect(
      decide(
        { 'istio.io/rev': 'default' },
        { 'istio.io/rev': '1-27-1' },
        {},
        canaryInstall,
      ),
    ).toMatchObject({ revision: 'default' });
  });

  it('skips host-network pods, kube-system and already injected pods', () => {
    expect(
      decideInjection(defaultInstall, {
        namespace: 'a',
        namespaceLabels: { 'istio-injection': 'enabled' },
        podLabels: {},
        podAnnotations: {},
        hostNetwork: true,
      }).inject,
    ).toBe(false);
    expect(
      decide(
        { 'istio-injection': 'enabled' },
        {},
        {},
        defaultInstall,
        'kube-system',
      ).inject,
    ).toBe(false);
    expect(
      decide(
        { 'istio-injection': 'enabled' },
        {},
        { 'sidecar.istio.io/status': '{}' },
      ).inject,
    ).toBe(false);
  });

  it('accepts YAML truthy spellings in the pod choice', () => {
    expect(
      decide(
        { 'istio-injection': 'enabled' },
        {},
        { 'sidecar.istio.io/inject': 'yes' },
      ).inject,
    ).toBe(true);
    expect(
      decide(
        { 'istio-injection': 'enabled' },
        {},
        { 'sidecar.istio.io/inject': 'nonsense' },
      ).inject,
    ).toBe(false);
  });

  it('offers no default webhooks when no default revision is set', () => {
    const revisionsOnly: InjectorSetup = { revisions: ['1-27-1'], tags: {} };
    expect(
      decide({ 'istio-injection': 'enabled' }, {}, {}, revisionsOnly).inject,
    ).toBe(false);
    expect(
      decide({ 'istio.io/rev': '1-27-1' }, {}, {}, revisionsOnly).inject,
    ).toBe(true);
  });
});
