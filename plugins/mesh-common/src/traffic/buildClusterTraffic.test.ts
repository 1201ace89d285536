import fs from 'node:fs';
import path from 'node:path';
// yaml is a workspace dev tool (the CLI's dependency); mesh-common itself never parses YAML.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { parseAllDocuments } from 'yaml';
import { ClusterSyncState } from '../api/types';
import { TrafficResource } from '../api/trafficTypes';
import { KubeObject, Pod } from '../kube/types';
import { MeshIndex } from '../istio/index/MeshIndex';
import {
  bookinfoDestinationRules,
  bookinfoGateway,
  bookinfoKube,
  reviewsJasonV2V3,
} from '../istio/model/__fixtures__/bookinfo';
import { istio } from '../istio/model/__fixtures__/objects';
import { Finding } from '../istio/validation/finding';
import { entityMeshSelector } from '../overview/entitySelector';
import { buildClusterTraffic } from './buildClusterTraffic';

const SAMPLES = path.resolve(
  __dirname,
  '../../../../../shared/fixtures/istio-samples/bookinfo/networking',
);
function sample(file: string): KubeObject[] {
  return parseAllDocuments(fs.readFileSync(path.join(SAMPLES, file), 'utf8'))
    .map(d => d.toJSON() as KubeObject)
    .filter(Boolean)
    .map(o => ({
      ...o,
      metadata: {
        ...o.metadata,
        namespace: o.metadata.namespace ?? 'bookinfo',
      },
    }));
}

const sync: ClusterSyncState = {
  status: 'synced',
  objectCounts: {},
  missingKinds: [],
};

/** Marks some pods Ready so subset counts can tell pods from ready pods. */
function withReadiness(objects: KubeObject[], ready: string[]): KubeObject[] {
  return objects.map(o => {
    if (o.kind !== 'Pod') return o;
    const p = o as Pod;
    return {
      ...p,
      status: {
        ...p.status,
        conditions: [
          {
            type: 'Ready',
            status: ready.includes(p.metadata.name) ? 'True' : 'False',
          },
        ],
      },
    } as Pod;
  });
}

function build(objects: KubeObject[], app: string, findings: Finding[] = []) {
  const index = new MeshIndex();
  for (const o of objects) index.upsert(o, 'east');
  const r = entityMeshSelector({
    metadata: {
      annotations: {
        'backstage.io/kubernetes-label-selector': `app=${app}`,
        'backstage.io/kubernetes-namespace': 'bookinfo',
      },
    },
  });
  if (!r.ok) throw new Error(r.message);
  return buildClusterTraffic({
    cluster: 'east',
    sync,
    index,
    selector: r.selector,
    findingsOf: res =>
      findings.filter(
        f =>
          f.resource.kind === res.kind &&
          f.resource.namespace === res.namespace &&
          f.resource.name === res.name,
      ),
  });
}

const find = (rs: TrafficResource[], kind: string, name: string) => {
  const r = rs.find(x => x.kind === kind && x.name === name);
  if (!r)
    throw new Error(
      `no ${kind} ${name} in ${rs.map(x => `${x.kind}/${x.name}`).join(', ')}`,
    );
  return r;
};

