import { KubeObject } from '../../kube/types';
import { gatewayApiReferences } from './gatewayApiReferences';
import { obj, runAnalyzer, service, summary } from './testFixtures';

const gapi = (kind: string, name: string, spec: unknown): KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind,
  metadata: { name, namespace: 'web' },
  spec,
});
const gw = gapi('Gateway', 'public', {
  gatewayClassName: 'istio',
  listeners: [
    {
      name: 'https',
      port: 443,
      protocol: 'HTTPS',
      tls: { certificateRefs: [{ name: 'cert' }] },
    },
  ],
});
const svc = service('shop', 'web', { app: 'shop' }, [
  { name: 'http', port: 8080 },
]);

describe('gatewayApiReferences', () => {
  it('is quiet when parents, backends and certificates exist', () => {
    const route = gapi('HTTPRoute', 'shop', {
      parentRefs: [{ name: 'public' }],
      rules: [{ backendRefs: [{ name: 'shop', port: 8080 }] }],
    });
    expect(
      runAnalyzer(gatewayApiReferences, [
        gw,
        svc,
        obj('Secret', 'cert', 'web'),
        route,
      ]),
    ).toEqual([]);
  });

  it('reports missing parents, backends, backend ports and certificates', () => {
    const route = gapi('HTTPRoute', 'shop', {
      parentRefs: [{ name: 'public' }, { name: 'private', namespace: 'infra' }],
      rules: [
        {
          backendRefs: [
            { name: 'shop', port: 9999 },
            { name: 'cart', port: 80 },
          ],
        },
      ],
    });
    expect(
      summary(
        runAnalyzer(gatewayApiReferences, [
          gw,
          svc,
          obj('Secret', 'other', 'web'),
          route,
        ]),
      ),
    ).toEqual([
      'IST0101 HTTPRoute/shop spec.parentRefs[1]',
      'IST0101 HTTPRoute/shop spec.rules[0].backendRefs[0].port',
      'IST0101 HTTPRoute/shop spec.rules[0].backendRefs[1]',
      'IST0101 Gateway/public spec.listeners[0].tls.certificateRefs[0]',
    ]);
  });

  it('reports references into other namespaces that no ReferenceGrant permits, and accepts granted ones', () => {
    const route = gapi('HTTPRoute', 'shop', {
      parentRefs: [{ name: 'public' }],
      rules: [
        {
          backendRefs: [
            { name: 'pay', namespace: 'payments', port: 80 },
            { name: 'ledger', namespace: 'finance', port: 80 },
          ],
        },
      ],
    });
    const crossGw = gapi('Gateway', 'public', {
      gatewayClassName: 'istio',
      listeners: [
        {
          name: 'https',
          port: 443,
          protocol: 'HTTPS',
          tls: { certificateRefs: [{ name: 'wildcard', namespace: 'certs' }] },
        },
      ],
    });
    const grant = (
      ns: string,
      fromKind: string,
      toKind: string,
      name?: string,
    ): KubeObject => ({
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: `allow-${fromKind.toLowerCase()}`, namespace: ns },
      spec: {
        from: [
          {
            group: 'gateway.networking.k8s.io',
            kind: fromKind,
            namespace: 'web',
          },
        ],
        to: [{ group: '', kind: toKind, ...(name ? { name } : {}) }],
      },
    });
    const objects = [
      crossGw,
      route,
      service('pay', 'payments', { app: 'pay' }, [{ name: 'http', port: 80 }]),
      service('ledger', 'finance', { app: 'ledger' }, [
        { name: 'http', port: 80 },
      ]),
      obj('Secret', 'wildcard', 'certs'),
    ];
    expect(summary(runAnalyzer(gatewayApiReferences, objects))).toEqual([
      'MSH0113 HTTPRoute/shop spec.rules[0].backendRefs[0]',
      'MSH0113 HTTPRoute/shop spec.rules[0].backendRefs[1]',
      'MSH0113 Gateway/public spec.listeners[0].tls.certificateRefs[0]',
    ]);
    // A grant for the wrong name, or from the wrong kind, does not count.
    const granted = [
      ...objects,
      grant('payments', 'HTTPRoute', 'Service'),
      grant('finance', 'HTTPRoute', 'Service', 'other'),
      grant('certs', 'Gateway', 'Secret', 'wildcard'),
    ];
    expect(summary(runAnalyzer(gatewayApiReferences, granted))).toEqual([
      'MSH0113 HTTPRoute/shop spec.rules[0].backendRefs[1]',
    ]);
  });
});
