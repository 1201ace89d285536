import {
  destinationRuleWithSubsets,
  knownVersions,
  withDefaultRule,
} from './editResources';
import {
  buildMatch,
  describeConditions,
  MatchCondition,
} from './matchConditions';
import { ServiceState, WizardFieldError, WizardResult } from './types';

export interface RequestRoutingInput {
  /** Conditions that must all hold (header, uri, method, query parameter). */
  matches: MatchCondition[];
  /** The version (subset) matching requests go to. */
  version: string;
  /** Rule name, shown in traces; defaults to `to-<version>`. */
  name?: string;
}

const RULE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Request routing: a rule sending matching requests to one version, inserted just before the
 * default rule so it wins over it but not over the rules already above it.
 */
export function routeRequests(
  input: RequestRoutingInput,
  state: ServiceState,
): WizardResult {
  const errors: WizardFieldError[] = [];
  if (input.matches.length === 0)
    errors.push({ field: 'matches', message: 'add at least one condition' });
  const { match, errors: matchErrors } = buildMatch(input.matches, 'matches');
  errors.push(...matchErrors);
  if (!input.version) errors.push({ field: 'version', message: 'is required' });
  else if (!knownVersions(state).has(input.version))
    errors.push({
      field: 'version',
      message: `no pod of ${state.name} has the label version=${input.version}`,
    });
  const name = input.name?.trim() || `to-${input.version}`;
  if (input.version && !RULE_NAME.test(name))
    errors.push({
      field: 'name',
      message:
        'lowercase letters, digits and -, starting and ending with a letter or digit',
    });
  if (errors.length > 0) return { ok: false, errors };

  const edit = withDefaultRule(state, 'matches');
  if (!edit.ok) return edit;
  const http = edit.vs.spec!.http!;
  if (http.some(r => r.name === name))
    return {
      ok: false,
      errors: [
        { field: 'name', message: `a rule named ${name} already exists` },
      ],
    };
  const port = http[edit.index].route?.[0]?.destination.port;
  http.splice(edit.index, 0, {
    name,
    match: [match],
    route: [
      {
        destination: {
          host: state.host,
          subset: input.version,
          ...(port ? { port } : {}),
        },
      },
    ],
  });
  const dr = destinationRuleWithSubsets(state, [input.version]);
  return {
    ok: true,
    resources: [
      ...(dr ? [{ action: 'apply' as const, manifest: dr }] : []),
      { action: 'apply', manifest: edit.vs },
    ],
    notes: [
      `rule ${name} (spec.http[${edit.index}]): when ${describeConditions(input.matches)} → ${input.version}`,
      ...(dr
        ? [
            `adds subset ${input.version} to DestinationRule ${dr.metadata.name}`,
          ]
        : []),
    ],
  };
}
