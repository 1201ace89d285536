import { namespaceOf, targetRefsOf } from '../../istio/model/common';
import {
  AuthzRule,
  JWTRule,
  RequestAuthentication,
} from '../../istio/model/security';
import { editableAuthorizationPolicy } from './allowCallers';
import {
  SECURITY_V1,
  describeTarget,
  hasSelector,
  nameProblem,
  pathListProblems,
  policyName,
  sameSelector,
  selectorOf,
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

export interface RequireJwtInput extends SecurityTarget {
  /** The token issuer (`iss`), e.g. `https://accounts.example.com`. */
  issuer: string;
  /** Where the proxy fetches the issuer's signing keys. */
  jwksUri: string;
  /** Accepted `aud` values; none: any audience. */
  audiences?: string[];
  /** Require the token only on these paths; none: on every request. */
  paths?: string[];
  /** The RequestAuthentication's name; the AuthorizationPolicy is `<name>-require`. */
  name?: string;
}

function inputProblems(
  input: RequireJwtInput,
  state: SecurityState,
): WizardFieldError[] {
  const errors = targetProblems(input, state.namespace);
  if (typeof input.issuer !== 'string' || input.issuer.trim() === '')
    errors.push({
      field: 'issuer',
      message: 'the issuer, e.g. https://accounts.example.com',
    });
  let url: URL | undefined;
  try {
    url = new URL(input.jwksUri);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    errors.push({
      field: 'jwksUri',
      message: 'an http(s) URL, e.g. https://example.com/.well-known/jwks.json',
    });
  (input.audiences ?? []).forEach((a, i) => {
    if (typeof a !== 'string' || a.trim() === '')
      errors.push({ field: `audiences[${i}]`, message: 'an audience value' });
  });
  errors.push(...pathListProblems(input.paths));
  if (input.name !== undefined) {
    const problem = nameProblem(input.name);
    if (problem) errors.push({ field: 'name', message: problem });
  }
  return errors;
}

type EditableRequestAuthentication =
  | { ok: true; policy: RequestAuthentication; existed: boolean }
  | { ok: false; errors: WizardFieldError[] };

function editableRequestAuthentication(
  state: SecurityState,
  target: SecurityTarget,
  name: string,
): EditableRequestAuthentication {
  const live = state.requestAuthentications.find(p => p.metadata.name === name);
  if (!live)
    return {
      ok: true,
      existed: false,
      policy: {
        apiVersion: SECURITY_V1,
        kind: 'RequestAuthentication',
        metadata: { name, namespace: state.namespace },
        spec: hasSelector(target.selector)
          ? { selector: { matchLabels: { ...target.selector } } }
          : {},
      },
    };
  if (
    targetRefsOf(live.spec).length > 0 ||
    !sameSelector(selectorOf(live), target.selector)
  )
    return {
      ok: false,
      errors: [
        {
          field: 'name',
          message: `RequestAuthentication ${namespaceOf(live)}/${name} exists and applies to other workloads; choose another name`,
        },
      ],
    };
  return { ok: true, existed: true, policy: toSecurityManifest(live) };
}

/**
 * Requires a valid JWT from an issuer: a RequestAuthentication that validates the issuer's
 * tokens (an existing rule for the issuer is updated, other issuers' rules kept), and a DENY
 * AuthorizationPolicy for requests without a request principal (`notRequestPrincipals: ["*"]`),
 * on some paths only when given. A RequestAuthentication alone only rejects invalid tokens;
 * requests without any token pass, hence the policy. DENY rather than Istio's other documented
 * form (ALLOW with `requestPrincipals: ["*"]`): an ALLOW would be OR-ed with the target's other
 * ALLOW policies, which could still admit requests without a token, and would deny every caller
 * those policies did not list.
 */
export function requireJwt(
  input: RequireJwtInput,
  state: SecurityState,
): WizardResult {
  const errors = inputProblems(input, state);
  if (errors.length > 0) return { ok: false, errors };
  const raName = input.name ?? policyName(input, 'jwt');
  const ra = editableRequestAuthentication(state, input, raName);
  if (!ra.ok) return ra;
  const issuer = input.issuer.trim();
  const rules: JWTRule[] = [...(ra.policy.spec?.jwtRules ?? [])];
  const at = rules.findIndex(r => r.issuer === issuer);
  const { jwks: _inlineKeys, ...kept } = at >= 0 ? rules[at] : { issuer };
  const audiences = unique(input.audiences ?? []);
  const rule: JWTRule = {
    ...kept,
    issuer,
    jwksUri: input.jwksUri,
  };
  if (audiences.length > 0) rule.audiences = audiences;
  else delete rule.audiences;
  if (at >= 0) rules[at] = rule;
  else rules.push(rule);
  ra.policy.spec = { ...ra.policy.spec, jwtRules: rules };

  const apName = `${raName}-require`;
  const ap = editableAuthorizationPolicy(state, input, apName, 'DENY');
  if (!ap.ok) return ap;
  const deny: AuthzRule = {
    from: [{ source: { notRequestPrincipals: ['*'] } }],
  };
  const paths = unique(input.paths ?? []);
  if (paths.length > 0) deny.to = [{ operation: { paths } }];
  // The wizard owns this policy: its single rule is the requirement as now chosen.
  ap.policy.spec = { ...ap.policy.spec, rules: [deny] };

  const where =
    paths.length > 0 ? `on paths ${paths.join(', ')}` : 'on every request';
  return {
    ok: true,
    resources: [
      { action: 'apply', manifest: ra.policy },
      { action: 'apply', manifest: ap.policy },
    ],
    notes: [
      `${ra.existed ? 'edits' : 'creates'} RequestAuthentication ${state.namespace}/${raName}: validate tokens of ${issuer}${audiences.length > 0 ? ` for audiences ${audiences.join(', ')}` : ''} (keys from ${input.jwksUri}); a request with an invalid token is rejected (401)`,
      `${ap.existed ? 'edits' : 'creates'} DENY AuthorizationPolicy ${state.namespace}/${apName} for ${describeTarget(input)}: a request without a valid token is denied (403) ${where}`,
      'request principals are HTTP attributes: on plain TCP ports Istio ignores them in this DENY rule, so TCP connections to the target are denied',
    ],
  };
}
