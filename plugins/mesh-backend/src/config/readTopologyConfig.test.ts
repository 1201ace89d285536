import { ConfigReader } from '@backstage/config';
import { DEFAULT_HEALTH_CONFIG } from '@meshport/plugin-mesh-common';
import { readTopologyConfig } from './readTopologyConfig';

type JsonObject = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

const read = (mesh: JsonObject) =>
  readTopologyConfig(new ConfigReader({ mesh }));

describe('readTopologyConfig', () => {
  it("uses Kiali's health defaults, a 2 s cache, a 5 s query timeout and recording rules when nothing is set", () => {
    expect(read({})).toEqual({
      health: DEFAULT_HEALTH_CONFIG,
      cacheSeconds: 1,
      queryTimeoutSeconds: 5,
      prometheus: { recordingRules: 'auto', compression: false },
    });
  });

  it("puts the user's rules before the defaults and reads the latency objective", () => {
    const c = read({
      health: {
        rate: [
          { namespace: 'legacy', code: '5\\d\\d', degraded: 5, failure: 30 },
        ],
        latencySloP99Ms: 250,
      },
      topology: { cacheSeconds: 0, queryTimeoutSeconds: 2 },
    });
    expect(c.health.rate).toHaveLength(DEFAULT_HEALTH_CONFIG.rate.length + 1);
    expect(c.health.rate[0]).toMatchObject({
      namespace: 'legacy',
      failure: 30,
    });
    expect(c.health.latencySloP99Ms).toBe(250);
    expect(c.cacheSeconds).toBe(0);
    expect(c.queryTimeoutSeconds).toBe(2);
    expect(
      read({ prometheus: { recordingRules: 'off', compression: true } })
        .prometheus,
    ).toEqual({ recordingRules: 'off', compression: true });
  });

  it('stops the start on an invalid value, naming its path', () => {
    expect(() =>
      read({ health: { rate: [{ code: '5(', degraded: 1, failure: 2 }] } }),
    ).toThrow(/^mesh\.health\.rate\.0\.code not a regular expression/);
    expect(() =>
      read({ health: { rate: [{ code: '5..', degraded: 20, failure: 10 }] } }),
    ).toThrow('mesh.health.rate.0.failure must be at least degraded (20)');
    expect(() => read({ topology: { queryTimeoutSeconds: 0 } })).toThrow(
      'mesh.topology.queryTimeoutSeconds must be a number from 0.1 to 120',
    );
    expect(() => read({ prometheus: { recordingRules: 'on' } })).toThrow(
      'mesh.prometheus.recordingRules must be auto or off, not "on"',
    );
  });
});
