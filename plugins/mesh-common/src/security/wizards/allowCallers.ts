import { namespaceOf, targetRefsOf } from '../../istio/model/common';
import {
  AuthorizationPolicy,
  AuthzOperation,
  AuthzRule,
  AuthzSource,
} from '../../istio/model/security';
import { principalOf } from '../../istio/security/principal';
import {
  SECURITY_V1,
  describeTarget,
  hasSelector,
  methodListProblems,
  nameProblem,
  namespaceProblem,
  pathListProblems,
  policyCoversTarget,
  policyName,
  portListProblems,
  sameRule,
  sameSelector,
  selectorOf,
  serviceAccountProblem,
  targetProblems,
  toSecurityManifest,
  unique,
} from './securityResources';
import {
  SecurityState,
  SecurityTarget,
  WizardFieldError,
  WizardResult,
} from './types';

export interface CallerSet {
  /** Service accounts as `namespace/name`: Istio identifies a caller by its service account. */
  serviceAccounts?: string[];
  /** Every workload of these namespaces (with a sidecar, so with an identity). */
  namespaces?: string[];
}

export interface AllowCallersInput extends SecurityTarget {
  callers: CallerSet;
  /** Workload (container) ports; none: every port. */
  ports?: number[];
  /** HTTP methods; none: every method. */
  methods?: string[];
  /** Exact, `/prefix/*` or `*suffix` paths; none: every path. */
  paths?: string[];
  action: 'ALLOW' | 'DENY';
  /** The policy to create or edit; by default one per target and action, e.g. `ratings-allow`. */
  name?: string;
  /**
   * `add` (default): the rule joins the policy's existing rules. `replace`: the policy holds only
   * this rule afterwards ("allow only").
   */
  mode?: 'add' | 'replace';
}

const named = (p: AuthorizationPolicy) =>
  `${namespaceOf(p)}/${p.metadata.name}`;

function inputProblems(
  input: AllowCallersInput,
  state: SecurityState,
): WizardFieldError[] {
  const errors = targetProblems(input, state.namespace);
  if (input.action !== 'ALLOW' && input.action !== 'DENY')
    errors.push({ field: 'action', message: 'ALLOW or DENY' });
  const sas = input.callers?.serviceAccounts ?? [];
  const nss = input.callers?.namespaces ?? [];
  sas.forEach((sa, i) => {
    const problem = serviceAccountProblem(sa);
    if (problem)
      errors.push({ field: `callers.serviceAccounts[${i}]`, message: problem });
  });
  nss.forEach((ns, i) => {
    const problem = namespaceProblem(ns);
    if (problem)
      errors.push({ field: `callers.namespaces[${i}]`, message: problem });
  });
  const operations =
    (input.ports ?? []).length +
    (input.methods ?? []).length +
    (input.paths ?? []).length;
  // An ALLOW rule without callers admits anyone; a DENY one without callers and operations
  // denies everything. Both are one click from an outage, so the form must say who.
  if (
    sas.length + nss.length === 0 &&
    (input.action === 'ALLOW' || operations === 0)
  )
    errors.push({
      field: 'callers',
      message:
        input.action === 'ALLOW'
          ? 'name at least one service account or namespace to allow'
          : 'name callers, or ports, methods or paths to deny',
    });
  errors.push(
    ...portListProblems(input.ports),
    ...methodListProblems(input.methods),
    ...pathListProblems(input.paths),
  );
  if (input.name !== undefined) {
    const problem = nameProblem(input.name);
    if (problem) errors.push({ field: 'name', message: problem });
  }
  return errors;
}

/** The rule for the callers: one `from` entry per kind, since fields within one source are ANDed. */
export function callerRule(
  callers: CallerSet,
  operation: AuthzOperation,
  trustDomain: string,
): AuthzRule {
  const from: Array<{ source: AuthzSource }> = [];
  const sas = unique(callers.serviceAccounts ?? []);
  if (sas.length > 0)
    from.push({
      source: {
        principals: sas.map(sa => {
          const [ns, name] = sa.split('/');
          return principalOf(ns, name, trustDomain);
        }),
      },
    });
  const nss = unique(callers.namespaces ?? []);
  if (nss.length > 0) from.push({ source: { namespaces: nss } });
  const rule: AuthzRule = {};
  if (from.length > 0) rule.from = from;
  if (Object.keys(operation).length > 0) rule.to = [{ operation }];
  return rule;
}

export function operationOf(input: {
  ports?: number[];
  methods?: string[];
  paths?: string[];
}): AuthzOperation {
  const op: AuthzOperation = {};
  if ((input.ports ?? []).length > 0)
    op.ports = unique(input.ports!.map(String));
  if ((input.methods ?? []).length > 0)
    op.methods = unique(input.methods!.map(m => m.toUpperCase()));
  if ((input.paths ?? []).length > 0) op.paths = unique(input.paths!);
  return op;
}

export type EditablePolicy =
  | { ok: true; policy: AuthorizationPolicy; existed: boolean }
  | { ok: false; errors: WizardFieldError[] };

/**
 * The policy to edit: the live one with that name (a copy), or a new one. A live policy with
 * that name that applies to other pods, attaches by targetRefs or has another action is someone
 * else's: the wizard refuses rather than change what it governs.
 */
