import { Pod } from '../../kube/types';
import { hasSidecar } from '../../overview/sidecar';
import { MeshIndex } from '../index/MeshIndex';
import { namespaceOf, refOf } from '../model/common';
import { AuthorizationPolicy, AuthzAction } from '../model/security';
import { splitPath } from '../routing/matchHttpRequest';
import { sharedMtlsDecision, workloadLabels } from './effectiveMtls';
import {
  AuthzContext,
  matchAuthzRule,
  usesHttpOnlyFields,
  withoutHttpOnlyFields,
} from './matchAuthzRule';
import { namespaceOfPrincipal, podPrincipal } from './principal';
import { AttachedPolicy, PolicyTarget, selectPolicies } from './selectPolicies';
import { validateJwt } from './validateJwt';
import { indexMemo } from './indexMemo';
import {
  AuthzDecision,
  AuthzRequest,
  MtlsDecision,
  SecurityStep,
} from './types';

const serviceRefs = indexMemo<PolicyTarget['service'] | null>();

function serviceRef(
  index: MeshIndex,
  req: AuthzRequest,
): PolicyTarget['service'] {
  const { service, namespace } = req.destination;
  if (!service) return undefined;
  const found = serviceRefs(index, `${service}\u0000${namespace}`, () => {
    const svc = index.servicesForHost(index.resolveHost(service, namespace))[0];
    return svc
      ? { namespace: namespaceOf(svc), name: svc.metadata.name }
      : null;
  });
  return found ?? undefined;
}

/**
 * The caller's peer identity as the destination sees it: only when the caller has a sidecar and
 * the destination does not DISABLE mTLS (auto mTLS then sends Istio certificates).
 */
function callerPrincipal(
  index: MeshIndex,
  req: AuthzRequest,
  mtls: Readonly<MtlsDecision>,
  steps: SecurityStep[],
  trustDomain: string,
): string | undefined {
  const src = req.source;
  if (!src) {
    steps.push({
      kind: 'identity',
      message: 'no source given: the caller has no peer identity',
    });
    return undefined;
  }
  if (src.principal) return src.principal;
  const pod = src.pod
    ? index.get<Pod>('Pod', src.namespace, src.pod)
    : undefined;
  if (!pod) {
    steps.push({
      kind: 'identity',
      message: `source ${src.namespace}/${src.pod ?? '(labels)'} is not a known pod: no peer identity`,
    });
    return undefined;
  }
  if (!hasSidecar(pod)) {
    steps.push({
      kind: 'identity',
      message: `${src.namespace}/${pod.metadata.name} has no sidecar, so it sends plaintext and has no principal`,
    });
    return undefined;
  }
  if (mtls.mode === 'DISABLE') {
    steps.push({
      kind: 'identity',
      message: `the destination disables mTLS on port ${req.port}: the caller's identity is not presented`,
    });
    return undefined;
  }
  return podPrincipal(pod, trustDomain);
}

function buildContext(
  index: MeshIndex,
  req: AuthzRequest,
  principal: string | undefined,
  requestPrincipal: string | undefined,
): AuthzContext {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {}))
    headers[k.toLowerCase()] = v;
  const srcPod = req.source?.pod
    ? index.get<Pod>('Pod', req.source.namespace, req.source.pod)
    : undefined;
  const dstPod = req.destination.pod
    ? index.get<Pod>('Pod', req.destination.namespace, req.destination.pod)
    : undefined;
  const jwt = requestPrincipal ? req.jwt : undefined;
  return {
    principal,
    sourceNamespace: namespaceOfPrincipal(principal),
    sourceIp: req.source?.ip ?? srcPod?.status?.podIP,
    remoteIp: req.source?.remoteIp,
    requestPrincipal,
    audiences: jwt?.audiences ?? [],
    presenter: jwt?.presenter,
    claims: jwt
      ? {
          iss: jwt.issuer,
          sub: jwt.subject,
          aud: jwt.audiences,
          azp: jwt.presenter,
          ...jwt.claims,
        }
      : {},
    host: req.host ?? headers[':authority'] ?? headers.host,
    port: req.port,
    method: req.method?.toUpperCase(),
    path: req.path === undefined ? undefined : splitPath(req.path).path,
    headers,
    destinationIp: req.destination.ip ?? dstPod?.status?.podIP,
    sni: req.sni,
    tcp: req.protocol === 'tcp',
  };
}

