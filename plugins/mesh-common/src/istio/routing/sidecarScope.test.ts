import { MeshIndex } from '../index/MeshIndex';
import {
  bookinfoDestinationRules,
  bookinfoKube,
  reviewsJasonV2V3,
} from '../model/__fixtures__/bookinfo';
import { istio } from '../model/__fixtures__/objects';
import { KubeObject } from '../../kube/types';
import { sidecarScopeFor } from './sidecarScope';
import { traceRequest } from './traceRequest';

const sidecar = (
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
) => istio('Sidecar', namespace, name, spec);
const build = (...objects: KubeObject[]) =>
  MeshIndex.build([
    ...bookinfoKube(),
    ...bookinfoDestinationRules(),
    reviewsJasonV2V3(),
    ...objects,
  ]);

describe('sidecarScopeFor', () => {
  it('imports everything without a Sidecar', () => {
    const s = sidecarScopeFor(build(), 'bookinfo', {});
    expect(s.sidecar).toBeNull();
    expect(s.imports('anywhere', 'x.anywhere.svc.cluster.local', 80)).toBe(
      true,
    );
  });

  it('prefers a selecting Sidecar, then the namespace one, then the root one', () => {
    const index = build(
      sidecar('istio-system', 'mesh', {
        egress: [{ hosts: ['istio-system/*'] }],
      }),
      sidecar('bookinfo', 'ns', { egress: [{ hosts: ['./*'] }] }),
      sidecar('bookinfo', 'reviews', {
        workloadSelector: { labels: { app: 'reviews' } },
        egress: [{ hosts: ['*/*'] }],
      }),
    );
    expect(
      sidecarScopeFor(index, 'bookinfo', { app: 'reviews' }).sidecar?.name,
    ).toBe('reviews');
    expect(
      sidecarScopeFor(index, 'bookinfo', { app: 'ratings' }).sidecar?.name,
    ).toBe('ns');
    expect(sidecarScopeFor(index, 'legacy', {}).sidecar?.name).toBe('mesh');
  });

  it.each([
    ['./*', 'bookinfo', 'reviews.bookinfo.svc.cluster.local', true],
    ['./*', 'legacy', 'sleep.legacy.svc.cluster.local', false],
    ['legacy/*', 'legacy', 'sleep.legacy.svc.cluster.local', true],
    [
      '*/sleep.legacy.svc.cluster.local',
      'legacy',
      'sleep.legacy.svc.cluster.local',
      true,
    ],
    ['*/*.example.com', 'eg', 'api.example.com', true],
    ['*/*.example.com', 'eg', 'api.example.org', false],
    ['~/*', 'bookinfo', 'reviews.bookinfo.svc.cluster.local', false],
  ])('egress %s imports %s %s → %s', (entry, ns, host, want) => {
    const index = build(
      sidecar('bookinfo', 'ns', { egress: [{ hosts: [entry] }] }),
    );
    expect(sidecarScopeFor(index, 'bookinfo', {}).imports(ns, host, 9080)).toBe(
      want,
    );
  });

  it('uses the egress listener for the port when there is one', () => {
    const index = build(
      sidecar('bookinfo', 'ns', {
        egress: [
          {
            port: { number: 3306, name: 'mysql', protocol: 'TCP' },
            hosts: ['db/*'],
          },
          { hosts: ['./*'] },
        ],
      }),
    );
    const s = sidecarScopeFor(index, 'bookinfo', {});
    expect(s.imports('db', 'mysql.db.svc.cluster.local', 3306)).toBe(true);
    expect(s.imports('db', 'mysql.db.svc.cluster.local', 9080)).toBe(false);
    expect(
      s.imports('bookinfo', 'reviews.bookinfo.svc.cluster.local', 3306),
    ).toBe(false);
  });
});

describe('traceRequest under a Sidecar scope', () => {
  it('ignores VirtualServices and services the Sidecar does not import', () => {
    const index = build(
      sidecar('legacy', 'default', {
        egress: [{ hosts: ['./*', 'istio-system/*'] }],
      }),
    );
    const t = traceRequest(index, {
      host: 'reviews.bookinfo',
      source: { namespace: 'legacy', pod: 'sleep-0' },
      headers: { 'end-user': 'jason' },
    });
    expect(t.virtualService).toBeNull();
    expect(t.outcome).toBe('passthrough');
    expect(
      t.steps.filter(s => s.kind === 'sidecar-scope').length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('blackholes out-of-scope hosts under REGISTRY_ONLY', () => {
    const index = build(
      sidecar('legacy', 'default', {
        egress: [{ hosts: ['./*'] }],
        outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
      }),
    );
    const t = traceRequest(index, {
      host: 'api.example.com',
      source: { namespace: 'legacy', pod: 'sleep-0' },
    });
    expect(t.outcome).toBe('no-route');
    expect(t.steps.some(s => s.kind === 'blackhole')).toBe(true);
  });

  it('routes normally when the Sidecar imports the host', () => {
    const index = build(
      sidecar('legacy', 'default', { egress: [{ hosts: ['bookinfo/*'] }] }),
    );
    const t = traceRequest(index, {
      host: 'reviews.bookinfo',
      source: { namespace: 'legacy', pod: 'sleep-0' },
      headers: { 'end-user': 'jason' },
    });
    expect(t.virtualService?.name).toBe('reviews');
    expect(t.destinations[0].subset).toBe('v2');
  });
});
