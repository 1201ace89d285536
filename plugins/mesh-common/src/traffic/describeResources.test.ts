import { istio } from '../istio/model/__fixtures__/objects';
import { ServiceEntry, Sidecar } from '../istio/model/networking';
import { describeServiceEntry, describeSidecar } from './describeResources';

describe('describeServiceEntry', () => {
  it('says hosts, location, resolution and ports', () => {
    const se = istio('ServiceEntry', 'shop', 'google', {
      hosts: ['www.googleapis.com'],
      location: 'MESH_EXTERNAL',
      resolution: 'DNS',
      ports: [{ number: 443, name: 'https', protocol: 'TLS' }],
    }) as ServiceEntry;
    expect(describeServiceEntry(se)).toEqual([
      'adds www.googleapis.com to the registry (outside the mesh, resolution DNS)',
      'ports 443/TLS',
    ]);
  });
});

describe('describeSidecar', () => {
  it('says which workloads it configures and which hosts they reach', () => {
    const selected = istio('Sidecar', 'shop', 'cart', {
      workloadSelector: { labels: { app: 'cart' } },
      egress: [{ port: { number: 9080, name: 'http' }, hosts: ['./*'] }],
      outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
    }) as Sidecar;
    expect(describeSidecar(selected, 'istio-system')).toEqual([
      'applies to workloads labelled app=cart',
      'egress on port 9080: ./*',
      'outbound: only hosts in the registry',
    ]);
    const root = istio('Sidecar', 'istio-system', 'default', {}) as Sidecar;
    expect(describeSidecar(root, 'istio-system')).toEqual([
      'mesh-wide default (root namespace)',
      'egress: every host (not restricted)',
    ]);
  });
});
