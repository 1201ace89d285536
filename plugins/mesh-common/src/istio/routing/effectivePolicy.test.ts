import { istio } from '../model/__fixtures__/objects';
import { DestinationRuleSpec } from '../model/networking';
import { effectivePolicy } from './effectivePolicy';

describe('effectivePolicy', () => {
  const dr = istio<DestinationRuleSpec>('DestinationRule', 'a', 'web', {
    host: 'web',
    trafficPolicy: {
      loadBalancer: { simple: 'RANDOM' },
      tls: { mode: 'ISTIO_MUTUAL' },
      portLevelSettings: [
        {
          port: { number: 80 },
          connectionPool: { tcp: { maxConnections: 1 } },
        },
      ],
    },
    subsets: [
      {
        name: 'v1',
        labels: { version: 'v1' },
        trafficPolicy: {
          loadBalancer: { simple: 'LEAST_REQUEST' },
          portLevelSettings: [
            { port: { number: 80 }, tls: { mode: 'DISABLE' } },
          ],
        },
      },
    ],
  });

  it('layers rule, port, subset and subset port settings', () => {
    expect(effectivePolicy(dr, null, 8080).policy).toEqual({
      loadBalancer: { simple: 'RANDOM' },
      connectionPool: null,
      outlierDetection: null,
      tls: { mode: 'ISTIO_MUTUAL' },
    });
    expect(effectivePolicy(dr, null, 80).policy.connectionPool).toEqual({
      tcp: { maxConnections: 1 },
    });
    const v1 = effectivePolicy(dr, 'v1', 80);
    expect(v1.subsetFound).toBe(true);
    expect(v1.policy).toEqual({
      loadBalancer: { simple: 'LEAST_REQUEST' },
      connectionPool: { tcp: { maxConnections: 1 } },
      outlierDetection: null,
      tls: { mode: 'DISABLE' },
    });
    expect(effectivePolicy(dr, 'v1', 8080).policy.tls).toEqual({
      mode: 'ISTIO_MUTUAL',
    });
  });

  it('reports missing subsets and the absence of a rule', () => {
    expect(effectivePolicy(dr, 'v9', 80).subsetFound).toBe(false);
    expect(effectivePolicy(undefined, null, 80)).toEqual({
      policy: {
        loadBalancer: null,
        connectionPool: null,
        outlierDetection: null,
        tls: null,
      },
      subsetFound: true,
    });
    expect(effectivePolicy(undefined, 'v1', 80).subsetFound).toBe(false);
  });
});
