import { AuthzOperation, AuthzRule } from '../../istio/model/security';
import { HTTP_METHODS, portProblem } from '../../istio/validation/fieldFormats';
import { principalOf } from '../../istio/security/principal';
import {
  authorizationNotes,
  editableAuthorizationPolicy,
} from './allowCallers';
import {
  describeTarget,
  nameProblem,
  policyName,
  serviceAccountProblem,
  targetProblems,
} from './securityResources';
import {
  SecurityState,
  SecurityTarget,
  WizardFieldError,
  WizardResult,
} from './types';

/** One caller seen in the metrics window, as the Security view's observed callers give it. */
export interface ObservedCall {
  /** The caller's principal as Istio recorded it (`cluster.local/ns/x/sa/y`; `spiffe://` is stripped). */
  principal?: string;
  /** Or its service account, `namespace/name`. */
  serviceAccount?: string;
  /** The caller as the metrics name it (`namespace/workload`), for the notes. */
  source?: string;
  /** The target's workload port; unknown: the caller is admitted on every port. */
  port?: number;
  /** The HTTP method; unknown (TCP, or not broken down): every method. */
  method?: string;
}

export interface LeastPrivilegeInput extends SecurityTarget {
  observed: ObservedCall[];
  /** The ALLOW policy the wizard owns; by default `<app>-least-privilege`. */
  name?: string;
}

const PRINCIPAL = /^[^/\s]+\/ns\/[^/\s]+\/sa\/[^/\s]+$/;

/** What one caller did: methods per port, methods on unknown ports, and whether anything was unknown. */
interface CallerUse {
  ports: Map<number, Set<string> | 'any'>;
  portless: Set<string>;
  everything: boolean;
}