export function editableAuthorizationPolicy(
  state: SecurityState,
  target: SecurityTarget,
  name: string,
  action: 'ALLOW' | 'DENY',
): EditablePolicy {
  const live = state.authorizationPolicies.find(p => p.metadata.name === name);
  if (!live)
    return {
      ok: true,
      existed: false,
      policy: {
        apiVersion: SECURITY_V1,
        kind: 'AuthorizationPolicy',
        metadata: { name, namespace: state.namespace },
        spec: {
          ...(hasSelector(target.selector)
            ? { selector: { matchLabels: { ...target.selector } } }
            : {}),
          action,
        },
      },
    };
  const liveAction = live.spec?.action ?? 'ALLOW';
  let why: string | undefined;
  if (targetRefsOf(live.spec).length > 0) why = 'attaches by targetRefs';
  else if (!sameSelector(selectorOf(live), target.selector))
    why = 'selects other pods';
  else if (liveAction !== action) why = `is a ${liveAction} policy`;
  if (why)
    return {
      ok: false,
      errors: [
        {
          field: 'name',
          message: `AuthorizationPolicy ${named(live)} exists and ${why}; choose another name`,
        },
      ],
    };
  const policy = toSecurityManifest(live);
  policy.spec = { ...policy.spec, action };
  return { ok: true, existed: true, policy };
}

/** Notes every allow/deny change carries: what it means beyond the rule itself. */
export function authorizationNotes(
  state: SecurityState,
  target: SecurityTarget,
  policy: AuthorizationPolicy,
  httpOnly: boolean,
): string[] {
  const notes: string[] = [];
  const action = policy.spec?.action ?? 'ALLOW';
  const others = state.authorizationPolicies.filter(
    p =>
      p.metadata.name !== policy.metadata.name &&
      (p.spec?.action ?? 'ALLOW') === 'ALLOW' &&
      policyCoversTarget(p, target),
  );
  if (action === 'ALLOW') {
    if (others.length === 0)
      notes.push(
        `no other ALLOW policy of ${state.namespace} applies to ${describeTarget(target)}: from now on every request this policy does not match is denied (403)`,
      );
    else
      notes.push(
        `ALLOW policies ${others.map(named).join(', ')} also apply: a request any of them matches stays allowed`,
      );
  }
  if (httpOnly)
    notes.push(
      action === 'ALLOW'
        ? 'methods and paths are HTTP attributes: on plain TCP ports Istio drops this rule, so TCP callers are not admitted by it'
        : 'methods and paths are HTTP attributes: on plain TCP ports Istio ignores them and denies the callers on the whole port',
    );
  if (state.namespace === state.rootNamespace)
    notes.push(
      `${state.rootNamespace} is the root namespace: the policy applies to every namespace's workloads its selector matches`,
    );
  return notes;
}

/**
 * Allows (or denies) callers — service accounts and namespaces — on ports, methods and paths,
 * through the AuthorizationPolicy the wizard owns for the target and action: the rule is added to
 * it (or, with `mode: 'replace'`, becomes its only rule); everything else in it is kept.
 */
export function allowCallers(
  input: AllowCallersInput,
  state: SecurityState,
): WizardResult {
  const errors = inputProblems(input, state);
  if (errors.length > 0) return { ok: false, errors };
  const name =
    input.name ??
    policyName(input, input.action === 'ALLOW' ? 'allow' : 'deny');
  const edit = editableAuthorizationPolicy(state, input, name, input.action);
  if (!edit.ok) return edit;
  const { policy } = edit;
  const operation = operationOf(input);
  const rule = callerRule(input.callers, operation, state.trustDomain);
  const kept = input.mode === 'replace' ? [] : (policy.spec?.rules ?? []);
  const already = kept.some(r => sameRule(r, rule));
  policy.spec = { ...policy.spec, rules: already ? kept : [...kept, rule] };
  const who = [
    ...(input.callers.serviceAccounts ?? []).map(sa => `service account ${sa}`),
    ...(input.callers.namespaces ?? []).map(ns => `namespace ${ns}`),
  ];
  const on = [
    operation.ports && `ports ${operation.ports.join(', ')}`,
    operation.methods && `methods ${operation.methods.join(', ')}`,
    operation.paths && `paths ${operation.paths.join(', ')}`,
  ].filter(Boolean);
  const notes = [
    `${edit.existed ? 'edits' : 'creates'} ${input.action} AuthorizationPolicy ${named(policy)} for ${describeTarget(input)}: ${input.action === 'ALLOW' ? 'allow' : 'deny'} ${who.length > 0 ? who.join(' or ') : 'every caller'}${on.length > 0 ? ` on ${on.join(', ')}` : ''}`,
  ];
  if (already)
    notes.push(`the policy already has this rule; it is kept as it is`);
  if (input.mode === 'replace' && edit.existed)
    notes.push(`its other rules are removed`);
  notes.push(
    ...authorizationNotes(
      state,
      input,
      policy,
      operation.methods !== undefined || operation.paths !== undefined,
    ),
  );
  return {
    ok: true,
    resources: [{ action: 'apply', manifest: policy }],
    notes,
  };
}

export interface AllowOnlyInput extends SecurityTarget {
  callers: CallerSet;
  ports?: number[];
  name?: string;
}

/**
 * "Allow only these callers": an ALLOW policy whose single rule admits them, so every other
 * caller is denied (unless another ALLOW policy on the target admits it, which the notes name).
 * E.g. on ratings, only reviews' service account `bookinfo/bookinfo-reviews`.
 */
export function allowOnly(
  input: AllowOnlyInput,
  state: SecurityState,
): WizardResult {
  return allowCallers(
    {
      ...input,
      action: 'ALLOW',
      mode: 'replace',
      name: input.name ?? policyName(input, 'allow-only'),
    },
    state,
  );
}
