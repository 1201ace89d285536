import {
  DestinationRule,
  PortTrafficPolicy,
  TrafficPolicy,
} from '../model/networking';
import { EffectivePolicy } from './types';

const FIELDS = [
  'loadBalancer',
  'connectionPool',
  'outlierDetection',
  'tls',
] as const;

function overlay(
  into: EffectivePolicy,
  from: TrafficPolicy | PortTrafficPolicy | undefined,
): void {
  if (!from) return;
  for (const f of FIELDS) {
    const v = from[f];
    if (v !== undefined) (into as unknown as Record<string, unknown>)[f] = v;
  }
}

function portLevel(
  policy: TrafficPolicy | undefined,
  port: number | null,
): PortTrafficPolicy | undefined {
  if (!policy?.portLevelSettings || port === null) return undefined;
  return policy.portLevelSettings.find(p => p.port?.number === port);
}

/**
 * The DestinationRule settings one destination gets, in Istio's order of override: the rule's
 * traffic policy, its port-level settings for the port, then the subset's policy and the
 * subset's port-level settings. Each of the four settings is replaced as a whole, not merged.
 */
export function effectivePolicy(
  dr: DestinationRule | undefined,
  subset: string | null,
  port: number | null,
): { policy: EffectivePolicy; subsetFound: boolean } {
  const policy: EffectivePolicy = {
    loadBalancer: null,
    connectionPool: null,
    outlierDetection: null,
    tls: null,
  };
  if (!dr) return { policy, subsetFound: subset === null };
  const top = dr.spec?.trafficPolicy;
  overlay(policy, top);
  overlay(policy, portLevel(top, port));
  if (subset === null) return { policy, subsetFound: true };
  const s = dr.spec?.subsets?.find(x => x.name === subset);
  if (!s) return { policy, subsetFound: false };
  overlay(policy, s.trafficPolicy);
  overlay(policy, portLevel(s.trafficPolicy, port));
  return { policy, subsetFound: true };
}
