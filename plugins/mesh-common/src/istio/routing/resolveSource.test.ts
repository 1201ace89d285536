import { MeshIndex } from '../index/MeshIndex';
import { bookinfoGateway, bookinfoKube } from '../model/__fixtures__/bookinfo';
import { resolveSource } from './resolveSource';

describe('resolveSource', () => {
  const index = MeshIndex.build([...bookinfoKube(), ...bookinfoGateway()]);

  it("reads a pod's labels", () => {
    const s = resolveSource(index, {
      namespace: 'bookinfo',
      pod: 'reviews-v2-0',
    });
    expect(s).toMatchObject({
      namespace: 'bookinfo',
      gateway: 'mesh',
      labels: { app: 'reviews', version: 'v2' },
    });
    expect(s.notes).toEqual([]);
  });

  it('notes unknown pods and falls back to given labels', () => {
    const s = resolveSource(index, {
      namespace: 'bookinfo',
      pod: 'ghost',
      labels: { app: 'x' },
    });
    expect(s.labels).toEqual({ app: 'x' });
    expect(s.notes[0]).toMatch(/not known/);
  });

  it('defaults to a sidecar in default', () => {
    expect(resolveSource(index, undefined)).toMatchObject({
      namespace: 'default',
      gateway: 'mesh',
      labels: {},
    });
  });

  it("finds a gateway's proxy pods through its selector", () => {
    const s = resolveSource(index, { gateway: 'bookinfo/bookinfo-gateway' });
    expect(s).toMatchObject({
      gateway: 'bookinfo/bookinfo-gateway',
      namespace: 'istio-system',
      labels: { istio: 'ingressgateway' },
    });
    expect(s.gatewayObject?.metadata.name).toBe('bookinfo-gateway');
    const bare = resolveSource(index, {
      gateway: 'bookinfo-gateway',
      namespace: 'bookinfo',
    });
    expect(bare.gateway).toBe('bookinfo/bookinfo-gateway');
    expect(resolveSource(index, { gateway: 'x/missing' }).notes[0]).toMatch(
      /does not exist/,
    );
  });
});
