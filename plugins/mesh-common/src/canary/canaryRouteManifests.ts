import { CanaryRecord } from '../api/canaryTypes';
import { resolveHost } from '../istio/index/hostNames';
import { MeshIndex } from '../istio/index/MeshIndex';
import { namespaceOf } from '../istio/model/common';
import { Service } from '../kube/types';
import { isDefaultRule } from '../traffic/wizards/editResources';
import {
  isDefaultHttpRouteRule,
  shiftHttpRouteWeights,
} from '../traffic/wizards/shiftHttpRouteWeights';
import { shiftTraffic } from '../traffic/wizards/shiftTraffic';
import {
  ServiceState,
  WizardFieldError,
  WizardResult,
} from '../traffic/wizards/types';

/** The routing object a canary writes, as `CanaryRecord.route` holds it. */
export type CanaryRouteRef = CanaryRecord['route'];

/** The two versions a canary splits between. */
export interface CanaryRouteTarget {
  stableVersion: string;
  canaryVersion: string;
  /**
   * HTTPRoute only: the backend Service of each version (a GAMMA route splits between Services,
   * one per version). Default `<service>-<version>`, as Istio's samples name them; resolve them
   * with `versionBackendService` when the names may differ.
   */
  backends?: { stable: string; canary: string };
}

/**
 * Which kind of object the canary routes with: the VirtualService sidecars use for the host, or,
 * when there is none and a GAMMA HTTPRoute is attached to the Service, that route (sidecars prefer
 * a VirtualService, so one is created when neither exists).
 */
export function canaryRoutedBy(
  state: ServiceState,
): 'VirtualService' | 'HTTPRoute' {
  return !state.virtualService && state.httpRoute
    ? 'HTTPRoute'
    : 'VirtualService';
}

/** The routing object `canaryRouteManifests` writes for the Service: `CanaryRecord.route`. */
export function canaryRouteObject(state: ServiceState): CanaryRouteRef {
  if (canaryRoutedBy(state) === 'HTTPRoute')
    return {
      kind: 'HTTPRoute',
      namespace: namespaceOf(state.httpRoute!),
      name: state.httpRoute!.metadata.name,
    };
  const vs = state.virtualService;
  return {
    kind: 'VirtualService',
    namespace: vs ? namespaceOf(vs) : state.namespace,
    name: vs?.metadata.name ?? state.name,
  };
}

/** The routing object a successful result writes (its VirtualService or HTTPRoute). */
export function routeObjectOf(
  result: WizardResult,
): CanaryRouteRef | undefined {
  if (!result.ok) return undefined;
  const m = result.resources.find(
    r =>
      r.action === 'apply' &&
      (r.manifest.kind === 'VirtualService' || r.manifest.kind === 'HTTPRoute'),
  )?.manifest;
  if (!m) return undefined;
  return {
    kind: m.kind as CanaryRouteRef['kind'],
    namespace: m.metadata.namespace ?? '',
    name: m.metadata.name,
  };
}

function backendsOf(
  state: ServiceState,
  target: CanaryRouteTarget,
): { stable: string; canary: string } {
  return (
    target.backends ?? {
      stable: `${state.name}-${target.stableVersion}`,
      canary: `${state.name}-${target.canaryVersion}`,
    }
  );
}

/** The Service of one version behind a GAMMA route: its selector is the Service's plus `version`. */
export function versionBackendService(
  index: MeshIndex,
  service: { namespace: string; name: string },
  version: string,
  cluster?: string,
): string | undefined {
  const parent = index.get<Service>(
    'Service',
    service.namespace,
    service.name,
    cluster,
  );
  const base = parent?.spec?.selector ?? {};
  const names = index
    .inNamespace<Service>('Service', service.namespace, cluster)
    .filter(s => {
      const sel = s.spec?.selector ?? {};
      return (
        s.metadata.name !== service.name &&
        sel.version === version &&
        Object.entries(base).every(([k, v]) => k === 'version' || sel[k] === v)
      );
    })
    .map(s => s.metadata.name)
    .sort();
  const conventional = `${service.name}-${version}`;
  return names.includes(conventional) ? conventional : names[0];
}

/** A wizard's field (`weights.v2`, `weights.reviews-v2`) as the canary request's field. */
function renameFields(
  errors: WizardFieldError[],
  names: Record<string, string>,
): WizardFieldError[] {
  return errors.map(e => ({ ...e, field: names[e.field] ?? e.field }));
}

/**
 * The change set that puts `canaryWeight` percent of the Service's requests on the canary
 * version and the rest on the stable one. Through the VirtualService: `shiftTraffic` with
 * `{ stable: 100 − w, canary: w }` on its default rule (other rules, e.g. header routes, stay),
 * creating the DestinationRule subsets that are missing; a version at 0 % is left out of the route
 * (shiftTraffic drops 0-weight destinations; Istio sends it nothing either way). Through a GAMMA
 * HTTPRoute (no VirtualService): `shiftHttpRouteWeights` on the version backends. Errors name the
 * canary request's fields (`canaryWeight`, `stableVersion`, `canaryVersion`, `route`).
 */
