import { RequestAuthentication } from '../istio/model/security';
import { istio } from '../istio/model/__fixtures__/objects';
import {
  describeJwtRule,
  describeRequestAuthentication,
} from './describeRequestAuthentication';

const ra = (spec: RequestAuthentication['spec'], namespace = 'bookinfo') =>
  describeRequestAuthentication(
    istio(
      'RequestAuthentication',
      namespace,
      'jwt',
      spec,
    ) as RequestAuthentication,
    'istio-system',
  );

describe('describeJwtRule', () => {
  it('renders issuer, JWKS URI, audiences and the default token place', () => {
    expect(
      describeJwtRule({
        issuer: 'https://idp.example',
        jwksUri: 'https://idp.example/jwks.json',
        audiences: ['ratings'],
      }),
    ).toBe(
      'accepts JWTs issued by https://idp.example, keys from https://idp.example/jwks.json, for audience ratings, token read from Authorization: Bearer or the access_token parameter',
    );
  });

  it('renders inline and discovered keys, several audiences, headers, params and outputs', () => {
    expect(
      describeJwtRule({
        issuer: 'a',
        jwks: '{"keys":[]}',
        audiences: ['x', 'y'],
        fromHeaders: [
          { name: 'x-jwt' },
          { name: 'Authorization', prefix: 'Token ' },
        ],
        fromParams: ['token'],
        forwardOriginalToken: true,
        outputClaimToHeaders: [{ header: 'x-sub', claim: 'sub' }],
      }),
    ).toBe(
      'accepts JWTs issued by a, keys given inline (jwks), for audiences x, y, token read from header x-jwt or header Authorization (after "Token ") or query parameter token, forwards the token upstream, copies claim sub to header x-sub',
    );
    expect(describeJwtRule({ issuer: 'b' })).toBe(
      "accepts JWTs issued by b, keys discovered from the issuer's OpenID configuration, for any audience, token read from Authorization: Bearer or the access_token parameter",
    );
  });
});

describe('describeRequestAuthentication', () => {
  it('renders where it applies, each rule at its path, and that tokens are optional', () => {
    const d = ra({
      selector: { matchLabels: { app: 'ratings' } },
      jwtRules: [
        { issuer: 'https://a', jwksUri: 'https://a/k' },
        { issuer: 'https://b', jwksUri: 'https://b/k' },
      ],
    });
    expect(d.lines.map(l => l.path)).toEqual([
      'spec.selector.matchLabels',
      'spec.jwtRules[0]',
      'spec.jwtRules[1]',
    ]);
    expect(d.summary).toBe(
      'validates JWTs from https://a, https://b; an invalid token is rejected (401), a request without a token still passes unless an AuthorizationPolicy requires requestPrincipals',
    );
  });

  it('says a policy without rules validates nothing', () => {
    expect(ra({}).summary).toBe('accepts no issuer: it validates nothing');
    expect(ra({}, 'istio-system').lines[0].text).toMatch(
      /every workload of the mesh/,
    );
  });
});
