import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_HEALTH_CONFIG,
  describeZodError,
  HealthConfig,
  healthConfigSchema,
} from '@meshport/plugin-mesh-common';

export interface TopologyConfig {
  /** `mesh.health`, the user's rules followed by Kiali's defaults. */
  health: HealthConfig;
  /** `mesh.topology.cacheSeconds`: how long graph and chart answers are shared. */
  cacheSeconds: number;
  /** `mesh.topology.queryTimeoutSeconds`: how long one metrics query may take. */
  queryTimeoutSeconds: number;
  /** `mesh.prometheus`: how every mesh's Prometheus is asked. */
  prometheus: {
    recordingRules: 'auto' | 'off';
    compression: boolean;
  };
}

/**
 * Reads `mesh.health` and `mesh.topology` at start. A wrong threshold or regex would otherwise
 * colour every graph wrongly and quietly, so an invalid value stops the backend with its path
 * (`mesh.health.rate.0.code not a regular expression: …`).
 */
export function readTopologyConfig(config: Config): TopologyConfig {
  let health = DEFAULT_HEALTH_CONFIG;
  if (config.has('mesh.health')) {
    const parsed = healthConfigSchema.safeParse(config.get('mesh.health'));
    if (!parsed.success)
      throw new InputError(
        describeZodError(parsed.error)
          .split('; ')
          .map(issue =>
            issue.startsWith('(body) ')
              ? `mesh.health ${issue.slice('(body) '.length)}`
              : `mesh.health.${issue}`,
          )
          .join('; '),
      );
    health = parsed.data;
  }
  const seconds = (key: string, fallback: number, min: number, max: number) => {
    const value = config.getOptionalNumber(key) ?? fallback;
    if (!(value >= min && value <= max))
      throw new InputError(`${key} must be a number from ${min} to ${max}`);
    return value;
  };
  return {
    health,
    // 0 turns sharing off (every request asks the source). As short as the tab's refresh: an
    // answer a viewer gets is at most 1 s older than its request, not a refresh and a TTL behind.
    cacheSeconds: seconds('mesh.topology.cacheSeconds', 1, 0, 3600),
    queryTimeoutSeconds: seconds(
      'mesh.topology.queryTimeoutSeconds',
      5,
      0.1,
      120,
    ),
    prometheus: {
      recordingRules: recordingRulesOf(config),
      compression:
        config.getOptionalBoolean('mesh.prometheus.compression') ?? false,
    },
  };
}

function recordingRulesOf(config: Config): 'auto' | 'off' {
  const value = config.getOptionalString('mesh.prometheus.recordingRules');
  if (value === undefined) return 'auto';
  if (value !== 'auto' && value !== 'off')
    throw new InputError(
      `mesh.prometheus.recordingRules must be auto or off, not "${value}"`,
    );
  return value;
}