function principalOfCall(
  call: ObservedCall,
  trustDomain: string,
): string | undefined {
  if (call.principal) return call.principal.replace(/^spiffe:\/\//, '');
  if (call.serviceAccount) {
    const [ns, sa] = call.serviceAccount.split('/');
    return principalOf(ns, sa, trustDomain);
  }
  return undefined;
}

function inputProblems(
  input: LeastPrivilegeInput,
  state: SecurityState,
): WizardFieldError[] {
  const errors = targetProblems(input, state.namespace);
  if (!Array.isArray(input.observed))
    return [...errors, { field: 'observed', message: 'a list of callers' }];
  input.observed.forEach((call, i) => {
    const field = `observed[${i}]`;
    if (
      call.principal !== undefined &&
      !PRINCIPAL.test(call.principal.replace(/^spiffe:\/\//, ''))
    )
      errors.push({
        field: `${field}.principal`,
        message: 'a principal such as cluster.local/ns/bookinfo/sa/reviews',
      });
    if (call.serviceAccount !== undefined) {
      const problem = serviceAccountProblem(call.serviceAccount);
      if (problem)
        errors.push({ field: `${field}.serviceAccount`, message: problem });
    }
    if (call.port !== undefined) {
      const problem = portProblem(call.port);
      if (problem) errors.push({ field: `${field}.port`, message: problem });
    }
    if (
      call.method !== undefined &&
      !HTTP_METHODS.includes(call.method.toUpperCase())
    )
      errors.push({ field: `${field}.method`, message: 'an HTTP method' });
  });
  if (input.name !== undefined) {
    const problem = nameProblem(input.name);
    if (problem) errors.push({ field: 'name', message: problem });
  }
  return errors;
}

/** A caller's operations: one per port (methods seen there), plus methods seen on unknown ports. */
function operationsOf(use: CallerUse): AuthzOperation[] | undefined {
  if (use.everything) return undefined;
  const ops: AuthzOperation[] = [];
  for (const port of [...use.ports.keys()].sort((a, b) => a - b)) {
    const methods = use.ports.get(port)!;
    ops.push(
      methods === 'any'
        ? { ports: [String(port)] }
        : { ports: [String(port)], methods: [...methods].sort() },
    );
  }
  if (use.portless.size > 0) ops.push({ methods: [...use.portless].sort() });
  return ops;
}

/**
 * Least privilege from observed traffic: one ALLOW policy that admits exactly the callers seen
 * in the window, each only on the ports and methods it used (separate `to` entries per port, so
 * a method seen on one port is not admitted on another), callers that used the same operations
 * sharing a rule. Callers without an identity (plaintext, no sidecar) cannot be named by an
 * ALLOW rule; the notes list them, as they would be denied. The wizard owns the policy and
 * replaces its rules; other ALLOW policies on the target still admit what they admit.
 */
export function leastPrivilegeFromObserved(
  input: LeastPrivilegeInput,
  state: SecurityState,
): WizardResult {
  const errors = inputProblems(input, state);
  if (errors.length > 0) return { ok: false, errors };
  const uses = new Map<string, CallerUse>();
  const anonymous = new Set<string>();
  for (const call of input.observed) {
    const principal = principalOfCall(call, state.trustDomain);
    if (!principal) {
      anonymous.add(call.source ?? 'a caller without identity');
      continue;
    }
    let use = uses.get(principal);
    if (!use) {
      use = { ports: new Map(), portless: new Set(), everything: false };
      uses.set(principal, use);
    }
    const method = call.method?.toUpperCase();
    if (call.port === undefined && method === undefined) use.everything = true;
    else if (call.port === undefined) use.portless.add(method!);
    else {
      const seen = use.ports.get(call.port);
      if (method === undefined || seen === 'any')
        use.ports.set(call.port, 'any');
      else use.ports.set(call.port, new Set([...(seen ?? []), method]));
    }
  }
  if (uses.size === 0)
    return {
      ok: false,
      errors: [
        {
          field: 'observed',
          message:
            'no caller with a mesh identity was observed: the policy would admit nothing and deny every request',
        },
      ],
    };

  // Callers with the same operations share one rule.
  const byOps = new Map<
    string,
    { principals: string[]; ops?: AuthzOperation[] }
  >();
  for (const [principal, use] of [...uses].sort(([a], [b]) =>
    a < b ? -1 : 1,
  )) {
    const ops = operationsOf(use);
    const key = JSON.stringify(ops ?? null);
    const group = byOps.get(key);
    if (group) group.principals.push(principal);
    else byOps.set(key, { principals: [principal], ops });
  }
  const rules: AuthzRule[] = [...byOps.values()].map(g => ({
    from: [{ source: { principals: g.principals } }],
    ...(g.ops ? { to: g.ops.map(operation => ({ operation })) } : {}),
  }));

  const name = input.name ?? policyName(input, 'least-privilege');
  const edit = editableAuthorizationPolicy(state, input, name, 'ALLOW');
  if (!edit.ok) return edit;
  edit.policy.spec = { ...edit.policy.spec, rules };
  const notes = [
    `${edit.existed ? 'replaces the rules of' : 'creates'} ALLOW AuthorizationPolicy ${state.namespace}/${name} for ${describeTarget(input)}: admits ${uses.size} caller${uses.size === 1 ? '' : 's'} on the ports and methods observed`,
  ];
  if (anonymous.size > 0)
    notes.push(
      `${[...anonymous].sort().join(', ')} ${anonymous.size === 1 ? 'has' : 'have'} no mesh identity (plaintext): an ALLOW policy cannot name ${anonymous.size === 1 ? 'it' : 'them'}, so ${anonymous.size === 1 ? 'it' : 'they'} would be denied`,
    );
  notes.push(
    ...authorizationNotes(
      state,
      input,
      edit.policy,
      rules.some(r => r.to?.some(t => t.operation?.methods)),
    ),
  );
  return {
    ok: true,
    resources: [{ action: 'apply', manifest: edit.policy }],
    notes,
  };
}

/** An access decision keyed by caller, callee, port, method and path (the access matrix's rows). */
export interface AccessDecisionRow {
  source: string;
  destination: string;
  port: number;
  method: string;
  path: string;
  allowed: boolean;
}

export interface AccessChange<T extends AccessDecisionRow> {
  before: T;
  after: T;
}

const rowKey = (r: AccessDecisionRow) =>
  `${r.source}\u0000${r.destination}\u0000${r.port}\u0000${r.method.toUpperCase()}\u0000${r.path}`;

function changes<T extends AccessDecisionRow>(
  before: T[],
  after: T[],
  from: boolean,
): Array<AccessChange<T>> {
  const next = new Map(after.map(r => [rowKey(r), r]));
  const out: Array<AccessChange<T>> = [];
  for (const b of before) {
    const a = next.get(rowKey(b));
    // A row missing after the change (a workload gone) is not a change of policy.
    if (a && b.allowed === from && a.allowed !== from)
      out.push({ before: b, after: a });
  }
  return out;
}

/**
 * What a change would deny that was allowed before: rows of the access matrix on the model
 * before and after the change, paired by caller, callee, port, method and path. The `after` row
 * names the policy (or the reason) that now denies.
 */
export function wouldBeDenied<T extends AccessDecisionRow>(
  before: T[],
  after: T[],
): Array<AccessChange<T>> {
  return changes(before, after, true);
}

/** The converse: what a change would allow that was denied before. */
export function wouldBeAllowed<T extends AccessDecisionRow>(
  before: T[],
  after: T[],
): Array<AccessChange<T>> {
  return changes(before, after, false);
}
