import { authorize } from './authorize';
import { peerAuthenticationMode } from './peerAuthenticationMode';
import { IstioConfigObject } from './types';

const policy = (
  namespace: string,
  spec: Record<string, unknown>,
  created = '2026-01-01T00:00:00Z',
): IstioConfigObject => ({
  metadata: { name: 'p', namespace, creationTimestamp: created },
  spec,
});
const target = { namespace: 'bookinfo', labels: { app: 'details' } };
const fromProductpage = {
  principal: 'cluster.local/ns/bookinfo/sa/bookinfo-productpage',
  sourceNamespace: 'bookinfo',
  method: 'GET',
  path: '/details/0',
  host: 'details.bookinfo.svc.cluster.local',
};

describe('AuthorizationPolicy decisions', () => {
  it('allows without policies, denies on a matching DENY, requires a matching rule when ALLOW policies exist', () => {
    expect(authorize([], target, fromProductpage, 'istio-system')).toBe(
      'allow',
    );
    expect(
      authorize(
        [
          policy('bookinfo', {
            action: 'DENY',
            rules: [{ to: [{ operation: { methods: ['POST'] } }] }],
          }),
        ],
        target,
        fromProductpage,
        'istio-system',
      ),
    ).toBe('allow');
    expect(
      authorize(
        [
          policy('bookinfo', {
            action: 'DENY',
            rules: [{ to: [{ operation: { paths: ['/details/*'] } }] }],
          }),
        ],
        target,
        fromProductpage,
        'istio-system',
      ),
    ).toBe('deny');
    // `spec: {}` is Istio's allow-nothing policy; `rules: [{}]` allows everything.
    expect(
      authorize(
        [policy('bookinfo', {})],
        target,
        fromProductpage,
        'istio-system',
      ),
    ).toBe('deny');
    expect(
      authorize(
        [policy('bookinfo', { rules: [{}] })],
        target,
        fromProductpage,
        'istio-system',
      ),
    ).toBe('allow');
    const onlyProductpage = policy('bookinfo', {
      selector: { matchLabels: { app: 'details' } },
      rules: [
        {
          from: [
            {
              source: {
                principals: [
                  'cluster.local/ns/bookinfo/sa/bookinfo-productpage',
                ],
              },
            },
          ],
        },
      ],
    });
    expect(
      authorize([onlyProductpage], target, fromProductpage, 'istio-system'),
    ).toBe('allow');
    expect(
      authorize(
        [onlyProductpage],
        target,
        { ...fromProductpage, principal: undefined },
        'istio-system',
      ),
    ).toBe('deny');
    expect(
      authorize(
        [onlyProductpage],
        { ...target, labels: { app: 'ratings' } },
        { ...fromProductpage, principal: undefined },
        'istio-system',
      ),
    ).toBe('allow');
    // Root-namespace policies apply mesh-wide; other namespaces' do not.
    expect(
      authorize(
        [policy('istio-system', {})],
        target,
        fromProductpage,
        'istio-system',
      ),
    ).toBe('deny');
    expect(
      authorize([policy('other', {})], target, fromProductpage, 'istio-system'),
    ).toBe('allow');
    expect(
      authorize(
        [
          policy('bookinfo', {
            rules: [{ from: [{ source: { notNamespaces: ['bookinfo'] } }] }],
          }),
        ],
        target,
        fromProductpage,
        'istio-system',
      ),
    ).toBe('deny');
  });
});

describe('AuthorizationPolicy rules with several sources and with conditions', () => {
  it('matches one of several `from` entries, as Istio ORs them', () => {
    const twoSources = policy('bookinfo', {
      rules: [
        {
          from: [
            { source: { namespaces: ['frontend'] } },
            { source: { namespaces: ['bookinfo'] } },
          ],
        },
      ],
    });
    expect(
      authorize([twoSources], target, fromProductpage, 'istio-system'),
    ).toBe('allow');
    expect(
      authorize(
        [twoSources],
        target,
        { ...fromProductpage, sourceNamespace: 'other' },
        'istio-system',
      ),
    ).toBe('deny');
  });

  it('evaluates `when` on request headers and source attributes; absent attributes never match values', () => {
    const teamOnly = policy('bookinfo', {
      rules: [
        {
          when: [
            { key: 'request.headers[x-team]', values: ['reviews', 'ops-*'] },
            { key: 'source.namespace', notValues: ['legacy'] },
          ],
        },
      ],
    });
    expect(
      authorize(
        [teamOnly],
        target,
        { ...fromProductpage, headers: { 'x-team': 'ops-blue' } },
        'istio-system',
      ),
    ).toBe('allow');
    expect(
      authorize(
        [teamOnly],
        target,
        { ...fromProductpage, headers: { 'x-team': 'ratings' } },
        'istio-system',
      ),
    ).toBe('deny');
    expect(authorize([teamOnly], target, fromProductpage, 'istio-system')).toBe(
      'deny',
    );
    expect(
      authorize(
        [teamOnly],
        target,
        {
          ...fromProductpage,
          sourceNamespace: 'legacy',
          headers: { 'x-team': 'reviews' },
        },
        'istio-system',
      ),
    ).toBe('deny');
    const denyJwtless = policy('bookinfo', {
      action: 'DENY',
      rules: [
        {
          when: [
            {
              key: 'request.auth.claims[iss]',
              notValues: ['https://issuer.example.com'],
            },
          ],
        },
      ],
    });
    expect(
      authorize([denyJwtless], target, fromProductpage, 'istio-system'),
    ).toBe('deny');
  });
});

describe('PeerAuthentication mode', () => {
  it('prefers workload over namespace over mesh-wide policy, PERMISSIVE by default', () => {
    const mesh = policy('istio-system', { mtls: { mode: 'STRICT' } });
    const namespace = policy('bookinfo', { mtls: { mode: 'PERMISSIVE' } });
    const workload = policy('bookinfo', {
      selector: { matchLabels: { app: 'details' } },
      mtls: { mode: 'DISABLE' },
    });
    expect(peerAuthenticationMode([], target, 'istio-system')).toBe(
      'PERMISSIVE',
    );
    expect(peerAuthenticationMode([mesh], target, 'istio-system')).toBe(
      'STRICT',
    );
    expect(
      peerAuthenticationMode([mesh, namespace], target, 'istio-system'),
    ).toBe('PERMISSIVE');
    expect(
      peerAuthenticationMode(
        [mesh, namespace, workload],
        target,
        'istio-system',
      ),
    ).toBe('DISABLE');
    expect(
      peerAuthenticationMode(
        [mesh, policy('bookinfo', { mtls: { mode: 'UNSET' } })],
        target,
        'istio-system',
      ),
    ).toBe('STRICT');
  });
});
