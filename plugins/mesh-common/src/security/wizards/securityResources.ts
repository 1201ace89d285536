import { KubeObject } from '../../kube/types';
import {
  Attachable,
  IstioObject,
  targetRefsOf,
} from '../../istio/model/common';
import { AuthzRule } from '../../istio/model/security';
import { compareByCreation } from '../../istio/index/sortByCreation';
import { HTTP_METHODS, portProblem } from '../../istio/validation/fieldFormats';
import { clone } from '../../traffic/wizards/editResources';
import { SecurityTarget, WizardFieldError } from './types';

/** The API version security wizards write: Istio serves security.istio.io/v1 since 1.22. */
export const SECURITY_V1 = 'security.istio.io/v1';

/** The manifest to apply for an edited policy: server-owned fields dropped, so the diff shows only the edit. */
export function toSecurityManifest<T extends KubeObject>(object: T): T {
  const copy = clone(object);
  delete copy.status;
  const meta = copy.metadata as unknown as Record<string, unknown>;
  for (const key of ['managedFields', 'uid', 'generation', 'creationTimestamp'])
    delete meta[key];
  return { ...copy, apiVersion: SECURITY_V1 };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
// Kubernetes label keys: an optional DNS-subdomain prefix, then a name of up to 63 characters.
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

export function nameProblem(name: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'is required';
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name))
    return 'lowercase letters, digits, "-" and "."';
  return undefined;
}

export function namespaceProblem(namespace: string): string | undefined {
  if (
    typeof namespace !== 'string' ||
    namespace.length > 63 ||
    !DNS_LABEL.test(namespace)
  )
    return 'a namespace name (lowercase letters, digits and "-")';
  return undefined;
}

/** Problems of a target: its namespace must be the state's, its selector valid Kubernetes labels. */
export function targetProblems(
  target: SecurityTarget,
  stateNamespace: string,
): WizardFieldError[] {
  const errors: WizardFieldError[] = [];
  const ns = namespaceProblem(target.namespace);
  if (ns) errors.push({ field: 'namespace', message: ns });
  else if (target.namespace !== stateNamespace)
    errors.push({
      field: 'namespace',
      message: `the wizard was given the policies of namespace ${stateNamespace}, not ${target.namespace}`,
    });
  for (const [key, value] of Object.entries(target.selector ?? {})) {
    const slash = key.lastIndexOf('/');
    const prefix = slash < 0 ? '' : key.slice(0, slash);
    const name = slash < 0 ? key : key.slice(slash + 1);
    if (!LABEL_NAME.test(name) || (prefix && !DNS_SUBDOMAIN.test(prefix)))
      errors.push({
        field: `selector.${key}`,
        message: `"${key}" is not a label key`,
      });
    else if (typeof value !== 'string' || !LABEL_VALUE.test(value))
      errors.push({
        field: `selector.${key}`,
        message: 'a label value: up to 63 letters, digits, "-", "_" and "."',
      });
  }
  return errors;
}

export function hasSelector(
  selector: Record<string, string> | undefined,
): selector is Record<string, string> {
  return selector !== undefined && Object.keys(selector).length > 0;
}

/** A policy's label selector (empty when it has none). */
export function selectorOf(
  policy: IstioObject<Attachable>,
): Record<string, string> {
  return policy.spec?.selector?.matchLabels ?? {};
}

export function sameSelector(
  a: Record<string, string> | undefined,
  b: Record<string, string> | undefined,
): boolean {
  const ea = Object.entries(a ?? {});
  return (
    ea.length === Object.keys(b ?? {}).length &&
    ea.every(([k, v]) => b?.[k] === v)
  );
}

/** Whether a policy with selector `outer` selects every pod that `inner` selects. */
export function selectorCovers(
  outer: Record<string, string>,
  inner: Record<string, string>,
): boolean {
  return Object.entries(outer).every(([k, v]) => inner[k] === v);
}

/** Whether a policy attaches by selector or namespace-wide (not by targetRefs) and selects the target. */
export function policyCoversTarget(
  policy: IstioObject<Attachable>,
  target: SecurityTarget,
): boolean {
  if (targetRefsOf(policy.spec).length > 0) return false;
  return selectorCovers(selectorOf(policy), target.selector ?? {});
}

export function oldestFirst<T extends KubeObject>(objects: T[]): T[] {
  return [...objects].sort(compareByCreation);
}

/**
 * A name for the wizard's own policy: the target's `app` (or first) label, else the namespace,
 * plus a suffix, so running the wizard again edits the same object instead of adding another.
 */
export function policyName(target: SecurityTarget, suffix: string): string {
  const selector = target.selector ?? {};
  const base =
    selector.app ??
    selector['app.kubernetes.io/name'] ??
    Object.values(selector)[0] ??
    target.namespace;
  const cleaned = base
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${(cleaned || 'workload').slice(0, 200)}-${suffix}`;
}

/** `ns/sa` → the principal Istio gives that service account's workloads. */
export function serviceAccountProblem(value: string): string | undefined {
  const parts = typeof value === 'string' ? value.split('/') : [];
  if (
    parts.length !== 2 ||
    namespaceProblem(parts[0]) ||
    !DNS_SUBDOMAIN.test(parts[1])
  )
    return 'a service account as namespace/name, e.g. bookinfo/bookinfo-reviews';
  return undefined;
}

export function portListProblems(
  ports: number[] | undefined,
  field = 'ports',
): WizardFieldError[] {
  return (ports ?? []).flatMap((p, i) => {
    const problem = portProblem(p);
    return problem ? [{ field: `${field}[${i}]`, message: problem }] : [];
  });
}

export function methodListProblems(
  methods: string[] | undefined,
  field = 'methods',
): WizardFieldError[] {
  return (methods ?? []).flatMap((m, i) =>
    typeof m === 'string' && HTTP_METHODS.includes(m.toUpperCase())
      ? []
      : [
          {
            field: `${field}[${i}]`,
            message: `an HTTP method (${HTTP_METHODS.join(', ')})`,
          },
        ],
  );
}

/**
 * Authorization paths: exact (`/api/v1`), prefix (`/api/*`), suffix (`*.png`) or `*`. Istio
 * rejects a `*` anywhere else (its `{*}` templates are not offered here: older proxies refuse them).
 */
export function pathListProblems(
  paths: string[] | undefined,
  field = 'paths',
): WizardFieldError[] {
  return (paths ?? []).flatMap((p, i) => {
    if (typeof p !== 'string' || p.length === 0)
      return [{ field: `${field}[${i}]`, message: 'a path such as /api/*' }];
    const inner = p.replace(/^\*/, '').replace(/\*$/, '');
    if (inner.includes('*'))
      return [
        {
          field: `${field}[${i}]`,
          message:
            'a "*" may only start or end a path (prefix /api/*, suffix *.png)',
        },
      ];
    if (!p.startsWith('/') && !p.startsWith('*'))
      return [{ field: `${field}[${i}]`, message: 'a path starts with /' }];
    return [];
  });
}

/** Rules equal as written, so re-running a wizard does not add the same rule twice. */
export function sameRule(a: AuthzRule, b: AuthzRule): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

export function describeTarget(target: SecurityTarget): string {
  return hasSelector(target.selector)
    ? `pods ${Object.entries(target.selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')} in ${target.namespace}`
    : `namespace ${target.namespace}`;
}
