import { MeshIndex } from '../istio/index/MeshIndex';
import { bookinfoKube } from '../istio/model/__fixtures__/bookinfo';
import { pod, service } from '../istio/model/__fixtures__/objects';
import { KubeObject } from '../kube/types';
import { canaryWorkloads } from './canaryWorkloads';

/** A Deployment's pod as Kubernetes creates it: owned by `<deployment>-<hash>`, which the Deployment owns. */
function deployed(
  deployment: string,
  hash: string,
  labels: Record<string, string>,
  replicas = 1,
): KubeObject[] {
  const rs = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${deployment}-${hash}`,
      namespace: 'shop',
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: deployment,
          uid: deployment,
          controller: true,
        },
      ],
    },
  };
  const pods = Array.from({ length: replicas }, (_, i) => {
    const p = pod('shop', `${deployment}-${hash}-${i}`, {
      ...labels,
      'pod-template-hash': hash,
    });
    p.metadata.ownerReferences = [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: `${deployment}-${hash}`,
        uid: hash,
        controller: true,
      },
    ];
    return p;
  });
  return [rs, ...pods];
}

const shop = () =>
  MeshIndex.build([
    service('shop', 'cart', { app: 'cart' }),
    // Two Deployments carry the canary version (e.g. one per zone), one of them with 3 replicas.
    ...deployed('cart-v1', 'aaa1', { app: 'cart', version: 'v1' }, 2),
    ...deployed('cart-v2-west', 'bbb2', { app: 'cart', version: 'v2' }, 3),
    ...deployed('cart-v2-east', 'ccc3', { app: 'cart', version: 'v2' }),
    // Same version label, another app: not the Service's.
    ...deployed('billing-v2', 'ddd4', { app: 'billing', version: 'v2' }),
    service('shop', 'pinned', { app: 'cart', version: 'v1' }),
    service('shop', 'external', {}),
  ]);

describe('canaryWorkloads', () => {
  it("names the Deployments of the Service's pods with that version, sorted and once each", () => {
    const index = shop();
    expect(
      canaryWorkloads(index, { namespace: 'shop', name: 'cart' }, 'v2'),
    ).toEqual(['cart-v2-east', 'cart-v2-west']);
    expect(
      canaryWorkloads(index, { namespace: 'shop', name: 'cart' }, 'v1'),
    ).toEqual(['cart-v1']);
  });

  it('names a pod without a controller after itself, as Istio does', () => {
    const index = MeshIndex.build(bookinfoKube());
    expect(
      canaryWorkloads(index, { namespace: 'bookinfo', name: 'reviews' }, 'v3'),
    ).toEqual(['reviews-v3-0']);
  });

  it('is empty for an unknown version, Service, a Service without selector, or one pinned to another version', () => {
    const index = shop();
    expect(
      canaryWorkloads(index, { namespace: 'shop', name: 'cart' }, 'v9'),
    ).toEqual([]);
    expect(
      canaryWorkloads(index, { namespace: 'shop', name: 'nope' }, 'v2'),
    ).toEqual([]);
    expect(
      canaryWorkloads(index, { namespace: 'shop', name: 'external' }, 'v2'),
    ).toEqual([]);
    expect(
      canaryWorkloads(index, { namespace: 'shop', name: 'pinned' }, 'v2'),
    ).toEqual([]);
    expect(
      canaryWorkloads(index, { namespace: 'shop', name: 'pinned' }, 'v1'),
    ).toEqual(['cart-v1']);
  });

  it('reads one cluster when given', () => {
    const index = shop();
    index.upsert(
      pod('shop', 'cart-v2-solo', { app: 'cart', version: 'v2' }),
      'east',
    );
    index.upsert(service('shop', 'cart', { app: 'cart' }), 'east');
    expect(
      canaryWorkloads(index, { namespace: 'shop', name: 'cart' }, 'v2', 'east'),
    ).toEqual(['cart-v2-solo']);
    expect(
      canaryWorkloads(index, { namespace: 'shop', name: 'cart' }, 'v2', ''),
    ).toEqual(['cart-v2-east', 'cart-v2-west']);
  });
});