function firstMatchingRule(
  a: AttachedPolicy<AuthorizationPolicy>,
  ctx: AuthzContext,
  steps: SecurityStep[],
): number | null {
  const p = a.policy;
  const ref = refOf(p);
  const rules = p.spec?.rules ?? [];
  if (rules.length === 0) {
    steps.push({
      kind: 'no-rules',
      message: `${p.spec?.action ?? 'ALLOW'} policy ${ref.namespace}/${ref.name} has no rules, so it matches no request`,
      policy: ref,
    });
    return null;
  }
  const action = p.spec?.action ?? 'ALLOW';
  for (let i = 0; i < rules.length; i++) {
    let rule = rules[i];
    if (ctx.tcp && usesHttpOnlyFields(rule)) {
      if (action !== 'DENY') {
        steps.push({
          kind: 'rule-not-matched',
          message: `rule ${i} of ${ref.namespace}/${ref.name} uses HTTP-only fields, so Istio drops it for TCP`,
          policy: ref,
          ruleIndex: i,
          reason: 'HTTP-only fields on TCP',
        });
        continue;
      }
      rule = withoutHttpOnlyFields(rule);
    }
    const why = matchAuthzRule(rule, ctx);
    if (why === null) {
      steps.push({
        kind: 'rule-matched',
        message: `rule ${i} of ${p.spec?.action ?? 'ALLOW'} policy ${ref.namespace}/${ref.name} matches`,
        policy: ref,
        ruleIndex: i,
      });
      return i;
    }
    steps.push({
      kind: 'rule-not-matched',
      message: `rule ${i} of ${ref.namespace}/${ref.name} does not match`,
      policy: ref,
      ruleIndex: i,
      reason: why,
    });
  }
  return null;
}

function decision(
  allowed: boolean,
  action: AuthzAction | null,
  a: AttachedPolicy<AuthorizationPolicy> | null,
  ruleIndex: number | null,
  reason: string,
  base: Pick<AuthzDecision, 'principal' | 'requestPrincipal' | 'steps'>,
  status?: 0 | 401,
): AuthzDecision {
  base.steps.push({
    kind: 'decision',
    message: reason,
    policy: a ? refOf(a.policy) : undefined,
    ruleIndex: ruleIndex ?? undefined,
  });
  return {
    allowed,
    action,
    policy: a ? refOf(a.policy) : null,
    ruleIndex,
    reason,
    status: status ?? (allowed ? 200 : 403),
    ...base,
  };
}

const NONE: Array<AttachedPolicy<AuthorizationPolicy>> = [];
const appliesSteps = new WeakMap<
  AttachedPolicy<AuthorizationPolicy>,
  SecurityStep
>();
const groupedByAction = new WeakMap<
  Array<AttachedPolicy<AuthorizationPolicy>>,
  Map<AuthzAction, Array<AttachedPolicy<AuthorizationPolicy>>>
>();

/**
 * The "policy applies" step of an attached policy. The attached lists are memoised per index
 * generation, so the step is built once and shared by every decision that reads it (read-only).
 */
function appliesStep(a: AttachedPolicy<AuthorizationPolicy>): SecurityStep {
  let step = appliesSteps.get(a);
  if (!step) {
    step = {
      kind: 'applies',
      message: `${a.policy.spec?.action ?? 'ALLOW'} policy ${namespaceOf(a.policy)}/${a.policy.metadata.name} applies (${a.scope})`,
      policy: refOf(a.policy),
    };
    appliesSteps.set(a, step);
  }
  return step;
}

/** The attached policies by action, in their order; once per memoised list. */
function groupByAction(
  attached: Array<AttachedPolicy<AuthorizationPolicy>>,
): Map<AuthzAction, Array<AttachedPolicy<AuthorizationPolicy>>> {
  let grouped = groupedByAction.get(attached);
  if (!grouped) {
    grouped = new Map();
    for (const a of attached) {
      const action = a.policy.spec?.action ?? 'ALLOW';
      grouped.set(action, [...(grouped.get(action) ?? []), a]);
    }
    groupedByAction.set(attached, grouped);
  }
  return grouped;
}

/**
 * Decides a request the way the destination's sidecar does: JWT validation (RequestAuthentication)
 * first, then AuthorizationPolicies that apply to the workload (its namespace, the root namespace,
 * selectors, targetRefs) in Istio's order — CUSTOM, then DENY, then ALLOW: any matching DENY
 * denies; no ALLOW policy allows; otherwise some ALLOW policy must match. AUDIT never decides.
 * The result names the policy and rule that decided, with every step on the way.
 */
