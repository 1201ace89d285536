import { AuthorizationPolicy, AuthzRule } from '../istio/model/security';
import { istio } from '../istio/model/__fixtures__/objects';
import {
  describeAuthorizationPolicy,
  describeAuthzRule,
  describePrincipal,
} from './describeAuthorizationPolicy';

const ap = (
  spec: AuthorizationPolicy['spec'],
  namespace = 'bookinfo',
): AuthorizationPolicy =>
  istio('AuthorizationPolicy', namespace, 'p', spec) as AuthorizationPolicy;

const rule = (r: AuthzRule) => describeAuthzRule('ALLOW', r);

describe('describePrincipal', () => {
  it('reads SPIFFE principals as service accounts', () => {
    expect(describePrincipal('cluster.local/ns/bookinfo/sa/reviews')).toBe(
      'service account bookinfo/reviews',
    );
    expect(describePrincipal('spiffe://cluster.local/ns/a/sa/b')).toBe(
      'service account a/b',
    );
    expect(describePrincipal('corp.example/ns/a/sa/b')).toBe(
      'service account a/b (trust domain corp.example)',
    );
    expect(describePrincipal('*')).toBe('any mTLS peer');
    expect(describePrincipal('*/ns/a/sa/*')).toBe(
      'service account a/* (trust domain *)',
    );
    expect(describePrincipal('something-else')).toBe(
      'principal something-else',
    );
  });
});

describe('describeAuthzRule', () => {
  it('renders the issue example', () => {
    expect(
      rule({
        from: [{ source: { namespaces: ['frontend'] } }],
        to: [{ operation: { methods: ['GET', 'POST'], paths: ['/api/*'] } }],
        when: [{ key: 'request.auth.claims[group]', values: ['admins'] }],
      }),
    ).toBe(
      'ALLOW GET, POST on /api/* from namespace frontend when request.auth.claims[group] = admins',
    );
  });

  it('renders an empty rule as any request from any caller', () => {
    expect(rule({})).toBe('ALLOW any request from any caller');
  });

  it('renders every source field, fields joined, sources alternatives', () => {
    expect(
      rule({
        from: [
          {
            source: {
              principals: [
                'cluster.local/ns/bookinfo/sa/bookinfo-productpage',
                'cluster.local/ns/bookinfo/sa/bookinfo-reviews',
              ],
              notPrincipals: ['cluster.local/ns/bookinfo/sa/evil'],
            },
          },
          { source: { namespaces: ['a', 'b'], notNamespaces: ['c'] } },
          {
            source: {
              ipBlocks: ['10.0.0.0/8'],
              notIpBlocks: ['10.1.0.0/16', '10.2.0.0/16'],
            },
          },
          {
            source: {
              remoteIpBlocks: ['1.2.3.4'],
              notRemoteIpBlocks: ['5.6.7.8'],
            },
          },
          {
            source: {
              requestPrincipals: ['https://idp.example/alice', '*'],
              notRequestPrincipals: ['https://idp.example/bob'],
            },
          },
          { source: { namespaces: ['*'] } },
        ],
      }),
    ).toBe(
      'ALLOW any request from ' +
        'service account bookinfo/bookinfo-productpage or service account bookinfo/bookinfo-reviews, not service account bookinfo/evil' +
        ' or namespaces a, b, not namespace c' +
        ' or peer IP 10.0.0.0/8, peer not IPs 10.1.0.0/16, 10.2.0.0/16' +
        ' or client IP 1.2.3.4 (X-Forwarded-For), client not IP 5.6.7.8 (X-Forwarded-For)' +
        ' or with a JWT from issuer https://idp.example with subject alice or any valid JWT, without a JWT from issuer https://idp.example with subject bob' +
        ' or any namespace (mTLS peers only)',
    );
  });

  it('renders an empty source as any caller', () => {
    expect(rule({ from: [{ source: {} }, {}] })).toBe(
      'ALLOW any request from any caller or any caller',
    );
  });

  it('renders every operation field', () => {
    expect(
      rule({
        to: [
          {
            operation: {
              methods: ['GET'],
              paths: ['/a', '/b/*'],
              notPaths: ['/b/admin'],
              ports: ['9080'],
              notPorts: ['15000', '15001'],
              hosts: ['ratings.example'],
              notHosts: ['a.example', 'b.example'],
            },
          },
          { operation: { notMethods: ['DELETE', 'PUT'] } },
          { operation: { ports: ['80', '443'], hosts: ['x', 'y'] } },
          {},
        ],
      }),
    ).toBe(
      'ALLOW GET on /a, /b/* not on /b/admin to port 9080 not to ports 15000, 15001 for host ratings.example not for hosts a.example, b.example' +
        ' or any method except DELETE, PUT' +
        ' or any request to ports 80, 443 for hosts x, y' +
        ' or any request from any caller',
    );
  });

  it('renders conditions with values, notValues and both', () => {
    expect(
      rule({
        when: [
          { key: 'request.headers[x-env]', values: ['prod', 'stage'] },
          { key: 'source.ip', notValues: ['10.0.0.1'] },
          { key: 'request.auth.audiences', notValues: ['a', 'b'] },
          { key: 'destination.port', values: ['9080'], notValues: ['9090'] },
          { key: 'connection.sni' },
        ],
      }),
    ).toBe(
      'ALLOW any request from any caller when request.headers[x-env] in [prod, stage]' +
        ' and source.ip ≠ 10.0.0.1 and request.auth.audiences not in [a, b]' +
        ' and destination.port = 9080 but ≠ 9090 and connection.sni (no values)',
    );
  });
});

