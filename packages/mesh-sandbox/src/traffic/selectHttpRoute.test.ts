import { seededRandom } from './random';
import {
  findVirtualService,
  parseDurationMs,
  pickWeightedDestination,
  selectHttpRoute,
} from './selectHttpRoute';
import { Caller, IstioConfigObject } from './types';

const sidecar: Caller = {
  workload: 'productpage-v1',
  namespace: 'bookinfo',
  labels: { app: 'productpage', version: 'v1' },
  serviceAccount: 'bookinfo-productpage',
  sidecar: true,
};
const request = {
  host: 'reviews.bookinfo.svc.cluster.local',
  path: '/reviews/0',
  method: 'GET',
  headers: {} as Record<string, string>,
};

function vs(
  name: string,
  spec: Record<string, unknown>,
  created = '2026-01-01T00:00:00Z',
  namespace = 'bookinfo',
): IstioConfigObject {
  return { metadata: { name, namespace, creationTimestamp: created }, spec };
}

describe('VirtualService routing decisions', () => {
  it('finds the oldest VirtualService for the host among those that apply to the caller', () => {
    const newer = vs('newer', { hosts: ['reviews'] }, '2026-02-01T00:00:00Z');
    const older = vs('older', {
      hosts: ['reviews.bookinfo.svc.cluster.local'],
    });
    const gatewayOnly = vs(
      'gw',
      { hosts: ['*'], gateways: ['bookinfo-gateway'] },
      '2025-01-01T00:00:00Z',
    );
    const elsewhere = vs(
      'other',
      { hosts: ['reviews'] },
      '2025-01-01T00:00:00Z',
      'other',
    );
    expect(
      findVirtualService(
        [newer, older, gatewayOnly, elsewhere],
        request.host,
        sidecar,
      )?.metadata.name,
    ).toBe('older');
    expect(
      findVirtualService([newer, gatewayOnly], 'anything.example.com', {
        ...sidecar,
        gateway: ['bookinfo/bookinfo-gateway'],
      })?.metadata.name,
    ).toBe('gw');
    expect(
      findVirtualService([gatewayOnly], request.host, sidecar),
    ).toBeUndefined();
  });

  it('takes the first route whose match fits: headers, uri, source labels, withoutHeaders', () => {
    const service = vs('reviews', {
      hosts: ['reviews'],
      http: [
        {
          name: 'jason',
          match: [{ headers: { 'end-user': { exact: 'jason' } } }],
        },
        {
          name: 'api',
          match: [
            { uri: { prefix: '/api' } },
            { uri: { regex: '/v[0-9]+/.*' } },
          ],
        },
        { name: 'from-v2', match: [{ sourceLabels: { version: 'v2' } }] },
        { name: 'anonymous', match: [{ withoutHeaders: { 'end-user': {} } }] },
        { name: 'rest' },
      ],
    });
    expect(
      selectHttpRoute(
        service,
        { ...request, headers: { 'end-user': 'jason' } },
        sidecar,
      )?.name,
    ).toBe('jason');
    expect(
      selectHttpRoute(service, { ...request, path: '/v2/x' }, sidecar)?.name,
    ).toBe('api');
    expect(
      selectHttpRoute(
        service,
        { ...request, path: '/xv2/x', headers: { 'end-user': 'ann' } },
        { ...sidecar, labels: { version: 'v2' } },
      )?.name,
    ).toBe('from-v2');
    expect(selectHttpRoute(service, request, sidecar)?.name).toBe('anonymous');
    expect(
      selectHttpRoute(
        service,
        { ...request, headers: { 'end-user': 'ann' } },
        sidecar,
      )?.name,
    ).toBe('rest');
    expect(
      selectHttpRoute(
        vs('r', {
          hosts: ['reviews'],
          http: [{ match: [{ uri: { exact: '/x' } }] }],
        }),
        request,
        sidecar,
      ),
    ).toBeUndefined();
  });

  it('splits by weight, counts a lone destination as 100 and missing weights as 0', () => {
    const random = seededRandom(7);
    const route = {
      route: [
        { destination: { host: 'a' }, weight: 75 },
        { destination: { host: 'b' }, weight: 25 },
        { destination: { host: 'c' } },
      ],
    };
    const hits: Record<string, number> = {};
    for (let i = 0; i < 20_000; i += 1) {
      const host = pickWeightedDestination(route, random)!.host;
      hits[host] = (hits[host] ?? 0) + 1;
    }
    expect(hits.a / 20_000).toBeCloseTo(0.75, 1);
    expect(hits.c).toBeUndefined();
    expect(
      pickWeightedDestination(
        { route: [{ destination: { host: 'only' } }] },
        random,
      )?.host,
    ).toBe('only');
  });

  it('parses Istio durations', () => {
    expect([
      parseDurationMs('1.5s'),
      parseDurationMs('100ms'),
      parseDurationMs('2m'),
      parseDurationMs('x'),
      parseDurationMs(undefined),
    ]).toEqual([1500, 100, 120_000, undefined, undefined]);
  });
});
