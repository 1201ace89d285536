import { ClusterSyncState } from '../api/types';
import { KubeObject, Pod } from '../kube/types';
import { MeshIndex } from '../istio/index/MeshIndex';
import { bookinfoKube } from '../istio/model/__fixtures__/bookinfo';
import { istio, pod } from '../istio/model/__fixtures__/objects';
import { Finding } from '../istio/validation/finding';
import { entityMeshSelector } from '../overview/entitySelector';
import { accessProbes, buildClusterSecurity } from './buildClusterSecurity';

const sync: ClusterSyncState = {
  status: 'synced',
  objectCounts: {},
  missingKinds: [],
};

function build(
  objects: KubeObject[],
  labelSelector: string,
  namespace = 'bookinfo',
  findings: Finding[] = [],
) {
  const index = new MeshIndex();
  for (const o of objects) index.upsert(o, 'east');
  const r = entityMeshSelector({
    metadata: {
      annotations: {
        'backstage.io/kubernetes-label-selector': labelSelector,
        'backstage.io/kubernetes-namespace': namespace,
      },
    },
  });
  if (!r.ok) throw new Error(r.message);
  return buildClusterSecurity('east', sync, index, r.selector, {
    findingsOf: res =>
      findings.filter(
        f =>
          f.resource.kind === res.kind &&
          f.resource.namespace === res.namespace &&
          f.resource.name === res.name,
      ),
  });
}

const strictNs = () =>
  istio('PeerAuthentication', 'bookinfo', 'default', {
    mtls: { mode: 'STRICT' },
  });
const onlyReviews = () =>
  istio('AuthorizationPolicy', 'bookinfo', 'ratings-allow-reviews', {
    selector: { matchLabels: { app: 'ratings' } },
    action: 'ALLOW',
    rules: [
      {
        from: [
          {
            source: {
              principals: ['cluster.local/ns/bookinfo/sa/bookinfo-reviews'],
            },
          },
        ],
      },
    ],
  });

