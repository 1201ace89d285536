import { KubeObject } from '../../kube/types';
import {
  DestinationRule,
  HTTPRoute,
  Subset,
  VirtualService,
} from '../../istio/model/networking';
import { ServiceState, WizardFieldError } from './types';

/** The API version wizards write: Istio serves v1 since 1.22 and it holds every field they set. */
export const NETWORKING_V1 = 'networking.istio.io/v1';

/** A deep copy, so a generator never mutates the model it was given. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The manifest to apply for an edited object: server-owned fields dropped, so the diff shows only the edit. */
export function toManifest<T extends KubeObject>(object: T): T {
  const copy = clone(object);
  delete copy.status;
  const meta = copy.metadata as unknown as Record<string, unknown>;
  for (const key of ['managedFields', 'uid', 'generation', 'creationTimestamp'])
    delete meta[key];
  return { ...copy, apiVersion: NETWORKING_V1 };
}

/** A rule with no match block (or only empty ones) catches every request that reaches it. */
export function isDefaultRule(rule: HTTPRoute): boolean {
  return (
    !rule.match ||
    rule.match.length === 0 ||
    rule.match.some(m => Object.keys(m).length === 0)
  );
}

/** The route to the Service itself, as if no VirtualService existed. */
export function plainRoute(state: ServiceState): HTTPRoute {
  return { route: [{ destination: { host: state.host } }] };
}

/**
 * The VirtualService to edit: a copy of the live one, or a new one for the Service's host with a
 * default rule that routes as Istio would without it (so adding a rule changes nothing else).
 */
export function editableVirtualService(state: ServiceState): VirtualService {
  if (state.virtualService) {
    const vs = toManifest(state.virtualService);
    vs.spec = { ...vs.spec, http: vs.spec?.http ?? [] };
    return vs;
  }
  return {
    apiVersion: NETWORKING_V1,
    kind: 'VirtualService',
    metadata: { name: state.name, namespace: state.namespace },
    spec: { hosts: [state.host], http: [plainRoute(state)] },
  };
}

/** What a default rule does that a wizard cannot keep while rewriting its route, if anything. */
function unsafeDefaultAction(rule: HTTPRoute): string | undefined {
  if (rule.delegate) return 'delegates to another VirtualService';
  if (rule.redirect) return 'redirects';
  if (rule.directResponse) return 'answers directly';
  if (!rule.route || rule.route.length === 0) return 'has no route';
  return undefined;
}

export type DefaultRule =
  | { ok: true; vs: VirtualService; index: number }
  | { ok: false; errors: WizardFieldError[] };

/**
 * The VirtualService with its default (catch-all) http rule, appending one that keeps Istio's
 * default routing when there is none. Refuses, rather than overwrite, when the default rule does
 * something other than route (redirect, delegate, direct response): a wizard cannot express it.
 */
export function withDefaultRule(
  state: ServiceState,
  field: string,
): DefaultRule {
  const vs = editableVirtualService(state);
  const http = vs.spec!.http!;
  const index = http.findIndex(isDefaultRule);
  if (index < 0) {
    http.push(plainRoute(state));
    return { ok: true, vs, index: http.length - 1 };
  }
  const rule = http[index];
  const what = unsafeDefaultAction(rule);
  if (what) {
    const ref = `${vs.metadata.namespace}/${vs.metadata.name}`;
    return {
      ok: false,
      errors: [
        {
          field,
          message: `the default rule of VirtualService ${ref} (spec.http[${index}]) ${what}; edit it as YAML instead, this wizard would overwrite it`,
        },
      ],
    };
  }
  return { ok: true, vs, index };
}

/**
 * The DestinationRule with a subset for each version (labels `version: <v>`), or undefined when
 * every version already has a subset. Existing subsets, whatever their labels, are kept as written.
 */
export function destinationRuleWithSubsets(
  state: ServiceState,
  versions: string[],
): DestinationRule | undefined {
  const existing = state.destinationRule;
  const have = new Set((existing?.spec?.subsets ?? []).map(s => s.name));
  const missing: Subset[] = versions
    .filter(v => !have.has(v))
    .map(v => ({ name: v, labels: { version: v } }));
  if (missing.length === 0) return undefined;
  if (existing) {
    const dr = toManifest(existing);
    dr.spec = {
      ...dr.spec!,
      subsets: [...(dr.spec?.subsets ?? []), ...missing],
    };
    return dr;
  }
  return {
    apiVersion: NETWORKING_V1,
    kind: 'DestinationRule',
    metadata: { name: state.name, namespace: state.namespace },
    spec: { host: state.host, subsets: missing },
  };
}

/** Versions a route may target: the pods' version labels and the subsets already defined. */
export function knownVersions(state: ServiceState): Set<string> {
  return new Set([
    ...state.versions,
    ...(state.destinationRule?.spec?.subsets ?? []).map(s => s.name),
  ]);
}

/** Percent fields: a number from 0 to 100. */
export function percentProblem(value: number): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value))
    return 'must be a number';
  if (value < 0 || value > 100) return 'must be between 0 and 100';
  return undefined;
}
