import { KubeObject } from '../../kube/types';
import { MeshIndex } from '../index/MeshIndex';
import { bookinfoKube } from '../model/__fixtures__/bookinfo';
import { istio, pod, service } from '../model/__fixtures__/objects';
import { connectionTls } from './connectionTls';

const build = (...objects: KubeObject[]) =>
  MeshIndex.build([...bookinfoKube(), ...objects]);
const fromProductpage = { namespace: 'bookinfo', pod: 'productpage-v1-0' };
const strict = (ns: string) =>
  istio('PeerAuthentication', ns, 'default', { mtls: { mode: 'STRICT' } });

describe('connectionTls', () => {
  it('uses auto mTLS between sidecars', () => {
    const c = connectionTls(build(strict('bookinfo')), {
      client: fromProductpage,
      host: 'reviews',
      port: 9080,
    });
    expect(c.client).toEqual({
      mode: 'ISTIO_MUTUAL',
      source: 'auto-mtls',
      destinationRule: null,
    });
    expect(c.mtls).toBe(true);
    expect(c.compatible).toBe(true);
    expect(c.servers).toHaveLength(3);
  });

  it('flags a sidecar-less client calling a STRICT server', () => {
    const c = connectionTls(build(strict('bookinfo')), {
      client: { namespace: 'legacy', pod: 'sleep-0' },
      host: 'reviews.bookinfo',
      port: 9080,
    });
    expect(c.client.source).toBe('no-sidecar');
    expect(c.compatible).toBe(false);
    expect(c.conflicts[0]).toMatch(
      /requires mTLS \(STRICT, PeerAuthentication bookinfo\/default\) but the client has no sidecar/,
    );
    // PERMISSIVE accepts it.
    expect(
      connectionTls(build(), {
        client: { namespace: 'legacy', pod: 'sleep-0' },
        host: 'reviews.bookinfo',
        port: 9080,
      }).compatible,
    ).toBe(true);
  });

  it('flags a DestinationRule that disables TLS toward a STRICT server', () => {
    const dr = istio('DestinationRule', 'bookinfo', 'reviews', {
      host: 'reviews',
      trafficPolicy: { tls: { mode: 'DISABLE' } },
    });
    const c = connectionTls(build(strict('bookinfo'), dr), {
      client: fromProductpage,
      host: 'reviews',
      port: 9080,
    });
    expect(c.client).toMatchObject({
      mode: 'DISABLE',
      source: 'destination-rule',
      destinationRule: { name: 'reviews' },
    });
    expect(c.conflicts[0]).toMatch(
      /DestinationRule bookinfo\/reviews disables TLS/,
    );
    expect(c.mtls).toBe(false);
  });

  it('flags ISTIO_MUTUAL toward a server that disables mTLS or has no sidecar', () => {
    const dr = istio('DestinationRule', 'bookinfo', 'ratings', {
      host: 'ratings',
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
    });
    const disable = istio('PeerAuthentication', 'bookinfo', 'ratings', {
      selector: { matchLabels: { app: 'ratings' } },
      mtls: { mode: 'DISABLE' },
    });
    expect(
      connectionTls(build(dr, disable), {
        client: fromProductpage,
        host: 'ratings',
        port: 9080,
      }).conflicts[0],
    ).toMatch(/disables mTLS/);
    const noSidecar = [
      service('bookinfo', 'db', { app: 'db' }, [5432]),
      pod('bookinfo', 'db-0', { app: 'db' }, { sidecar: false }),
      istio('DestinationRule', 'bookinfo', 'db', {
        host: 'db',
        trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
      }),
    ];
    expect(
      connectionTls(build(...noSidecar), {
        client: fromProductpage,
        host: 'db',
        port: 5432,
      }).conflicts[0],
    ).toMatch(/has no sidecar to terminate it/);
  });

  it('auto mTLS sends plaintext to sidecar-less pods, which is fine', () => {
    const objs = [
      service('bookinfo', 'db', { app: 'db' }, [5432]),
      pod('bookinfo', 'db-0', { app: 'db' }, { sidecar: false }),
    ];
    const c = connectionTls(build(...objs), {
      client: fromProductpage,
      host: 'db',
      port: 5432,
    });
    expect(c.compatible).toBe(true);
    expect(c.mtls).toBe(false);
  });

  it('flags SIMPLE TLS origination toward a STRICT sidecar', () => {
    const dr = istio('DestinationRule', 'bookinfo', 'reviews', {
      host: 'reviews',
      trafficPolicy: { tls: { mode: 'SIMPLE' } },
    });
    expect(
      connectionTls(build(strict('bookinfo'), dr), {
        client: fromProductpage,
        host: 'reviews',
        port: 9080,
      }).conflicts[0],
    ).toMatch(/originates SIMPLE TLS/);
  });

  it('limits servers to the subset and uses subset TLS', () => {
    const dr = istio('DestinationRule', 'bookinfo', 'reviews', {
      host: 'reviews',
      subsets: [
        {
          name: 'v1',
          labels: { version: 'v1' },
          trafficPolicy: { tls: { mode: 'DISABLE' } },
        },
        { name: 'v2', labels: { version: 'v2' } },
      ],
    });
    const v1 = connectionTls(build(dr), {
      client: fromProductpage,
      host: 'reviews',
      port: 9080,
      subset: 'v1',
    });
    expect(v1.servers.map(s => s.pod)).toEqual(['bookinfo/reviews-v1-0']);
    expect(v1.client.mode).toBe('DISABLE');
    const v2 = connectionTls(build(dr), {
      client: fromProductpage,
      host: 'reviews',
      port: 9080,
      subset: 'v2',
    });
    expect(v2.client.source).toBe('auto-mtls');
  });
});
