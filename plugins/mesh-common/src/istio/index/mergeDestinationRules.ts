import { namespaceOf } from '../model/common';
import { DestinationRule, DestinationRuleSpec } from '../model/networking';

/** Annotation on a merged rule naming the rules it came from, oldest first. */
export const MERGED_ANNOTATION = 'meshport.io/merged-from';

/** Istio's merge of same-host DestinationRules: the oldest's policy, every distinct subset once. */
export function mergeDestinationRules(
  rules: DestinationRule[],
): DestinationRule {
  const [first] = rules;
  const subsets: NonNullable<DestinationRuleSpec['subsets']> = [];
  const names = new Set<string>();
  let trafficPolicy = first.spec?.trafficPolicy;
  for (const dr of rules) {
    trafficPolicy = trafficPolicy ?? dr.spec?.trafficPolicy;
    for (const s of dr.spec?.subsets ?? []) {
      if (names.has(s.name)) continue;
      names.add(s.name);
      subsets.push(s);
    }
  }
  const spec: DestinationRuleSpec = {
    ...(first.spec ?? { host: '' }),
    subsets,
    trafficPolicy,
  };
  return {
    ...first,
    metadata: {
      ...first.metadata,
      annotations: {
        ...first.metadata.annotations,
        [MERGED_ANNOTATION]: rules
          .map(r => `${namespaceOf(r)}/${r.metadata.name}`)
          .join(','),
      },
    },
    spec,
  };
}
