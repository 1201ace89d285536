import { namespaceOf } from '../istio/model/common';
import { JWTRule, RequestAuthentication } from '../istio/model/security';
import {
  DescribedLine,
  PolicyDescription,
  describeAttachment,
} from './describeAttachment';

function keysOf(rule: JWTRule): string {
  if (rule.jwksUri) return `keys from ${rule.jwksUri}`;
  if (rule.jwks) return 'keys given inline (jwks)';
  return "keys discovered from the issuer's OpenID configuration";
}

function tokenFrom(rule: JWTRule): string {
  const places = [
    ...(rule.fromHeaders ?? []).map(h =>
      h.prefix ? `header ${h.name} (after "${h.prefix}")` : `header ${h.name}`,
    ),
    ...(rule.fromParams ?? []).map(q => `query parameter ${q}`),
  ];
  return places.length > 0
    ? `token read from ${places.join(' or ')}`
    : 'token read from Authorization: Bearer or the access_token parameter';
}

/** One jwtRule in words: issuer, keys, audiences, where the token is read from, what is passed on. */
export function describeJwtRule(rule: JWTRule): string {
  const parts = [`accepts JWTs issued by ${rule.issuer}`, keysOf(rule)];
  parts.push(
    rule.audiences?.length
      ? `for audience${rule.audiences.length === 1 ? '' : 's'} ${rule.audiences.join(', ')}`
      : 'for any audience',
  );
  parts.push(tokenFrom(rule));
  if (rule.forwardOriginalToken) parts.push('forwards the token upstream');
  for (const o of rule.outputClaimToHeaders ?? [])
    parts.push(`copies claim ${o.claim} to header ${o.header}`);
  return parts.join(', ');
}

/**
 * A RequestAuthentication in words. It only says which tokens are valid: a request with an invalid
 * token is rejected (401), one without a token passes unauthenticated, so requiring a token takes
 * an AuthorizationPolicy on `requestPrincipals` — the summary says so, as it surprises people.
 */
export function describeRequestAuthentication(
  r: RequestAuthentication,
  rootNamespace: string,
): PolicyDescription {
  const rules = r.spec?.jwtRules ?? [];
  const lines: DescribedLine[] = [
    describeAttachment(r.spec, namespaceOf(r), rootNamespace, false),
    ...rules.map((rule, i) => ({
      text: describeJwtRule(rule),
      path: `spec.jwtRules[${i}]`,
    })),
  ];
  const issuers = [...new Set(rules.map(x => x.issuer))];
  const summary =
    issuers.length === 0
      ? 'accepts no issuer: it validates nothing'
      : `validates JWTs from ${issuers.join(', ')}; an invalid token is rejected (401), a request without a token still passes unless an AuthorizationPolicy requires requestPrincipals`;
  return { summary, lines };
}