describe('buildClusterTraffic on Bookinfo', () => {
  const kube = withReadiness(bookinfoKube(), [
    'reviews-v1-0',
    'reviews-v2-0',
    'productpage-v1-0',
  ]);

  it("describes the jason v2 rule, the default rule, and the reviews subsets' pods", () => {
    const t = build(
      [...kube, ...bookinfoDestinationRules(), reviewsJasonV2V3()],
      'reviews',
    );
    expect(t.cluster).toBe('east');
    expect(t.services).toEqual([
      {
        name: 'reviews',
        namespace: 'bookinfo',
        host: 'reviews.bookinfo.svc.cluster.local',
        ports: [{ name: 'http-9080', port: 9080, protocol: undefined }],
      },
    ]);
    expect(t.resources.map(r => `${r.kind}/${r.name}`)).toEqual([
      'VirtualService/reviews',
      'DestinationRule/reviews',
    ]);
    const vs = find(t.resources, 'VirtualService', 'reviews');
    expect(vs.reasons).toContain(
      'serves host reviews.bookinfo.svc.cluster.local',
    );
    expect(vs.gateways).toEqual(['mesh']);
    expect(vs.rules).toEqual([
      {
        index: 0,
        name: undefined,
        protocol: 'http',
        path: 'spec.http[0]',
        when: 'header end-user is exactly "jason"',
        destinations: [
          {
            host: 'reviews',
            subset: 'v2',
            port: undefined,
            weight: 100,
            text: 'reviews (subset v2) — 100 %',
          },
        ],
        actions: [],
        isDefault: false,
        shadowedBy: undefined,
        findings: [],
      },
      expect.objectContaining({
        index: 1,
        when: 'every request',
        isDefault: true,
        destinations: [expect.objectContaining({ subset: 'v3', weight: 100 })],
      }),
    ]);
    const dr = find(t.resources, 'DestinationRule', 'reviews');
    expect(dr.host).toBe('reviews');
    expect(dr.policies).toEqual([]);
    expect(dr.subsets).toEqual([
      {
        name: 'v1',
        labels: { version: 'v1' },
        pods: 1,
        readyPods: 1,
        policies: [],
      },
      {
        name: 'v2',
        labels: { version: 'v2' },
        pods: 1,
        readyPods: 1,
        policies: [],
      },
      {
        name: 'v3',
        labels: { version: 'v3' },
        pods: 1,
        readyPods: 0,
        policies: [],
      },
    ]);
  });

  it("splits 50/50 between v1 and v3 and reads the sample DR's load balancer", () => {
    const t = build(
      [
        ...kube,
        ...sample('virtual-service-reviews-50-v3.yaml'),
        ...sample('destination-rule-reviews.yaml'),
      ],
      'reviews',
    );
    const vs = find(t.resources, 'VirtualService', 'reviews');
    expect(vs.rules?.[0].destinations.map(d => d.text)).toEqual([
      'reviews (subset v1) — 50 %',
      'reviews (subset v3) — 50 %',
    ]);
    expect(vs.rules?.[0].isDefault).toBe(true);
    const dr = find(t.resources, 'DestinationRule', 'reviews');
    expect(dr.policies).toEqual([
      { scope: 'all ports', lines: ['load balancer: random'] },
    ]);
    expect(dr.subsets?.map(s => [s.name, s.pods, s.readyPods])).toEqual([
      ['v1', 1, 1],
      ['v2', 1, 1],
      ['v3', 1, 0],
    ]);
  });

  it('says what fault injection does, and that a rule after a catch-all is shadowed', () => {
    const delay = build(
      [...kube, ...sample('virtual-service-ratings-test-delay.yaml')],
      'ratings',
    );
    const ratings = find(delay.resources, 'VirtualService', 'ratings');
    expect(ratings.rules?.[0].when).toBe('header end-user is exactly "jason"');
    expect(ratings.rules?.[0].actions).toEqual([
      'fault: delay 7s for 100 % of requests',
    ]);

    const abort = build(
      [...kube, ...sample('fault-injection-details-v1.yaml')],
      'details',
    );
    const details = find(abort.resources, 'VirtualService', 'details');
    expect(
      details.rules?.map(r => [r.when, r.isDefault, r.shadowedBy]),
    ).toEqual([
      ['every request', true, undefined],
      ['every request', true, 0],
    ]);
    expect(details.rules?.[0].actions).toEqual([
      'fault: abort with HTTP 555 for 100 % of requests',
    ]);
    // The DR of the same file: subset v1 has details' one pod, not ready.
    expect(find(abort.resources, 'DestinationRule', 'details').subsets).toEqual(
      [
        {
          name: 'v1',
          labels: { version: 'v1' },
          pods: 1,
          readyPods: 0,
          policies: [],
        },
      ],
    );
  });

  it('gives each rule the findings at its path, and marks a covered rule as shadowed', () => {
    const vs = istio('VirtualService', 'bookinfo', 'reviews', {
      hosts: ['reviews'],
      http: [
        {
          match: [{ uri: { prefix: '/api' } }],
          route: [{ destination: { host: 'reviews', subset: 'v1' } }],
        },
        {
          match: [{ uri: { prefix: '/api/v2' } }],
          route: [{ destination: { host: 'reviews', subset: 'v2' } }],
        },
        { route: [{ destination: { host: 'reviews', subset: 'v3' } }] },
      ],
    });
    const finding: Finding = {
      code: 'IST0130',
      level: 'Warning',
      message: 'rule 1 is never used',
      resource: {
        kind: 'VirtualService',
        namespace: 'bookinfo',
        name: 'reviews',
      },
      path: 'spec.http[1]',
    };
    const t = build([...kube, vs], 'reviews', [finding]);
    const rows = find(t.resources, 'VirtualService', 'reviews').rules!;
    expect(rows.map(r => [r.when, r.shadowedBy, r.findings.length])).toEqual([
      ['path starts with "/api"', undefined, 0],
      ['path starts with "/api/v2"', 0, 1],
      ['every request', undefined, 0],
    ]);
    expect(find(t.resources, 'VirtualService', 'reviews').findings).toEqual([
      finding,
    ]);
  });

  it('shows the ingress Gateway server that exposes productpage, and the VS routing to it', () => {
    const t = build([...kube, ...bookinfoGateway()], 'productpage');
    expect(t.resources.map(r => `${r.kind}/${r.name}`)).toEqual([
      'VirtualService/bookinfo',
      'Gateway/bookinfo-gateway',
    ]);
    const vs = find(t.resources, 'VirtualService', 'bookinfo');
    expect(vs.reasons).toEqual([
      'routes to productpage.bookinfo.svc.cluster.local',
    ]);
    expect(vs.gateways).toEqual(['bookinfo/bookinfo-gateway']);
    expect(vs.rules?.[0].when).toBe(
      'path is exactly "/productpage" or path starts with "/static" or path is exactly "/login" or path is exactly "/logout" or path starts with "/api/v1/products"',
    );
    expect(vs.rules?.[0].destinations[0].text).toBe('productpage:9080 — 100 %');
    expect(find(t.resources, 'Gateway', 'bookinfo-gateway').servers).toEqual([
      { port: 8080, protocol: 'HTTP', hosts: ['*'] },
    ]);
  });

  it('reads a local rate limit EnvoyFilter on the entity and a Sidecar of its namespace', () => {
    const rateLimit = istio('EnvoyFilter', 'bookinfo', 'reviews-ratelimit', {
      workloadSelector: { labels: { app: 'reviews' } },
      configPatches: [
        {
          applyTo: 'HTTP_FILTER',
          match: { context: 'SIDECAR_INBOUND' },
          patch: {
            operation: 'INSERT_BEFORE',
            value: {
              name: 'envoy.filters.http.local_ratelimit',
              typed_config: {
                '@type': 'type.googleapis.com/udpa.type.v1.TypedStruct',
                type_url:
                  'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
                value: {
                  stat_prefix: 'http_local_rate_limiter',
                  token_bucket: {
                    max_tokens: 100,
                    tokens_per_fill: 100,
                    fill_interval: '60s',
                  },
                },
              },
            },
          },
        },
      ],
    });
    const lua = istio('EnvoyFilter', 'bookinfo', 'reviews-lua', {
      workloadSelector: { labels: { app: 'reviews' } },
      configPatches: [
        {
          applyTo: 'HTTP_FILTER',
          patch: { value: { name: 'envoy.filters.http.lua' } },
        },
      ],
    });
    const sidecar = istio('Sidecar', 'bookinfo', 'default', {
      egress: [{ hosts: ['./*', 'istio-system/*'] }],
    });
    const t = build([...kube, rateLimit, lua, sidecar], 'reviews');
    expect(t.resources.map(r => `${r.kind}/${r.name}`)).toEqual([
      'Sidecar/default',
      'EnvoyFilter/reviews-ratelimit',
    ]);
    expect(
      find(t.resources, 'EnvoyFilter', 'reviews-ratelimit').rateLimit,
    ).toEqual({
      text: 'rate limit 100 per 1m (burst 100)',
      maxTokens: 100,
      tokensPerFill: 100,
      fillInterval: '60s',
    });
    expect(find(t.resources, 'Sidecar', 'default').summary).toEqual([
      'applies to every workload in namespace bookinfo',
      'egress: ./*, istio-system/*',
    ]);
  });

  it("reads only the given cluster's objects", () => {
    const index = new MeshIndex();
    for (const o of kube) index.upsert(o, 'east');
    index.upsert(reviewsJasonV2V3(), 'west');
    const r = entityMeshSelector({
      metadata: {
        annotations: {
          'backstage.io/kubernetes-label-selector': 'app=reviews',
        },
      },
    });
    if (!r.ok) throw new Error(r.message);
    const t = buildClusterTraffic({
      cluster: 'east',
      sync,
      index,
      selector: r.selector,
      findingsOf: () => [],
    });
    expect(t.services.map(s => s.name)).toEqual(['reviews']);
    expect(t.resources).toEqual([]);
  });
});