export function authorizeRequest(
  index: MeshIndex,
  req: AuthzRequest,
): AuthzDecision {
  const steps: SecurityStep[] = [];
  const trustDomain = req.trustDomain ?? index.trustDomain;
  const { labels } = workloadLabels(index, req.destination);
  const target: PolicyTarget = {
    namespace: req.destination.namespace,
    labels,
    service: serviceRef(index, req),
  };
  const mtls = sharedMtlsDecision(
    index,
    req.destination.namespace,
    labels,
    req.port,
  );
  const principal = callerPrincipal(index, req, mtls, steps, trustDomain);
  if (principal)
    steps.push({ kind: 'identity', message: `caller principal ${principal}` });

  // Policies are enforced by the destination's proxy; without one nothing is checked.
  const dstPod = req.destination.pod
    ? index.get<Pod>('Pod', req.destination.namespace, req.destination.pod)
    : undefined;
  if (dstPod && !hasSidecar(dstPod)) {
    const none = {
      principal: principal ?? null,
      requestPrincipal: null,
      steps,
    };
    return decision(
      true,
      null,
      null,
      null,
      `${req.destination.namespace}/${dstPod.metadata.name} has no sidecar, so no mTLS, JWT or authorization policy is enforced`,
      none,
    );
  }
  // A STRICT workload resets plaintext connections before any HTTP is read.
  if (mtls.mode === 'STRICT' && !principal) {
    const where = mtls.policy
      ? `PeerAuthentication ${mtls.policy.namespace}/${mtls.policy.name}`
      : 'the mesh';
    return decision(
      false,
      null,
      null,
      null,
      `the destination requires mTLS on port ${req.port} (STRICT, ${where}) and the caller sends plaintext: the connection is reset`,
      { principal: null, requestPrincipal: null, steps },
      0,
    );
  }

  const jwt = validateJwt(index, target, req.jwt);
  steps.push(...jwt.steps);
  const base = {
    principal: principal ?? null,
    requestPrincipal: jwt.requestPrincipal ?? null,
    steps,
  };
  if (jwt.rejected)
    return decision(
      false,
      null,
      null,
      null,
      'the request carries a JWT that no applicable RequestAuthentication accepts (401)',
      base,
      401,
    );

  const ctx = buildContext(index, req, principal, jwt.requestPrincipal);
  const attached = selectPolicies<AuthorizationPolicy>(
    index,
    'AuthorizationPolicy',
    target,
    true,
  );
  for (const a of attached) steps.push(appliesStep(a));
  const grouped = groupByAction(attached);
  const byAction = (action: AuthzAction) => grouped.get(action) ?? NONE;

  for (const a of byAction('CUSTOM')) {
    const i = firstMatchingRule(a, ctx, steps);
    if (i === null) continue;
    const provider = a.policy.spec?.provider?.name ?? '(no provider)';
    if ((req.customDecision ?? 'allow') === 'deny') {
      return decision(
        false,
        'CUSTOM',
        a,
        i,
        `CUSTOM policy ${namespaceOf(a.policy)}/${a.policy.metadata.name} sends the request to ${provider}, which denies it`,
        base,
      );
    }
    steps.push({
      kind: 'custom',
      message: `CUSTOM policy ${namespaceOf(a.policy)}/${a.policy.metadata.name} sends the request to ${provider}; assumed to allow`,
      policy: refOf(a.policy),
      ruleIndex: i,
    });
  }
  for (const a of byAction('DENY')) {
    const i = firstMatchingRule(a, ctx, steps);
    if (i !== null)
      return decision(
        false,
        'DENY',
        a,
        i,
        `denied by rule ${i} of DENY policy ${namespaceOf(a.policy)}/${a.policy.metadata.name}`,
        base,
      );
  }
  for (const a of byAction('AUDIT')) {
    const i = firstMatchingRule(a, ctx, steps);
    if (i !== null)
      steps.push({
        kind: 'audit',
        message: `AUDIT policy ${namespaceOf(a.policy)}/${a.policy.metadata.name} marks the request for audit`,
        policy: refOf(a.policy),
        ruleIndex: i,
      });
  }
  const allows = byAction('ALLOW');
  if (allows.length === 0)
    return decision(
      true,
      null,
      null,
      null,
      'no ALLOW policy applies to the workload, so the request is allowed',
      base,
    );
  for (const a of allows) {
    const i = firstMatchingRule(a, ctx, steps);
    if (i !== null)
      return decision(
        true,
        'ALLOW',
        a,
        i,
        `allowed by rule ${i} of ALLOW policy ${namespaceOf(a.policy)}/${a.policy.metadata.name}`,
        base,
      );
  }
  return decision(
    false,
    null,
    null,
    null,
    `ALLOW policies apply (${allows.map(a => `${namespaceOf(a.policy)}/${a.policy.metadata.name}`).join(', ')}) but none matches, so the request is denied`,
    base,
  );
}
