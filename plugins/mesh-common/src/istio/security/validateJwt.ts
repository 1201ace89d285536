import { MeshIndex } from '../index/MeshIndex';
import { namespaceOf } from '../model/common';
import { RequestAuthentication } from '../model/security';
import { PolicyTarget, selectPolicies } from './selectPolicies';
import { JwtClaims, SecurityStep } from './types';

export interface JwtOutcome {
  /** `iss/sub` when a token was accepted. */
  requestPrincipal?: string;
  /** The token was rejected: the request fails with 401 before authorization. */
  rejected: boolean;
  steps: SecurityStep[];
}

/**
 * What the destination's sidecar makes of a request's JWT, given the RequestAuthentications that
 * apply to it. No token: no request identity, never an error. A token and no applicable
 * RequestAuthentication: not validated, so no identity. A token whose issuer (and audience) no
 * applicable jwtRule accepts: rejected with 401. Signatures and expiry are taken as valid.
 */
export function validateJwt(
  index: MeshIndex,
  target: PolicyTarget,
  jwt: JwtClaims | undefined,
): JwtOutcome {
  const steps: SecurityStep[] = [];
  const policies = selectPolicies<RequestAuthentication>(
    index,
    'RequestAuthentication',
    target,
    false,
  ).map(a => a.policy);
  if (!jwt) {
    if (policies.length > 0)
      steps.push({
        kind: 'jwt',
        message: 'no token: the request has no request principal',
      });
    return { rejected: false, steps };
  }
  if (policies.length === 0) {
    steps.push({
      kind: 'jwt',
      message:
        'the token is not validated: no RequestAuthentication applies to the destination',
    });
    return { rejected: false, steps };
  }
  for (const p of policies) {
    for (const rule of p.spec?.jwtRules ?? []) {
      if (rule.issuer !== jwt.issuer) continue;
      const auds = rule.audiences ?? [];
      if (auds.length > 0 && !(jwt.audiences ?? []).some(a => auds.includes(a)))
        continue;
      const requestPrincipal = `${jwt.issuer}/${jwt.subject ?? ''}`;
      steps.push({
        kind: 'jwt',
        message: `RequestAuthentication ${namespaceOf(p)}/${p.metadata.name} accepts the token from ${jwt.issuer}: request principal ${requestPrincipal}`,
        policy: { namespace: namespaceOf(p), name: p.metadata.name },
      });
      return { requestPrincipal, rejected: false, steps };
    }
  }
  steps.push({
    kind: 'jwt',
    message: `no jwtRule of ${policies.map(p => `${namespaceOf(p)}/${p.metadata.name}`).join(', ')} accepts issuer ${jwt.issuer}${jwt.audiences?.length ? ` with audiences ${jwt.audiences.join(', ')}` : ''}: 401`,
  });
  return { rejected: true, steps };
}