export function canaryRouteManifests(
  state: ServiceState,
  target: CanaryRouteTarget,
  canaryWeight: number,
): WizardResult {
  const errors: WizardFieldError[] = [];
  if (!Number.isInteger(canaryWeight) || canaryWeight < 0 || canaryWeight > 100)
    errors.push({
      field: 'canaryWeight',
      message: 'must be a whole number from 0 to 100',
    });
  if (target.stableVersion === target.canaryVersion)
    errors.push({
      field: 'canaryVersion',
      message: 'must differ from stableVersion',
    });
  if (errors.length > 0) return { ok: false, errors };

  if (canaryRoutedBy(state) === 'VirtualService') {
    const result = shiftTraffic(
      {
        weights: {
          [target.stableVersion]: 100 - canaryWeight,
          [target.canaryVersion]: canaryWeight,
        },
      },
      state,
    );
    return result.ok
      ? result
      : {
          ok: false,
          errors: renameFields(result.errors, {
            [`weights.${target.stableVersion}`]: 'stableVersion',
            [`weights.${target.canaryVersion}`]: 'canaryVersion',
          }),
        };
  }

  const route = state.httpRoute!;
  const backends = backendsOf(state, target);
  if (!target.backends) {
    // Default names are a guess: only trust them when the route already uses one, else the
    // canary could send requests to a Service that does not exist.
    const rule = (route.spec?.rules ?? []).find(isDefaultHttpRouteRule);
    const names = (rule?.backendRefs ?? []).map(b => b.name);
    if (!names.includes(backends.stable) && !names.includes(backends.canary))
      return {
        ok: false,
        errors: [
          {
            field: 'route',
            message: `the default rule of HTTPRoute ${namespaceOf(route)}/${route.metadata.name} does not send requests to ${backends.stable} or ${backends.canary}; a canary through an HTTPRoute needs a backend Service per version`,
          },
        ],
      };
  }
  const result = shiftHttpRouteWeights(
    {
      route,
      weights: {
        [backends.stable]: 100 - canaryWeight,
        [backends.canary]: canaryWeight,
      },
    },
    state,
  );
  return result.ok
    ? result
    : {
        ok: false,
        errors: renameFields(result.errors, {
          [`weights.${backends.stable}`]: 'stableVersion',
          [`weights.${backends.canary}`]: 'canaryVersion',
        }),
      };
}

/** Percent of `part` in `total`, rounded; undefined without weight. */
function share(part: number, total: number): number | undefined {
  return total > 0 ? Math.round((100 * part) / total) : undefined;
}

/**
 * The canary's share of the Service's default traffic now, in percent: from the VirtualService's
 * default rule when its destinations are the Service's stable and canary subsets only (a lone
 * destination without a weight takes all), or from a GAMMA HTTPRoute's default rule over the
 * version backends (relative weights, default 1). Undefined when the routing is anything else —
 * no default rule, a redirect, another host or subset — i.e. not a plain stable/canary split.
 */
export function currentCanaryWeight(
  state: ServiceState,
  stableVersion: string,
  canaryVersion: string,
  backends?: { stable: string; canary: string },
): number | undefined {
  if (canaryRoutedBy(state) === 'HTTPRoute') {
    const names = backendsOf(state, { stableVersion, canaryVersion, backends });
    const rule = (state.httpRoute!.spec?.rules ?? []).find(
      isDefaultHttpRouteRule,
    );
    const refs = rule?.backendRefs ?? [];
    if (refs.length === 0) return undefined;
    let canary = 0;
    let total = 0;
    for (const ref of refs) {
      const isService =
        (ref.kind ?? 'Service') === 'Service' &&
        ['', 'core'].includes(ref.group ?? '');
      if (!isService || ![names.stable, names.canary].includes(ref.name))
        return undefined;
      const w = ref.weight ?? 1;
      total += w;
      if (ref.name === names.canary) canary += w;
    }
    return share(canary, total);
  }
  const vs = state.virtualService;
  if (!vs) return undefined;
  const rule = (vs.spec?.http ?? []).find(isDefaultRule);
  const route = rule?.route ?? [];
  if (!rule || route.length === 0 || rule.redirect || rule.directResponse)
    return undefined;
  // The host as Istio resolves it from the VirtualService's namespace; the domain is the state's.
  const domain = state.host.slice(
    `${state.name}.${state.namespace}.svc.`.length,
  );
  const vsNamespace = namespaceOf(vs);
  let canary = 0;
  let total = 0;
  for (const r of route) {
    const d = r.destination;
    if (
      resolveHost(d.host, vsNamespace, domain) !== state.host ||
      (d.subset !== stableVersion && d.subset !== canaryVersion)
    )
      return undefined;
    // Istio: a lone destination takes everything; with several, an unset weight is 0.
    const w = r.weight ?? (route.length === 1 ? 100 : 0);
    total += w;
    if (d.subset === canaryVersion) canary += w;
  }
  return share(canary, total);
}
