import { policyAnalyzer } from './policyAnalyzer';
import { namespace, obj, pod, runAnalyzer, summary } from './testFixtures';

const ns = [
  namespace('prod'),
  namespace('istio-system'),
  obj('ServiceAccount', 'bookinfo-productpage', 'prod'),
];
const web = pod('web', 'prod', { app: 'web' });

describe('policyAnalyzer', () => {
  it('reports selectors that match no workload, except root-namespace ones that match anywhere', () => {
    const ap = obj('AuthorizationPolicy', 'a', 'prod', {
      selector: { matchLabels: { app: 'nope' } },
    });
    const ra = obj('RequestAuthentication', 'r', 'prod', {
      selector: { matchLabels: { app: 'web' } },
    });
    const root = obj('PeerAuthentication', 'p', 'istio-system', {
      selector: { matchLabels: { app: 'web' } },
    });
    expect(summary(runAnalyzer(policyAnalyzer, [web, ap, ra, root]))).toEqual([
      'IST0127 AuthorizationPolicy/a spec.selector.matchLabels',
    ]);
  });

  it('reports unknown namespaces, service accounts and methods', () => {
    const ap = obj('AuthorizationPolicy', 'a', 'prod', {
      rules: [
        {
          from: [
            {
              source: {
                namespaces: ['prod', 'ghost'],
                principals: [
                  'cluster.local/ns/prod/sa/bookinfo-productpage',
                  'cluster.local/ns/prod/sa/missing',
                  'cluster.local/ns/void/sa/x',
                  '*',
                ],
              },
            },
          ],
          to: [{ operation: { methods: ['GET', 'get', 'FETCH'] } }],
        },
      ],
    });
    expect(summary(runAnalyzer(policyAnalyzer, [...ns, ap]))).toEqual([
      'IST0101 AuthorizationPolicy/a spec.rules[0].from[0].source.namespaces[1]',
      'MSH0105 AuthorizationPolicy/a spec.rules[0].from[0].source.principals[1]',
      'IST0101 AuthorizationPolicy/a spec.rules[0].from[0].source.principals[2]',
      'MSH0104 AuthorizationPolicy/a spec.rules[0].to[0].operation.methods[1]',
      'MSH0104 AuthorizationPolicy/a spec.rules[0].to[0].operation.methods[2]',
    ]);
  });

  it('does not guess about namespaces or accounts the input does not describe', () => {
    const ap = obj('AuthorizationPolicy', 'a', 'prod', {
      rules: [
        {
          from: [
            {
              source: {
                namespaces: ['ghost'],
                principals: ['cluster.local/ns/void/sa/x'],
              },
            },
          ],
        },
      ],
    });
    expect(runAnalyzer(policyAnalyzer, [ap])).toEqual([]);
  });
});
