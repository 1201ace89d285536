import { KubeObject } from '../../kube/types';
import { MeshIndex } from '../index/MeshIndex';
import { bookinfoKube } from '../model/__fixtures__/bookinfo';
import { istio, pod } from '../model/__fixtures__/objects';
import { AuthorizationPolicySpec } from '../model/security';
import { authorizeRequest } from './authorizeRequest';
import { AuthzRequest } from './types';

const ap = (
  namespace: string,
  name: string,
  spec: AuthorizationPolicySpec,
  creationTimestamp?: string,
) => istio('AuthorizationPolicy', namespace, name, spec, { creationTimestamp });
const meshObjects = (...objects: KubeObject[]) => [
  ...bookinfoKube().map(o =>
    o.kind === 'Pod' && o.metadata.name === 'productpage-v1-0'
      ? { ...o, status: { podIP: '10.1.0.5' } }
      : o,
  ),
  ...objects,
];
const build = (...objects: KubeObject[]) =>
  MeshIndex.build(meshObjects(...objects));

const PRODUCTPAGE = 'cluster.local/ns/bookinfo/sa/bookinfo-productpage';
const req = (over: Partial<AuthzRequest> = {}): AuthzRequest => ({
  source: { namespace: 'bookinfo', pod: 'productpage-v1-0' },
  destination: {
    namespace: 'bookinfo',
    pod: 'reviews-v1-0',
    service: 'reviews',
  },
  port: 9080,
  method: 'GET',
  path: '/reviews/1',
  ...over,
});
const allowReviewsFrom = (
  source: Record<string, unknown>,
  to: Record<string, unknown> = {},
) =>
  ap('bookinfo', 'reviews-allow', {
    selector: { matchLabels: { app: 'reviews' } },
    action: 'ALLOW',
    rules: [{ from: [{ source }], to: [{ operation: to }] }],
  });

describe('authorizeRequest: defaults and order', () => {
  it('allows when no policy applies', () => {
    const d = authorizeRequest(build(), req());
    expect(d).toMatchObject({
      allowed: true,
      action: null,
      policy: null,
      ruleIndex: null,
      status: 200,
      principal: PRODUCTPAGE,
    });
  });

  it('denies everything with an allow-nothing policy (ALLOW without rules)', () => {
    const d = authorizeRequest(
      build(ap('bookinfo', 'allow-nothing', {})),
      req(),
    );
    expect(d).toMatchObject({
      allowed: false,
      action: null,
      policy: null,
      status: 403,
    });
    expect(d.reason).toMatch(/none matches/);
    expect(d.steps.some(s => s.kind === 'no-rules')).toBe(true);
  });

  it('allows everything with rules: [{}], and DENY with rules: [{}] beats it', () => {
    const allowAll = ap('bookinfo', 'allow-all', { rules: [{}] });
    expect(authorizeRequest(build(allowAll), req())).toMatchObject({
      allowed: true,
      action: 'ALLOW',
      policy: { name: 'allow-all' },
      ruleIndex: 0,
    });
    const denyAll = ap('bookinfo', 'deny-all', { action: 'DENY', rules: [{}] });
    expect(authorizeRequest(build(allowAll, denyAll), req())).toMatchObject({
      allowed: false,
      action: 'DENY',
      policy: { name: 'deny-all' },
      ruleIndex: 0,
    });
  });

  it('ignores DENY policies without rules', () => {
    expect(
      authorizeRequest(
        build(ap('bookinfo', 'deny-nothing', { action: 'DENY' })),
        req(),
      ).allowed,
    ).toBe(true);
  });

  it('evaluates CUSTOM first: a denying provider wins over ALLOW', () => {
    const custom = ap('bookinfo', 'ext', {
      action: 'CUSTOM',
      provider: { name: 'opa' },
      rules: [{ to: [{ operation: { paths: ['/reviews/*'] } }] }],
    });
    const allowAll = ap('bookinfo', 'allow-all', { rules: [{}] });
    expect(
      authorizeRequest(
        build(custom, allowAll),
        req({ customDecision: 'deny' }),
      ),
    ).toMatchObject({
      allowed: false,
      action: 'CUSTOM',
      policy: { name: 'ext' },
    });
    const allowed = authorizeRequest(build(custom, allowAll), req());
    expect(allowed).toMatchObject({ allowed: true, action: 'ALLOW' });
    expect(allowed.steps.some(s => s.kind === 'custom')).toBe(true);
  });

  it('never decides on AUDIT', () => {
    const audit = ap('bookinfo', 'audit', { action: 'AUDIT', rules: [{}] });
    const d = authorizeRequest(build(audit), req());
    expect(d.allowed).toBe(true);
    expect(d.steps.some(s => s.kind === 'audit')).toBe(true);
  });

  it('names the first matching rule and why earlier rules failed', () => {
    const p = ap('bookinfo', 'multi', {
      rules: [
        { to: [{ operation: { methods: ['POST'] } }] },
        { to: [{ operation: { paths: ['/reviews/*'] } }] },
      ],
    });
    const d = authorizeRequest(build(p), req());
    expect(d).toMatchObject({
      allowed: true,
      ruleIndex: 1,
      policy: { namespace: 'bookinfo', name: 'multi' },
    });
    expect(d.steps.find(s => s.kind === 'rule-not-matched')).toMatchObject({
      ruleIndex: 0,
      reason: 'to: method "GET" is not in [POST]',
    });
  });
});

