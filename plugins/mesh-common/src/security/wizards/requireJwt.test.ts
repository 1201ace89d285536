import { istio } from '../../istio/model/__fixtures__/objects';
import { requireJwt } from './requireJwt';
import {
  applyTo,
  bookinfoMesh,
  bookinfoState,
  call,
  validManifests,
} from './securityWizardTestKit';

const productpage = { namespace: 'bookinfo', selector: { app: 'productpage' } };
const ISSUER = 'https://accounts.example.com';
const JWKS = 'https://accounts.example.com/.well-known/jwks.json';
const token = { issuer: ISSUER, subject: 'alice', audiences: ['shop'] };

describe('requireJwt', () => {
  it('requires a valid token on every request: none is 403, a foreign one 401, a good one passes', () => {
    const index = bookinfoMesh();
    const result = requireJwt(
      { ...productpage, issuer: ISSUER, jwksUri: JWKS, audiences: ['shop'] },
      bookinfoState(index),
    );
    const [ra, ap] = validManifests(result);
    expect(ra).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'RequestAuthentication',
      metadata: { name: 'productpage-jwt', namespace: 'bookinfo' },
      spec: {
        selector: { matchLabels: { app: 'productpage' } },
        jwtRules: [{ issuer: ISSUER, jwksUri: JWKS, audiences: ['shop'] }],
      },
    });
    expect(ap.spec).toEqual({
      selector: { matchLabels: { app: 'productpage' } },
      action: 'DENY',
      rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }],
    });
    applyTo(index, result);
    const from = 'istio-system/istio-ingressgateway-0';
    expect(call(index, from, 'productpage-v1-0')).toMatchObject({
      allowed: false,
      status: 403,
      action: 'DENY',
      policy: { name: 'productpage-jwt-require' },
    });
    expect(
      call(index, from, 'productpage-v1-0', {
        jwt: { ...token, issuer: 'https://other.example.com' },
      }).status,
    ).toBe(401);
    expect(call(index, from, 'productpage-v1-0', { jwt: token })).toMatchObject(
      { allowed: true, requestPrincipal: `${ISSUER}/alice` },
    );
    expect(
      call(index, from, 'productpage-v1-0', {
        jwt: { ...token, audiences: ['other'] },
      }).status,
    ).toBe(401);
  });

  it('requires the token on some paths only', () => {
    const index = bookinfoMesh();
    const result = requireJwt(
      {
        ...productpage,
        issuer: ISSUER,
        jwksUri: JWKS,
        paths: ['/api/*'],
      },
      bookinfoState(index),
    );
    applyTo(index, result);
    expect(result.ok && result.notes[1]).toMatch(/on paths \/api\/\*/);
    const from = 'istio-system/istio-ingressgateway-0';
    expect(
      call(index, from, 'productpage-v1-0', { path: '/productpage' }).allowed,
    ).toBe(true);
    expect(
      call(index, from, 'productpage-v1-0', { path: '/api/v1/products' })
        .allowed,
    ).toBe(false);
    expect(
      call(index, from, 'productpage-v1-0', {
        path: '/api/v1/products',
        jwt: token,
      }).allowed,
    ).toBe(true);
  });

  it('updates its issuer rule in place and keeps other issuers and fields', () => {
    const live = istio('RequestAuthentication', 'bookinfo', 'productpage-jwt', {
      selector: { matchLabels: { app: 'productpage' } },
      jwtRules: [
        {
          issuer: ISSUER,
          jwks: '{"keys":[]}',
          fromHeaders: [{ name: 'x-token' }],
        },
        {
          issuer: 'https://legacy.example.com',
          jwksUri: 'https://legacy.example.com/k',
        },
      ],
    });
    const index = bookinfoMesh([live]);
    const result = requireJwt(
      { ...productpage, issuer: ISSUER, jwksUri: JWKS },
      bookinfoState(index),
    );
    const [ra] = validManifests(result);
    expect((ra.spec as { jwtRules: unknown[] }).jwtRules).toEqual([
      { issuer: ISSUER, jwksUri: JWKS, fromHeaders: [{ name: 'x-token' }] },
      {
        issuer: 'https://legacy.example.com',
        jwksUri: 'https://legacy.example.com/k',
      },
    ]);
    expect(result.ok && result.notes[0]).toMatch(
      /^edits RequestAuthentication/,
    );
  });

  it("puts problems on their fields and refuses another workload's policy", () => {
    const index = bookinfoMesh([
      istio('RequestAuthentication', 'bookinfo', 'productpage-jwt', {
        selector: { matchLabels: { app: 'reviews' } },
        jwtRules: [{ issuer: ISSUER }],
      }),
    ]);
    const state = bookinfoState(index);
    const bad = requireJwt(
      {
        ...productpage,
        issuer: ' ',
        jwksUri: 'keys.json',
        audiences: [''],
        paths: ['a*b'],
      },
      state,
    );
    expect(!bad.ok && bad.errors.map(e => e.field)).toEqual([
      'issuer',
      'jwksUri',
      'audiences[0]',
      'paths[0]',
    ]);
    const taken = requireJwt(
      { ...productpage, issuer: ISSUER, jwksUri: JWKS },
      state,
    );
    expect(!taken.ok && taken.errors[0].field).toBe('name');
  });
});