describe('buildClusterSecurity on Bookinfo', () => {
  it('reports the mode, its level and resource, and auto mTLS on the client side', () => {
    const s = build([...bookinfoKube(), strictNs()], 'app=ratings');
    expect(s.cluster).toBe('east');
    expect(s.trustDomain).toBe('cluster.local');
    expect(s.workloads).toEqual([
      {
        namespace: 'bookinfo',
        workload: 'ratings-v1-0',
        serviceAccount: 'bookinfo-ratings',
        principal: 'cluster.local/ns/bookinfo/sa/bookinfo-ratings',
        dataPlane: 'sidecar',
        pods: 1,
        ports: [
          {
            port: 9080,
            servicePort: { service: 'ratings', port: 9080, name: 'http-9080' },
            mode: 'STRICT',
            level: 'namespace',
            decidedBy: {
              kind: 'PeerAuthentication',
              namespace: 'bookinfo',
              name: 'default',
              path: 'spec.mtls.mode',
            },
            reason:
              'namespace-level PeerAuthentication bookinfo/default sets STRICT',
            client: { tls: 'ISTIO_MUTUAL', source: 'auto-mtls' },
            conflicts: [],
          },
        ],
      },
    ]);
    expect(s.conflicts).toEqual([]);
  });

  it('defaults to PERMISSIVE and reads the root namespace as root-namespace', () => {
    expect(
      build(bookinfoKube(), 'app=ratings').workloads[0].ports[0],
    ).toMatchObject({
      mode: 'PERMISSIVE',
      level: 'default',
      decidedBy: undefined,
    });
    const mesh = build(
      [
        ...bookinfoKube(),
        istio('PeerAuthentication', 'istio-system', 'default', {
          mtls: { mode: 'STRICT' },
        }),
      ],
      'app=ratings',
    );
    expect(mesh.workloads[0].ports[0]).toMatchObject({
      mode: 'STRICT',
      level: 'root-namespace',
      decidedBy: { namespace: 'istio-system', name: 'default' },
    });
  });

  it('names the port-level setting that decided', () => {
    const s = build(
      [
        ...bookinfoKube(),
        strictNs(),
        istio('PeerAuthentication', 'bookinfo', 'ratings', {
          selector: { matchLabels: { app: 'ratings' } },
          portLevelMtls: { '9080': { mode: 'PERMISSIVE' } },
        }),
      ],
      'app=ratings',
    );
    expect(s.workloads[0].ports[0]).toMatchObject({
      mode: 'PERMISSIVE',
      level: 'port',
      decidedBy: { name: 'ratings', path: 'spec.portLevelMtls["9080"].mode' },
    });
  });

  it('names a DestinationRule that disables TLS towards a STRICT workload with IST0113', () => {
    const s = build(
      [
        ...bookinfoKube(),
        strictNs(),
        istio('DestinationRule', 'bookinfo', 'ratings', {
          host: 'ratings',
          trafficPolicy: { tls: { mode: 'DISABLE' } },
        }),
      ],
      'app=ratings',
    );
    const port = s.workloads[0].ports[0];
    expect(port.client).toEqual({
      tls: 'DISABLE',
      source: 'destination-rule',
      resource: {
        kind: 'DestinationRule',
        namespace: 'bookinfo',
        name: 'ratings',
        path: 'spec.trafficPolicy.tls.mode',
      },
    });
    expect(port.conflicts).toHaveLength(1);
    expect(port.conflicts[0].code).toBe('IST0113');
    expect(port.conflicts[0].message).toMatch(/STRICT.*disables TLS/);
    expect(s.conflicts).toEqual(port.conflicts);
  });

  it('points at a port-level DestinationRule TLS setting', () => {
    const s = build(
      [
        ...bookinfoKube(),
        istio('DestinationRule', 'bookinfo', 'ratings', {
          host: 'ratings',
          trafficPolicy: {
            portLevelSettings: [
              { port: { number: 9080 }, tls: { mode: 'SIMPLE' } },
            ],
          },
        }),
      ],
      'app=ratings',
    );
    expect(s.workloads[0].ports[0].client).toMatchObject({
      tls: 'SIMPLE',
      resource: { path: 'spec.trafficPolicy.portLevelSettings[0].tls.mode' },
    });
  });

  it('reports competing PeerAuthentications at one level', () => {
    const s = build(
      [
        ...bookinfoKube(),
        strictNs(),
        istio('PeerAuthentication', 'bookinfo', 'second', {
          mtls: { mode: 'DISABLE' },
        }),
      ],
      'app=ratings',
    );
    expect(s.workloads[0].ports[0].mode).toBe('STRICT');
    expect(s.workloads[0].ports[0].conflicts).toEqual([
      expect.objectContaining({
        code: 'competing-peer-authentications',
        message: expect.stringMatching(/bookinfo\/default, bookinfo\/second/),
      }),
    ]);
  });

  it('shows a workload without a proxy as NONE, sending plaintext', () => {
    const s = build(bookinfoKube(), 'app=sleep', 'legacy');
    expect(s.workloads[0]).toMatchObject({
      workload: 'sleep-0',
      dataPlane: 'none',
      principal: undefined,
      ports: [],
    });
    const withPort = build(
      bookinfoKube().map(o =>
        o.metadata.name === 'sleep-0'
          ? pod(
              'legacy',
              'sleep-0',
              { app: 'sleep' },
              { sidecar: false, ports: [80] },
            )
          : o,
      ),
      'app=sleep',
      'legacy',
    );
    expect(withPort.workloads[0].ports[0]).toMatchObject({
      port: 80,
      mode: 'NONE',
      client: { tls: 'DISABLE', source: 'auto-mtls' },
    });
  });

  it('names a DestinationRule that sends mTLS to a workload without a proxy', () => {
    const s = build(
      [
        ...bookinfoKube().map(o =>
          o.metadata.name === 'sleep-0'
            ? pod(
                'legacy',
                'sleep-0',
                { app: 'sleep' },
                { sidecar: false, ports: [80] },
              )
            : o,
        ),
        istio(
          'Service',
          'legacy',
          'sleep',
          {
            selector: { app: 'sleep' },
            ports: [{ port: 80, targetPort: 80 }],
          },
          { apiVersion: 'v1' },
        ),
        istio('DestinationRule', 'legacy', 'sleep', {
          host: 'sleep',
          trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
        }),
      ],
      'app=sleep',
      'legacy',
    );
    const port = s.workloads[0].ports[0];
    expect(port).toMatchObject({
      mode: 'NONE',
      servicePort: { service: 'sleep', port: 80 },
      client: { tls: 'ISTIO_MUTUAL', source: 'destination-rule' },
    });
    expect(port.conflicts.map(c => c.code)).toEqual([
      'mtls-to-workload-without-sidecar',
    ]);
    expect(s.conflicts).toEqual(port.conflicts);
  });

  it('lists the policies that apply, in words, with findings at their fields', () => {
    const finding: Finding = {
      code: 'MSH0106',
      level: 'Warning',
      message: 'no such service account',
      resource: {
        kind: 'AuthorizationPolicy',
        namespace: 'bookinfo',
        name: 'ratings-allow-reviews',
      },
      path: 'spec.rules[0].from[0].source.principals[0]',
    };
    const s = build(
      [
        ...bookinfoKube(),
        strictNs(),
        onlyReviews(),
        istio('RequestAuthentication', 'bookinfo', 'jwt', {
          jwtRules: [{ issuer: 'https://idp', jwksUri: 'https://idp/jwks' }],
        }),
        istio('AuthorizationPolicy', 'bookinfo', 'reviews-only', {
          selector: { matchLabels: { app: 'reviews' } },
          rules: [{}],
        }),
        istio('AuthorizationPolicy', 'istio-system', 'deny-delete', {
          action: 'DENY',
          rules: [{ to: [{ operation: { methods: ['DELETE'] } }] }],
        }),
        istio('AuthorizationPolicy', 'bookinfo', 'by-service', {
          targetRefs: [{ kind: 'Service', group: '', name: 'ratings' }],
          rules: [{ to: [{ operation: { paths: ['/health'] } }] }],
        }),
      ],
      'app=ratings',
      'bookinfo',
      [finding],
    );
    expect(
      s.policies.map(p => `${p.kind}/${p.namespace}/${p.name}:${p.scope}`),
    ).toEqual([
      'PeerAuthentication/bookinfo/default:namespace',
      'RequestAuthentication/bookinfo/jwt:namespace',
      'AuthorizationPolicy/bookinfo/by-service:target-ref',
      'AuthorizationPolicy/bookinfo/ratings-allow-reviews:workload',
      'AuthorizationPolicy/istio-system/deny-delete:mesh',
    ]);
    const ap = s.policies.find(p => p.name === 'ratings-allow-reviews')!;
    expect(ap).toMatchObject({
      cluster: 'east',
      apiVersion: 'security.istio.io/v1',
      action: 'ALLOW',
      appliesTo: ['bookinfo/ratings-v1-0'],
      findings: [finding],
    });
    expect(ap.lines).toEqual([
      {
        text: 'applies to workloads labelled app=ratings in namespace bookinfo',
        path: 'spec.selector.matchLabels',
        findings: [],
      },
      {
        text: 'ALLOW any request from service account bookinfo/bookinfo-reviews',
        path: 'spec.rules[0]',
        findings: [finding],
      },
    ]);
    expect(s.policies.find(p => p.name === 'deny-delete')).toMatchObject({
      action: 'DENY',
      lines: [
        expect.anything(),
        expect.objectContaining({ text: 'DENY DELETE from any caller' }),
      ],
    });
  });

  it('decides who may call in and where the workloads may call out', () => {
    const s = build(
      [...bookinfoKube(), strictNs(), onlyReviews()],
      'app=ratings',
    );
    const inbound = Object.fromEntries(
      s.access.inbound.map(r => [r.source, r]),
    );
    expect(Object.keys(inbound).sort()).toEqual([
      'bookinfo/details-v1-0',
      'bookinfo/productpage-v1-0',
      'bookinfo/reviews-v1-0',
      'bookinfo/reviews-v2-0',
      'bookinfo/reviews-v3-0',
      'istio-system/istio-ingressgateway-0',
      'legacy/sleep-0',
    ]);
    expect(s.access.peers).toBe(8);
    expect(inbound['bookinfo/reviews-v2-0']).toEqual({
      source: 'bookinfo/reviews-v2-0',
      sourceServiceAccount: 'bookinfo-reviews',
      sourceSidecar: true,
      destination: 'bookinfo/ratings-v1-0',
      port: 9080,
      method: 'GET',
      path: '/',
      allowed: true,
      status: 200,
      action: 'ALLOW',
      policy: { namespace: 'bookinfo', name: 'ratings-allow-reviews' },
      ruleIndex: 0,
      reason:
        'allowed by rule 0 of ALLOW policy bookinfo/ratings-allow-reviews',
    });
    expect(inbound['bookinfo/productpage-v1-0']).toMatchObject({
      allowed: false,
      status: 403,
      policy: null,
      reason: expect.stringMatching(/none matches/),
    });
    expect(inbound['legacy/sleep-0']).toMatchObject({
      allowed: false,
      status: 0,
      sourceSidecar: false,
    });
    // Outbound: ratings may call every workload with a port (no policy there); the gateway
    // declares none of its own but its Service targets 80 and 443.
    const outbound = s.access.outbound.map(
      r => `${r.destination}:${r.port}:${r.status}`,
    );
    expect(outbound).toContain('bookinfo/productpage-v1-0:9080:200');
    expect(outbound).toContain('istio-system/istio-ingressgateway-0:80:200');
    expect(outbound).toContain('istio-system/istio-ingressgateway-0:443:200');
    expect(outbound.some(o => o.startsWith('legacy/'))).toBe(false);
    expect(
      s.access.outbound.every(r => r.source === 'bookinfo/ratings-v1-0'),
    ).toBe(true);
  });

  it('asks about the methods and paths the callee policies name, besides GET /', () => {
    const postApiOnly = istio(
      'AuthorizationPolicy',
      'bookinfo',
      'ratings-post-api',
      {
        selector: { matchLabels: { app: 'ratings' } },
        action: 'ALLOW',
        rules: [
          {
            from: [
              {
                source: {
                  principals: ['cluster.local/ns/bookinfo/sa/bookinfo-reviews'],
                },
              },
            ],
            to: [{ operation: { methods: ['POST'], paths: ['/api/*'] } }],
          },
        ],
      },
    );
    const s = build([...bookinfoKube(), postApiOnly], 'app=ratings');
    const reviews = s.access.inbound
      .filter(r => r.source === 'bookinfo/reviews-v2-0')
      .map(r => `${r.method} ${r.path} ${r.status}`);
    expect(reviews).toEqual(['GET / 403', 'POST /api/ 200']);
    const productpage = s.access.inbound
      .filter(r => r.source === 'bookinfo/productpage-v1-0')
      .map(r => `${r.method} ${r.path} ${r.status}`);
    expect(productpage).toEqual(['GET / 403', 'POST /api/ 403']);
  });

  it('decides each callee by its own policies even when decisions are shared', () => {
    const s = build(
      [
        ...bookinfoKube(),
        strictNs(),
        onlyReviews(),
        istio('AuthorizationPolicy', 'bookinfo', 'reviews-from-productpage', {
          selector: { matchLabels: { app: 'reviews' } },
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
        }),
        istio('AuthorizationPolicy', 'bookinfo', 'details-by-host', {
          selector: { matchLabels: { app: 'details' } },
          rules: [{ to: [{ operation: { hosts: ['details.example'] } }] }],
        }),
      ],
      'app=productpage',
    );
    const out = Object.fromEntries(
      s.access.outbound.map(r => [r.destination, r]),
    );
    expect(out['bookinfo/reviews-v1-0']).toMatchObject({
      allowed: true,
      policy: { name: 'reviews-from-productpage' },
    });
    expect(out['bookinfo/reviews-v3-0']).toMatchObject({
      allowed: true,
      policy: { name: 'reviews-from-productpage' },
    });
    expect(out['bookinfo/ratings-v1-0']).toMatchObject({
      allowed: false,
      status: 403,
    });
    // The rule wants another host than the one productpage calls.
    expect(out['bookinfo/details-v1-0']).toMatchObject({
      allowed: false,
      status: 403,
    });
    expect(out['istio-system/istio-ingressgateway-0']).toMatchObject({
      allowed: true,
      policy: null,
    });
  });

  it('tells callers apart by source IP when a policy matches on it', () => {
    const kube = bookinfoKube().map(o =>
      o.kind === 'Pod' && o.metadata.name.startsWith('reviews-')
        ? ({
            ...o,
            status: {
              ...(o as Pod).status,
              podIP:
                o.metadata.name === 'reviews-v1-0' ? '10.0.0.1' : '10.0.0.2',
            },
          } as Pod)
        : o,
    );
    const s = build(
      [
        ...kube,
        istio('AuthorizationPolicy', 'bookinfo', 'by-ip', {
          selector: { matchLabels: { app: 'ratings' } },
          rules: [{ from: [{ source: { ipBlocks: ['10.0.0.1/32'] } }] }],
        }),
      ],
      'app=ratings',
    );
    const of = (src: string) => s.access.inbound.find(r => r.source === src)!;
    expect(of('bookinfo/reviews-v1-0').allowed).toBe(true);
    expect(of('bookinfo/reviews-v2-0').allowed).toBe(false);
  });

  it('names Deployment pods by their Deployment, as Istio metrics do', () => {
    const owned = (
      name: string,
      hash: string,
      rsOwned: boolean,
    ): KubeObject[] => {
      const p = pod(
        'bookinfo',
        `${name}-${hash}-abcde`,
        { app: 'ratings', 'pod-template-hash': hash },
        {
          serviceAccount: 'bookinfo-ratings',
          ports: [9080],
        },
      );
      p.metadata.ownerReferences = [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: `${name}-${hash}`,
          uid: hash,
          controller: true,
        },
      ];
      const rs = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${name}-${hash}`,
          namespace: 'bookinfo',
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name,
              uid: name,
              controller: true,
            },
          ],
        },
      };
      return rsOwned ? [p, rs] : [p];
    };
    const kube = bookinfoKube().filter(
      o => !o.metadata.name.startsWith('ratings-'),
    );
    const s = build(
      [
        ...kube,
        ...owned('ratings-v1', '5d8f', true),
        ...owned('ratings-v2', '77aa', false),
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: {
            name: 'ratings-v1',
            namespace: 'bookinfo',
            labels: { app: 'ratings' },
          },
          spec: { replicas: 1, selector: { matchLabels: { app: 'ratings' } } },
        },
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: {
            name: 'ratings-v2',
            namespace: 'bookinfo',
            labels: { app: 'ratings' },
          },
          spec: { replicas: 1, selector: { matchLabels: { app: 'ratings' } } },
        },
      ],
      'app=ratings',
    );
    expect(s.workloads.map(w => w.workload)).toEqual([
      'ratings-v1',
      'ratings-v2',
    ]);
    expect(new Set(s.access.inbound.map(r => r.destination))).toEqual(
      new Set(['bookinfo/ratings-v1', 'bookinfo/ratings-v2']),
    );
    // ratings-v1 calling in to ratings-v2 is a row; calling itself is not.
    expect(s.access.inbound.filter(r => r.source === r.destination)).toEqual(
      [],
    );
    expect(
      s.access.inbound.some(
        r =>
          r.source === 'bookinfo/ratings-v1' &&
          r.destination === 'bookinfo/ratings-v2',
      ),
    ).toBe(true);
  });
});

describe('accessProbes', () => {
  it('adds each method and concrete path the rules name to GET /, at most six', () => {
    const policy = (operation: Record<string, string[]>) =>
      istio('AuthorizationPolicy', 'ns', 'p', {
        rules: [{ to: [{ operation }] }],
      }) as never;
    expect(
      accessProbes([
        policy({
          methods: ['GET', 'POST'],
          paths: ['/api/*', '*.css', '/health'],
        }),
      ]),
    ).toEqual([
      { method: 'GET', path: '/' },
      { method: 'GET', path: '/api/' },
      { method: 'GET', path: '/x.css' },
      { method: 'GET', path: '/health' },
      { method: 'POST', path: '/api/' },
      { method: 'POST', path: '/x.css' },
    ]);
    expect(accessProbes([policy({ methods: ['DELETE'] })])).toEqual([
      { method: 'GET', path: '/' },
      { method: 'DELETE', path: '/' },
    ]);
    expect(accessProbes([])).toEqual([{ method: 'GET', path: '/' }]);
  });
});
