import {
  labelSelectorFromSpec,
  LabelSelectorSpec,
  matchesLabels,
} from '../store/labelSelector';
import { KubeObject } from '../store/types';

/**
 * Kubernetes RBAC (k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac) as pure functions over the
 * cluster's Role, ClusterRole, RoleBinding and ClusterRoleBinding objects. RBAC only ever allows:
 * a request is allowed when some binding that applies to the user grants a rule that covers it.
 */

/** Who a request runs as after authentication and impersonation. */
export interface UserInfo {
  name: string;
  groups: string[];
}

/** The apiserver's authorizer.Attributes for a resource request. */
export interface ResourceAttributes {
  verb: string;
  /** '' for the core group. */
  apiGroup: string;
  resource: string;
  subresource?: string;
  /** Absent for collections (list, create, deletecollection). */
  name?: string;
  /** Absent for cluster-scoped resources and for requests across all namespaces. */
  namespace?: string;
}

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
  apiGroup?: string;
}

interface RoleRef {
  kind?: string;
  name?: string;
}

/** Read access to a cluster's RBAC objects; the authorizer never changes them. */
export interface RbacPolicySource {
  clusterRoleBindings(): readonly KubeObject[];
  roleBindings(namespace: string): readonly KubeObject[];
  clusterRoles(): readonly KubeObject[];
  clusterRole(name: string): KubeObject | undefined;
  role(namespace: string, name: string): KubeObject | undefined;
}

/** An in-memory policy source, for tests and for objects not (yet) in a store. */
export function staticPolicySource(
  objects: readonly KubeObject[],
): RbacPolicySource {
  const ofKind = (kind: string) => objects.filter(o => o.kind === kind);
  return {
    clusterRoleBindings: () => ofKind('ClusterRoleBinding'),
    roleBindings: namespace =>
      ofKind('RoleBinding').filter(o => o.metadata.namespace === namespace),
    clusterRoles: () => ofKind('ClusterRole'),
    clusterRole: name =>
      ofKind('ClusterRole').find(o => o.metadata.name === name),
    role: (namespace, name) =>
      ofKind('Role').find(
        o => o.metadata.namespace === namespace && o.metadata.name === name,
      ),
  };
}

const ANY = '*';

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return strings(rule.verbs).some(v => v === ANY || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, apiGroup: string): boolean {
  return strings(rule.apiGroups).some(g => g === ANY || g === apiGroup);
}

/**
 * `*` covers every resource and subresource; `pods/log` exactly that subresource; a `*` before
 * `/scale` that subresource of every resource. A plain `deployments` does not cover
 * `deployments/scale`, as in Kubernetes.
 */
export function resourceMatches(
  rule: PolicyRule,
  resource: string,
  subresource?: string,
): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return strings(rule.resources).some(
    r =>
      r === ANY ||
      r === combined ||
      (subresource !== undefined && r === `*/${subresource}`),
  );
}

/** An empty resourceNames covers every name; otherwise only those names (so never a create or a list). */
export function resourceNameMatches(
  rule: PolicyRule,
  name: string | undefined,
): boolean {
  const names = strings(rule.resourceNames);
  return (
    names.length === 0 ||
    (name !== undefined && name !== '' && names.includes(name))
  );
}

export function ruleAllows(
  rule: PolicyRule,
  attributes: ResourceAttributes,
): boolean {
  return (
    verbMatches(rule, attributes.verb) &&
    apiGroupMatches(rule, attributes.apiGroup) &&
    resourceMatches(rule, attributes.resource, attributes.subresource) &&
    resourceNameMatches(rule, attributes.name)
  );
}

/**
 * Whether a binding's subject is this user: Users and Groups by name, ServiceAccounts by their
 * `system:serviceaccount:<namespace>:<name>` user name (a RoleBinding's ServiceAccount subject
 * without a namespace means one in the binding's namespace).
 */
export function subjectMatches(
  subject: Subject,
  user: UserInfo,
  bindingNamespace?: string,
): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.name;
    case 'Group':
      return subject.name !== undefined && user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      return (
        namespace !== undefined &&
        user.name === `system:serviceaccount:${namespace}:${subject.name ?? ''}`
      );
    }
    default:
      return false;
  }
}

function bindingApplies(binding: KubeObject, user: UserInfo): boolean {
  const subjects = Array.isArray(binding.subjects)
    ? (binding.subjects as Subject[])
    : [];
  return subjects.some(
    subject =>
      subject && subjectMatches(subject, user, binding.metadata.namespace),
  );
}

function rulesOf(role: KubeObject | undefined): PolicyRule[] {
  return Array.isArray(role?.rules) ? (role!.rules as PolicyRule[]) : [];
}

/**
 * A ClusterRole's rules. An aggregated one (`aggregationRule.clusterRoleSelectors`) has the rules
 * of every ClusterRole its selectors match, as the aggregation controller would have written them;
 * they are worked out here, at request time, so a newly applied `aggregate-to-edit` role counts at once.
 */
export function clusterRoleRules(
  role: KubeObject | undefined,
  source: Pick<RbacPolicySource, 'clusterRoles'>,
  visiting = new Set<string>(),
): PolicyRule[] {
  const aggregation = role?.aggregationRule as
    { clusterRoleSelectors?: LabelSelectorSpec[] } | undefined;
  if (!role || !aggregation || !Array.isArray(aggregation.clusterRoleSelectors))
    return rulesOf(role);
  // `view` aggregates into `edit` and `edit` into `admin`: follow the chain, once per role.
  if (visiting.has(role.metadata.name!)) return [];
  visiting.add(role.metadata.name!);
  const selectors = aggregation.clusterRoleSelectors.map(spec => {
    try {
      return labelSelectorFromSpec(spec);
    } catch {
      return undefined;
    }
  });
  const rules: PolicyRule[] = [];
  for (const candidate of source.clusterRoles()) {
    if (candidate.metadata.name === role.metadata.name) continue;
    if (
      selectors.some(
        selector =>
          selector !== undefined &&
          matchesLabels(selector, candidate.metadata.labels),
      )
    ) {
      rules.push(...clusterRoleRules(candidate, source, visiting));
    }
  }
  return rules;
}

/** The rules a binding grants: a RoleBinding may name a Role in its namespace or any ClusterRole. */
function boundRules(
  binding: KubeObject,
  source: RbacPolicySource,
): PolicyRule[] {
  const ref = (binding.roleRef ?? {}) as RoleRef;
  if (!ref.name) return [];
  if (ref.kind === 'ClusterRole')
    return clusterRoleRules(source.clusterRole(ref.name), source);
  if (ref.kind === 'Role' && binding.metadata.namespace)
    return rulesOf(source.role(binding.metadata.namespace, ref.name));
  return [];
}

/**
 * RBAC's decision: ClusterRoleBindings apply everywhere; RoleBindings only to requests inside their
 * namespace (a RoleBinding to a ClusterRole grants that role's rules in the binding's namespace only).
 */
export function rbacAllows(
  source: RbacPolicySource,
  user: UserInfo,
  attributes: ResourceAttributes,
): boolean {
  const grants = (binding: KubeObject) =>
    bindingApplies(binding, user) &&
    boundRules(binding, source).some(
      rule => rule && ruleAllows(rule, attributes),
    );
  if (source.clusterRoleBindings().some(grants)) return true;
  return (
    attributes.namespace !== undefined &&
    attributes.namespace !== '' &&
    source.roleBindings(attributes.namespace).some(grants)
  );
}