describe('authorizeRequest: scope', () => {
  it('applies namespace-wide policies only in their namespace', () => {
    const i = build(
      pod('legacy', 'web-0', { app: 'web' }),
      ap('legacy', 'deny-all', { action: 'DENY', rules: [{}] }),
    );
    expect(authorizeRequest(i, req()).allowed).toBe(true);
    expect(
      authorizeRequest(
        i,
        req({ destination: { namespace: 'legacy', pod: 'web-0' } }),
      ).allowed,
    ).toBe(false);
  });

  it('applies selector policies only to selected workloads', () => {
    const i = build(
      ap('bookinfo', 'ratings-deny', {
        selector: { matchLabels: { app: 'ratings' } },
        action: 'DENY',
        rules: [{}],
      }),
    );
    expect(authorizeRequest(i, req()).allowed).toBe(true);
    expect(
      authorizeRequest(
        i,
        req({ destination: { namespace: 'bookinfo', pod: 'ratings-v1-0' } }),
      ).allowed,
    ).toBe(false);
    expect(
      authorizeRequest(
        i,
        req({
          destination: { namespace: 'bookinfo', labels: { app: 'ratings' } },
        }),
      ).allowed,
    ).toBe(false);
  });

  it('applies root-namespace policies mesh-wide, with selectors in every namespace', () => {
    const i = build(
      ap('istio-system', 'reviews-deny', {
        selector: { matchLabels: { app: 'reviews' } },
        action: 'DENY',
        rules: [{}],
      }),
    );
    expect(authorizeRequest(i, req()).policy).toEqual({
      namespace: 'istio-system',
      name: 'reviews-deny',
    });
    expect(
      authorizeRequest(
        i,
        req({ destination: { namespace: 'bookinfo', pod: 'ratings-v1-0' } }),
      ).allowed,
    ).toBe(true);
    const meshWide = build(
      pod('legacy', 'web-0', { app: 'web' }),
      ap('istio-system', 'deny-all', { action: 'DENY', rules: [{}] }),
    );
    expect(
      authorizeRequest(
        meshWide,
        req({ destination: { namespace: 'legacy', pod: 'web-0' } }),
      ).allowed,
    ).toBe(false);
  });

  it('attaches by targetRefs to a Gateway API gateway or a Service', () => {
    const gwPod = pod('bookinfo', 'gw-0', {
      'gateway.networking.k8s.io/gateway-name': 'bookinfo-gw',
    });
    const byGateway = ap('bookinfo', 'gw-deny', {
      targetRefs: [
        {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: 'bookinfo-gw',
        },
      ],
      action: 'DENY',
      rules: [{}],
    });
    const i = build(gwPod, byGateway);
    expect(
      authorizeRequest(
        i,
        req({ destination: { namespace: 'bookinfo', pod: 'gw-0' } }),
      ).allowed,
    ).toBe(false);
    expect(authorizeRequest(i, req()).allowed).toBe(true);
    const byService = build(
      ap('bookinfo', 'svc-deny', {
        targetRefs: [{ kind: 'Service', group: '', name: 'reviews' }],
        action: 'DENY',
        rules: [{}],
      }),
    );
    expect(authorizeRequest(byService, req()).allowed).toBe(false);
    expect(
      authorizeRequest(
        byService,
        req({
          destination: {
            namespace: 'bookinfo',
            pod: 'ratings-v1-0',
            service: 'ratings',
          },
        }),
      ).allowed,
    ).toBe(true);
  });
});

