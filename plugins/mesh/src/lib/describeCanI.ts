import { CanIAnswer, SecurityStep } from '@meshport/plugin-mesh-common';

/** Why one policy that applied did not decide the request. */
export interface OtherPolicy {
  /** `ALLOW bookinfo/ratings-allow`. */
  policy: string;
  /** Each rule's reason, or why the policy was never reached. */
  reasons: string[];
}

/** A can-i decision laid out for the tab: verdict, who decided, the mTLS check, and the rest. */
export interface CanISummary {
  allowed: boolean;
  /** `allowed`, `denied (403)`, `unauthenticated (401)`, `connection reset`. */
  verdict: string;
  /** `rule 0 of ALLOW policy bookinfo/ratings-allow`, or why no policy decided. */
  decidedBy: string;
  reason: string;
  /** Identity and transport: who the caller is to the destination, and whether mTLS lets it in. */
  mtls: string[];
  jwt: string[];
  others: OtherPolicy[];
}

const refKey = (ref?: { namespace: string; name: string }) =>
  ref ? `${ref.namespace}/${ref.name}` : '';

function verdictOf(answer: CanIAnswer): string {
  if (answer.allowed) return 'allowed';
  if (answer.status === 0) return 'connection reset';
  if (answer.status === 401) return 'unauthenticated (401)';
  return 'denied (403)';
}

function decidedByOf(answer: CanIAnswer): string {
  if (answer.policy) {
    const rule =
      answer.ruleIndex !== null ? `rule ${answer.ruleIndex} of ` : '';
    return `${rule}${answer.action ?? 'the'} policy ${refKey(answer.policy)}`;
  }
  if (answer.status === 0) return 'mTLS (no authorization policy was read)';
  if (answer.status === 401) return 'RequestAuthentication (JWT validation)';
  return 'no single policy: the default for the policies that apply';
}

/** `ALLOW policy bookinfo/x applies (workload)` → `ALLOW`: the applies step names the action first. */
function actionOf(step: SecurityStep): string {
  return step.message.split(' ')[0];
}

/**
 * Groups the engine's steps the way a reader asks: did mTLS let the caller in (and as whom), did
 * its token pass, which policy and rule decided, and — for every other policy that applied — why
 * it did not. A policy that applied but has no rule steps was never reached: Istio stops at the
 * first DENY that matches, and ALLOW policies are not read when a CUSTOM or DENY decided first.
 */
export function describeCanI(answer: CanIAnswer): CanISummary {
  const mtls = answer.steps
    .filter(s => s.kind === 'identity')
    .map(s => s.message);
  if (answer.status === 0) mtls.push(answer.reason);
  else if (answer.principal === null && mtls.length === 0)
    mtls.push('the caller presents no peer identity');
  const jwt = answer.steps.filter(s => s.kind === 'jwt').map(s => s.message);

  const decided = refKey(answer.policy ?? undefined);
  const others: OtherPolicy[] = [];
  for (const applied of answer.steps.filter(s => s.kind === 'applies')) {
    const key = refKey(applied.policy);
    if (
      !key ||
      key === decided ||
      others.some(o => o.policy.endsWith(` ${key}`))
    )
      continue;
    const ruleSteps = answer.steps.filter(
      s =>
        refKey(s.policy) === key &&
        (s.kind === 'rule-not-matched' ||
          s.kind === 'no-rules' ||
          s.kind === 'audit' ||
          s.kind === 'custom'),
    );
    const reasons = ruleSteps.map(s => {
      if (s.kind === 'no-rules')
        return 'it has no rules, so it matches no request';
      if (s.kind === 'audit')
        return `rule ${s.ruleIndex} matches, but AUDIT only marks requests`;
      if (s.kind === 'custom') return s.message;
      return `rule ${s.ruleIndex}: ${s.reason ?? 'does not match'}`;
    });
    others.push({
      policy: `${actionOf(applied)} ${key}`,
      reasons: reasons.length
        ? reasons
        : ['not reached: the request was decided before this policy was read'],
    });
  }
  return {
    allowed: answer.allowed,
    verdict: verdictOf(answer),
    decidedBy: decidedByOf(answer),
    reason: answer.reason,
    mtls,
    jwt,
    others,
  };
}