describe('describeAuthorizationPolicy', () => {
  it('says an ALLOW policy without rules allows nothing', () => {
    const d = describeAuthorizationPolicy(ap({}), 'istio-system');
    expect(d.summary).toMatch(/^allows nothing/);
    expect(d.lines).toEqual([
      { text: 'applies to every workload in namespace bookinfo', path: '' },
    ]);
  });

  it('says an ALLOW policy with an empty rule allows everything', () => {
    const d = describeAuthorizationPolicy(ap({ rules: [{}] }), 'istio-system');
    expect(d.summary).toMatch(/^allows every request/);
    expect(d.lines[1]).toEqual({
      text: 'ALLOW any request from any caller',
      path: 'spec.rules[0]',
    });
  });

  it('says a DENY policy without rules denies nothing and with an empty rule denies all', () => {
    expect(
      describeAuthorizationPolicy(ap({ action: 'DENY' }), 'istio-system')
        .summary,
    ).toMatch(/^denies nothing/);
    expect(
      describeAuthorizationPolicy(
        ap({ action: 'DENY', rules: [{}] }),
        'istio-system',
      ).summary,
    ).toMatch(/^denies every request/);
    const d = describeAuthorizationPolicy(
      ap({
        action: 'DENY',
        rules: [{ to: [{ operation: { methods: ['DELETE'] } }] }],
      }),
      'istio-system',
    );
    expect(d.summary).toMatch(/before any ALLOW policy/);
    expect(d.lines[1].text).toBe('DENY DELETE from any caller');
  });

  it('renders AUDIT and CUSTOM with its provider', () => {
    const audit = describeAuthorizationPolicy(
      ap({ action: 'AUDIT', rules: [{}] }),
      'istio-system',
    );
    expect(audit.summary).toMatch(/never allows or denies/);
    expect(audit.lines[1].text).toBe('AUDIT any request from any caller');
    const custom = describeAuthorizationPolicy(
      ap({
        action: 'CUSTOM',
        provider: { name: 'ext-authz' },
        rules: [{ to: [{ operation: { paths: ['/admin/*'] } }] }],
      }),
      'istio-system',
    );
    expect(custom.summary).toMatch(/external authorizer ext-authz/);
    expect(custom.lines[1].text).toBe(
      'CUSTOM (provider ext-authz) any request on /admin/* from any caller',
    );
    const noProvider = describeAuthorizationPolicy(
      ap({ action: 'CUSTOM', rules: [{}] }),
      'istio-system',
    );
    expect(noProvider.summary).toBe('names no provider, so Istio rejects it');
    expect(noProvider.lines[1].text).toMatch(/^CUSTOM \(no provider\)/);
  });

  it('says where it applies: selector, namespace, mesh, root selector, targetRefs', () => {
    const at = (spec: AuthorizationPolicy['spec'], ns = 'bookinfo') =>
      describeAuthorizationPolicy(ap(spec, ns), 'istio-system').lines[0];
    expect(
      at({ selector: { matchLabels: { app: 'ratings', version: 'v1' } } }),
    ).toEqual({
      text: 'applies to workloads labelled app=ratings, version=v1 in namespace bookinfo',
      path: 'spec.selector.matchLabels',
    });
    expect(at({}, 'istio-system').text).toBe(
      'applies to every workload of the mesh (root namespace istio-system, no selector)',
    );
    expect(
      at({ selector: { matchLabels: { app: 'x' } } }, 'istio-system').text,
    ).toBe('applies to workloads labelled app=x in every namespace');
    expect(
      at({
        targetRefs: [
          { kind: 'Service', group: '', name: 'ratings' },
          {
            kind: 'Gateway',
            group: 'gateway.networking.k8s.io',
            name: 'gw',
            namespace: 'edge',
          },
        ],
      }),
    ).toEqual({
      text: 'applies to Service bookinfo/ratings, Gateway edge/gw (targetRefs)',
      path: 'spec.targetRefs',
    });
    expect(at({ targetRef: { kind: 'Gateway', name: 'gw' } }).path).toBe(
      'spec.targetRef',
    );
  });
});