describe('authorizeRequest: sources', () => {
  it('matches principals, and a sidecar-less caller has none', () => {
    const i = build(allowReviewsFrom({ principals: [PRODUCTPAGE] }));
    expect(authorizeRequest(i, req()).allowed).toBe(true);
    const sleep = authorizeRequest(
      i,
      req({ source: { namespace: 'legacy', pod: 'sleep-0' } }),
    );
    expect(sleep.allowed).toBe(false);
    expect(sleep.principal).toBeNull();
    expect(
      authorizeRequest(
        i,
        req({ source: { namespace: 'bookinfo', pod: 'details-v1-0' } }),
      ).allowed,
    ).toBe(false);
  });

  it('uses the default service account when the pod names none', () => {
    const i = build(
      pod('bookinfo', 'anon-0', { app: 'anon' }),
      allowReviewsFrom({
        principals: ['cluster.local/ns/bookinfo/sa/default'],
      }),
    );
    expect(
      authorizeRequest(
        i,
        req({ source: { namespace: 'bookinfo', pod: 'anon-0' } }),
      ).allowed,
    ).toBe(true);
  });

  it('honours the trust domain', () => {
    const i = build(
      allowReviewsFrom({
        principals: ['example.org/ns/bookinfo/sa/bookinfo-productpage'],
      }),
    );
    expect(authorizeRequest(i, req()).allowed).toBe(false);
    expect(
      authorizeRequest(i, req({ trustDomain: 'example.org' })).allowed,
    ).toBe(true);
  });

  it('takes the trust domain from the index (meshConfig.trustDomain) when the request names none', () => {
    const i = MeshIndex.build(
      meshObjects(
        allowReviewsFrom({
          principals: ['example.org/ns/bookinfo/sa/bookinfo-productpage'],
        }),
      ),
      { trustDomain: 'example.org' },
    );
    expect(authorizeRequest(i, req()).allowed).toBe(true);
  });

  it('matches principal prefixes, suffixes and presence, and notPrincipals', () => {
    expect(
      authorizeRequest(
        build(
          allowReviewsFrom({ principals: ['cluster.local/ns/bookinfo/*'] }),
        ),
        req(),
      ).allowed,
    ).toBe(true);
    expect(
      authorizeRequest(
        build(allowReviewsFrom({ principals: ['*/sa/bookinfo-productpage'] })),
        req(),
      ).allowed,
    ).toBe(true);
    expect(
      authorizeRequest(build(allowReviewsFrom({ principals: ['*'] })), req())
        .allowed,
    ).toBe(true);
    expect(
      authorizeRequest(
        build(allowReviewsFrom({ principals: ['*'] })),
        req({ source: { namespace: 'legacy', pod: 'sleep-0' } }),
      ).allowed,
    ).toBe(false);
    // Deny callers without identity: notPrincipals ["*"].
    const denyPlain = build(
      ap('bookinfo', 'deny-plaintext', {
        action: 'DENY',
        rules: [{ from: [{ source: { notPrincipals: ['*'] } }] }],
      }),
    );
    expect(authorizeRequest(denyPlain, req()).allowed).toBe(true);
    expect(
      authorizeRequest(
        denyPlain,
        req({ source: { namespace: 'legacy', pod: 'sleep-0' } }),
      ).allowed,
    ).toBe(false);
  });

  it('matches namespaces and notNamespaces through the principal', () => {
    const i = build(
      allowReviewsFrom({ namespaces: ['bookinfo'], notNamespaces: ['legacy'] }),
    );
    expect(authorizeRequest(i, req()).allowed).toBe(true);
    expect(
      authorizeRequest(
        i,
        req({ source: { namespace: 'legacy', pod: 'sleep-0' } }),
      ).allowed,
    ).toBe(false);
    const notNs = build(allowReviewsFrom({ notNamespaces: ['bookinfo'] }));
    expect(authorizeRequest(notNs, req()).allowed).toBe(false);
  });

  it('matches ipBlocks against the caller pod IP and remoteIpBlocks against the original client', () => {
    expect(
      authorizeRequest(
        build(allowReviewsFrom({ ipBlocks: ['10.1.0.0/16'] })),
        req(),
      ).allowed,
    ).toBe(true);
    expect(
      authorizeRequest(
        build(allowReviewsFrom({ ipBlocks: ['10.2.0.0/16'] })),
        req(),
      ).allowed,
    ).toBe(false);
    expect(
      authorizeRequest(
        build(allowReviewsFrom({ notIpBlocks: ['10.1.0.5'] })),
        req(),
      ).allowed,
    ).toBe(false);
    const remote = build(
      allowReviewsFrom({ remoteIpBlocks: ['203.0.113.0/24'] }),
    );
    expect(
      authorizeRequest(
        remote,
        req({
          source: {
            namespace: 'bookinfo',
            pod: 'productpage-v1-0',
            remoteIp: '203.0.113.7',
          },
        }),
      ).allowed,
    ).toBe(true);
    expect(
      authorizeRequest(
        remote,
        req({
          source: {
            namespace: 'bookinfo',
            pod: 'productpage-v1-0',
            remoteIp: '198.51.100.1',
          },
        }),
      ).allowed,
    ).toBe(false);
  });

  it('ORs sources and ANDs fields within one source', () => {
    const p = ap('bookinfo', 'p', {
      rules: [
        {
          from: [
            { source: { principals: [PRODUCTPAGE], namespaces: ['other'] } },
            { source: { namespaces: ['bookinfo'] } },
          ],
        },
      ],
    });
    expect(authorizeRequest(build(p), req()).allowed).toBe(true);
    const and = ap('bookinfo', 'p', {
      rules: [
        {
          from: [
            { source: { principals: [PRODUCTPAGE], namespaces: ['other'] } },
          ],
        },
      ],
    });
    expect(authorizeRequest(build(and), req()).allowed).toBe(false);
  });

  it('has no principal when the destination disables mTLS', () => {
    const i = build(
      allowReviewsFrom({ principals: [PRODUCTPAGE] }),
      istio('PeerAuthentication', 'bookinfo', 'off', {
        mtls: { mode: 'DISABLE' },
      }),
    );
    const d = authorizeRequest(i, req());
    expect(d.allowed).toBe(false);
    expect(d.principal).toBeNull();
  });
});

describe('authorizeRequest: operations', () => {
  const allowOp = (operation: Record<string, unknown>) =>
    build(allowReviewsFrom({}, operation));
  it.each<[string, Record<string, unknown>, Partial<AuthzRequest>, boolean]>([
    ['method', { methods: ['GET', 'HEAD'] }, {}, true],
    ['method miss', { methods: ['POST'] }, {}, false],
    ['notMethods', { notMethods: ['DELETE'] }, { method: 'delete' }, false],
    ['path exact', { paths: ['/reviews/1'] }, {}, true],
    ['path exact miss', { paths: ['/reviews'] }, {}, false],
    ['path prefix /x/*', { paths: ['/reviews/*'] }, {}, true],
    ['path prefix miss', { paths: ['/ratings/*'] }, {}, false],
    ['path suffix *.js', { paths: ['*.js'] }, { path: '/static/app.js' }, true],
    [
      'path suffix miss',
      { paths: ['*.js'] },
      { path: '/static/app.css' },
      false,
    ],
    ['path presence *', { paths: ['*'] }, {}, true],
    [
      'path ignores query',
      { paths: ['/reviews/1'] },
      { path: '/reviews/1?x=1' },
      true,
    ],
    ['notPaths', { notPaths: ['/admin*'] }, { path: '/admin/users' }, false],
    ['port', { ports: ['9080'] }, {}, true],
    ['port miss', { ports: ['8080'] }, {}, false],
    ['notPorts', { notPorts: ['9080'] }, {}, false],
    [
      'host',
      { hosts: ['reviews.bookinfo.svc.cluster.local'] },
      { host: 'Reviews.Bookinfo.svc.cluster.local' },
      true,
    ],
    [
      'host suffix',
      { hosts: ['*.bookinfo.svc.cluster.local'] },
      { host: 'reviews.bookinfo.svc.cluster.local' },
      true,
    ],
    ['host miss', { hosts: ['ratings'] }, { host: 'reviews' }, false],
    ['host absent', { hosts: ['reviews'] }, {}, false],
    ['notHosts', { notHosts: ['reviews'] }, { host: 'reviews' }, false],
    ['fields AND', { methods: ['GET'], paths: ['/ratings/*'] }, {}, false],
  ])('%s', (_, operation, over, allowed) => {
    expect(authorizeRequest(allowOp(operation), req(over)).allowed).toBe(
      allowed,
    );
  });

  it('ORs operations', () => {
    const p = ap('bookinfo', 'p', {
      rules: [
        {
          to: [
            { operation: { methods: ['POST'] } },
            { operation: { paths: ['/reviews/*'] } },
          ],
        },
      ],
    });
    expect(authorizeRequest(build(p), req()).allowed).toBe(true);
  });
});

describe('authorizeRequest: conditions and JWT', () => {
  const ra = istio('RequestAuthentication', 'bookinfo', 'jwt', {
    selector: { matchLabels: { app: 'reviews' } },
    jwtRules: [
      { issuer: 'https://issuer.example.com', audiences: ['bookinfo'] },
    ],
  });
  const jwt = {
    issuer: 'https://issuer.example.com',
    subject: 'alice',
    audiences: ['bookinfo'],
    claims: { groups: ['dev', 'ops'], org: { team: 'books' } },
  };
  const when = (key: string, values?: string[], notValues?: string[]) =>
    ap('bookinfo', 'when', { rules: [{ when: [{ key, values, notValues }] }] });

  it('derives the request principal from an accepted token', () => {
    const i = build(
      ra,
      ap('bookinfo', 'need-jwt', {
        rules: [
          {
            from: [
              {
                source: {
                  requestPrincipals: ['https://issuer.example.com/alice'],
                },
              },
            ],
          },
        ],
      }),
    );
    const d = authorizeRequest(i, req({ jwt }));
    expect(d).toMatchObject({
      allowed: true,
      requestPrincipal: 'https://issuer.example.com/alice',
    });
    expect(authorizeRequest(i, req()).allowed).toBe(false);
    const anyJwt = build(
      ra,
      ap('bookinfo', 'any-jwt', {
        rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }],
      }),
    );
    expect(authorizeRequest(anyJwt, req({ jwt })).allowed).toBe(true);
    expect(authorizeRequest(anyJwt, req()).allowed).toBe(false);
  });

  it('rejects with 401 a token no jwtRule accepts, and ignores tokens where no RequestAuthentication applies', () => {
    const i = build(ra);
    expect(
      authorizeRequest(
        i,
        req({ jwt: { ...jwt, issuer: 'https://evil.example.com' } }),
      ),
    ).toMatchObject({ allowed: false, status: 401, action: null });
    expect(
      authorizeRequest(i, req({ jwt: { ...jwt, audiences: ['other'] } }))
        .status,
    ).toBe(401);
    const noRa = authorizeRequest(build(), req({ jwt }));
    expect(noRa).toMatchObject({ allowed: true, requestPrincipal: null });
  });

  it.each<[string, string[] | undefined, string[] | undefined, boolean]>([
    ['request.auth.claims[groups]', ['ops'], undefined, true],
    ['request.auth.claims[groups]', ['admin'], undefined, false],
    ['request.auth.claims[org][team]', ['books'], undefined, true],
    ['request.auth.claims[org][team]', ['music'], undefined, false],
    [
      'request.auth.claims[iss]',
      ['https://issuer.example.com'],
      undefined,
      true,
    ],
    [
      'request.auth.principal',
      ['https://issuer.example.com/*'],
      undefined,
      true,
    ],
    ['request.auth.audiences', ['bookinfo'], undefined, true],
    ['request.auth.audiences', ['nope'], undefined, false],
    ['request.headers[x-env]', ['prod'], undefined, true],
    ['request.headers[X-Env]', ['dev'], undefined, false],
    ['request.headers[x-missing]', ['*'], undefined, false],
    ['source.ip', ['10.1.0.0/16'], undefined, true],
    ['source.ip', ['10.2.0.0/16'], undefined, false],
    ['source.namespace', ['bookinfo'], undefined, true],
    ['source.principal', [PRODUCTPAGE], undefined, true],
    ['destination.port', ['9080'], undefined, true],
    ['destination.port', ['80'], undefined, false],
    ['source.namespace', undefined, ['bookinfo'], false],
    ['source.namespace', undefined, ['legacy'], true],
    ['experimental.envoy.filters.x', ['y'], undefined, false],
  ])(
    'when %s values %j notValues %j → %s',
    (key, values, notValues, allowed) => {
      const i = build(ra, when(key, values, notValues));
      expect(
        authorizeRequest(i, req({ jwt, headers: { 'X-Env': 'prod' } })).allowed,
      ).toBe(allowed);
    },
  );

  it('ignores claims of a token that was not validated', () => {
    const i = build(when('request.auth.claims[groups]', ['ops']));
    expect(authorizeRequest(i, req({ jwt })).allowed).toBe(false);
  });
});

describe('authorizeRequest: plain TCP', () => {
  it('drops ALLOW rules with HTTP-only fields and keeps the others', () => {
    const i = build(
      ap('bookinfo', 'http-only', {
        rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
      }),
    );
    expect(authorizeRequest(i, req({ protocol: 'tcp' })).allowed).toBe(false);
    expect(authorizeRequest(i, req()).allowed).toBe(true);
    const ports = build(
      ap('bookinfo', 'tcp-ok', {
        rules: [{ to: [{ operation: { ports: ['9080'] } }] }],
      }),
    );
    expect(authorizeRequest(ports, req({ protocol: 'tcp' })).allowed).toBe(
      true,
    );
  });

  it('ignores HTTP-only fields in DENY rules, denying more', () => {
    const i = build(
      ap('bookinfo', 'deny-admin', {
        action: 'DENY',
        rules: [{ to: [{ operation: { paths: ['/admin*'] } }] }],
      }),
    );
    expect(
      authorizeRequest(i, req({ protocol: 'tcp', path: undefined })).allowed,
    ).toBe(false);
    expect(authorizeRequest(i, req()).allowed).toBe(true);
    const scoped = build(
      ap('bookinfo', 'deny-admin', {
        action: 'DENY',
        rules: [
          {
            from: [{ source: { namespaces: ['legacy'] } }],
            to: [{ operation: { paths: ['/admin*'] } }],
          },
        ],
      }),
    );
    expect(authorizeRequest(scoped, req({ protocol: 'tcp' })).allowed).toBe(
      true,
    );
  });
});

describe('authorizeRequest: live index', () => {
  it('sees policies upserted and removed after earlier decisions', () => {
    const i = build();
    expect(authorizeRequest(i, req()).allowed).toBe(true);
    i.upsert(ap('bookinfo', 'deny-all', { action: 'DENY', rules: [{}] }));
    expect(authorizeRequest(i, req()).policy).toEqual({
      namespace: 'bookinfo',
      name: 'deny-all',
    });
    i.upsert(
      ap('bookinfo', 'deny-all', {
        action: 'DENY',
        rules: [{ to: [{ operation: { methods: ['POST'] } }] }],
      }),
    );
    expect(authorizeRequest(i, req()).allowed).toBe(true);
    expect(authorizeRequest(i, req({ method: 'POST' })).allowed).toBe(false);
    i.remove({
      kind: 'AuthorizationPolicy',
      namespace: 'bookinfo',
      name: 'deny-all',
    });
    expect(authorizeRequest(i, req({ method: 'POST' })).allowed).toBe(true);
  });
});

describe('authorizeRequest: transport', () => {
  it('enforces nothing on a destination without a sidecar', () => {
    const i = build(ap('legacy', 'deny-all', { action: 'DENY', rules: [{}] }));
    const d = authorizeRequest(
      i,
      req({ destination: { namespace: 'legacy', pod: 'sleep-0' } }),
    );
    expect(d).toMatchObject({ allowed: true, action: null, policy: null });
    expect(d.reason).toMatch(/no sidecar/);
  });

  it('resets plaintext callers of a STRICT workload before authorization', () => {
    const i = build(
      istio('PeerAuthentication', 'bookinfo', 'strict', {
        mtls: { mode: 'STRICT' },
      }),
      ap('bookinfo', 'allow-all', { rules: [{}] }),
    );
    const plain = authorizeRequest(
      i,
      req({ source: { namespace: 'legacy', pod: 'sleep-0' } }),
    );
    expect(plain).toMatchObject({ allowed: false, status: 0, policy: null });
    expect(plain.reason).toMatch(/STRICT, PeerAuthentication bookinfo\/strict/);
    expect(authorizeRequest(i, req())).toMatchObject({
      allowed: true,
      action: 'ALLOW',
    });
  });
});
