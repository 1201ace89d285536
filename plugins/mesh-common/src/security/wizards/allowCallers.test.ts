import { istio } from '../../istio/model/__fixtures__/objects';
import { allowCallers, allowOnly } from './allowCallers';
import { workloadServiceAccounts } from './readSecurityState';
import {
  applyTo,
  bookinfoMesh,
  bookinfoState,
  call,
  validManifests,
} from './securityWizardTestKit';

const ratings = { namespace: 'bookinfo', selector: { app: 'ratings' } };

describe('allowOnly', () => {
  it('allows only reviews on ratings: reviews is allowed, productpage denied naming the policy', () => {
    const index = bookinfoMesh();
    const serviceAccounts = workloadServiceAccounts(index, {
      namespace: 'bookinfo',
      selector: { app: 'reviews' },
    });
    expect(serviceAccounts).toEqual(['bookinfo/bookinfo-reviews']);
    const result = allowOnly(
      { ...ratings, callers: { serviceAccounts } },
      bookinfoState(index),
    );
    const [policy] = validManifests(result);
    expect(policy).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'ratings-allow-only', namespace: 'bookinfo' },
      spec: {
        selector: { matchLabels: { app: 'ratings' } },
        action: 'ALLOW',
        rules: [
          {
            from: [
              {
                source: {
                  principals: ['cluster.local/ns/bookinfo/sa/bookinfo-reviews'],
                },
              },
            ],
          },
        ],
      },
    });
    expect(result.ok && result.notes.join('\n')).toMatch(
      /every request this policy does not match is denied/,
    );
    expect(call(index, 'productpage-v1-0', 'ratings-v1-0').allowed).toBe(true);
    applyTo(index, result);
    expect(call(index, 'reviews-v2-0', 'ratings-v1-0')).toMatchObject({
      allowed: true,
      action: 'ALLOW',
      policy: { namespace: 'bookinfo', name: 'ratings-allow-only' },
      ruleIndex: 0,
    });
    const denied = call(index, 'productpage-v1-0', 'ratings-v1-0');
    expect(denied).toMatchObject({ allowed: false, status: 403 });
    expect(denied.reason).toMatch(/bookinfo\/ratings-allow-only/);
    // Other workloads are untouched.
    expect(call(index, 'productpage-v1-0', 'reviews-v1-0').allowed).toBe(true);
  });

  it('replaces the rules of its own policy when run again', () => {
    const index = bookinfoMesh();
    applyTo(
      index,
      allowOnly(
        {
          ...ratings,
          callers: { serviceAccounts: ['bookinfo/bookinfo-reviews'] },
        },
        bookinfoState(index),
      ),
    );
    const again = allowOnly(
      {
        ...ratings,
        callers: { serviceAccounts: ['bookinfo/bookinfo-productpage'] },
      },
      bookinfoState(index),
    );
    expect(again.ok && again.notes).toContain('its other rules are removed');
    applyTo(index, again);
    expect(call(index, 'productpage-v1-0', 'ratings-v1-0').allowed).toBe(true);
    expect(call(index, 'reviews-v1-0', 'ratings-v1-0').allowed).toBe(false);
  });
});

describe('allowCallers', () => {
  it('admits service accounts or namespaces, each only on the ports, methods and paths given', () => {
    const index = bookinfoMesh();
    const result = allowCallers(
      {
        ...ratings,
        action: 'ALLOW',
        callers: {
          serviceAccounts: ['bookinfo/bookinfo-productpage'],
          namespaces: ['istio-system'],
        },
        ports: [9080],
        methods: ['get'],
        paths: ['/ratings/*'],
      },
      bookinfoState(index),
    );
    const [policy] = validManifests(result);
    expect(policy.metadata.name).toBe('ratings-allow');
    expect((policy.spec as { rules: unknown[] }).rules).toEqual([
      {
        from: [
          {
            source: {
              principals: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'],
            },
          },
          { source: { namespaces: ['istio-system'] } },
        ],
        to: [
          {
            operation: {
              ports: ['9080'],
              methods: ['GET'],
              paths: ['/ratings/*'],
            },
          },
        ],
      },
    ]);
    expect(result.ok && result.notes.join('\n')).toMatch(
      /on plain TCP ports Istio drops this rule/,
    );
    applyTo(index, result);
    const get = { path: '/ratings/1' };
    expect(call(index, 'productpage-v1-0', 'ratings-v1-0', get).allowed).toBe(
      true,
    );
    expect(
      call(index, 'istio-system/istio-ingressgateway-0', 'ratings-v1-0', get)
        .allowed,
    ).toBe(true);
    expect(
      call(index, 'productpage-v1-0', 'ratings-v1-0', {
        ...get,
        method: 'POST',
      }).allowed,
    ).toBe(false);
    expect(
      call(index, 'productpage-v1-0', 'ratings-v1-0', { path: '/health' })
        .allowed,
    ).toBe(false);
    expect(call(index, 'reviews-v1-0', 'ratings-v1-0', get).allowed).toBe(
      false,
    );
  });

  it('adds rules to the policy it owns, once, and keeps what it does not model', () => {
    const live = istio('AuthorizationPolicy', 'bookinfo', 'ratings-allow', {
      selector: { matchLabels: { app: 'ratings' } },
      action: 'ALLOW',
      rules: [{ when: [{ key: 'request.headers[x-debug]', values: ['1'] }] }],
    });
    const index = bookinfoMesh([live]);
    const input = {
      ...ratings,
      action: 'ALLOW' as const,
      callers: { serviceAccounts: ['bookinfo/bookinfo-reviews'] },
    };
    const result = allowCallers(input, bookinfoState(index));
    const [policy] = validManifests(result);
    const rules = (policy.spec as { rules: unknown[] }).rules;
    expect(rules).toHaveLength(2);
    expect(rules[0]).toEqual(live.spec!.rules![0]);
    expect(result.ok && result.notes[0]).toMatch(/^edits ALLOW/);
    applyTo(index, result);
    const again = allowCallers(input, bookinfoState(index));
    expect(
      (validManifests(again)[0].spec as { rules: unknown[] }).rules,
    ).toHaveLength(2);
    expect(again.ok && again.notes).toContain(
      'the policy already has this rule; it is kept as it is',
    );
  });

  it('denies a method to a caller while every other request stays allowed', () => {
    const index = bookinfoMesh();
    const result = allowCallers(
      {
        ...ratings,
        action: 'DENY',
        callers: { serviceAccounts: ['bookinfo/bookinfo-productpage'] },
        methods: ['DELETE'],
      },
      bookinfoState(index),
    );
    applyTo(index, result);
    expect(
      call(index, 'productpage-v1-0', 'ratings-v1-0', { method: 'DELETE' }),
    ).toMatchObject({
      allowed: false,
      action: 'DENY',
      policy: { name: 'ratings-deny' },
    });
    expect(call(index, 'productpage-v1-0', 'ratings-v1-0').allowed).toBe(true);
    expect(
      call(index, 'reviews-v1-0', 'ratings-v1-0', { method: 'DELETE' }).allowed,
    ).toBe(true);
  });

  it('writes principals in the mesh trust domain', () => {
    const index = bookinfoMesh([], { trustDomain: 'example.org' });
    const result = allowOnly(
      {
        ...ratings,
        callers: { serviceAccounts: ['bookinfo/bookinfo-reviews'] },
      },
      bookinfoState(index),
    );
    expect(JSON.stringify(validManifests(result)[0])).toContain(
      'example.org/ns/bookinfo/sa/bookinfo-reviews',
    );
    applyTo(index, result);
    expect(call(index, 'reviews-v1-0', 'ratings-v1-0').allowed).toBe(true);
    expect(call(index, 'details-v1-0', 'ratings-v1-0').allowed).toBe(false);
  });

  it('refuses what it cannot express and puts problems on their fields', () => {
    const index = bookinfoMesh([
      istio('AuthorizationPolicy', 'bookinfo', 'ratings-allow', {
        selector: { matchLabels: { app: 'reviews' } },
        rules: [{}],
      }),
    ]);
    const state = bookinfoState(index);
    const taken = allowCallers(
      {
        ...ratings,
        action: 'ALLOW',
        callers: { namespaces: ['bookinfo'] },
      },
      state,
    );
    expect(!taken.ok && taken.errors).toEqual([
      {
        field: 'name',
        message:
          'AuthorizationPolicy bookinfo/ratings-allow exists and selects other pods; choose another name',
      },
    ]);
    const bad = allowCallers(
      {
        ...ratings,
        action: 'ALLOW',
        callers: { serviceAccounts: ['reviews'], namespaces: ['Bad_NS'] },
        ports: [70000],
        methods: ['FETCH'],
        paths: ['/a*b', 'api'],
      },
      state,
    );
    expect(!bad.ok && bad.errors.map(e => e.field)).toEqual([
      'callers.serviceAccounts[0]',
      'callers.namespaces[0]',
      'ports[0]',
      'methods[0]',
      'paths[0]',
      'paths[1]',
    ]);
    const nobody = allowCallers(
      { ...ratings, action: 'ALLOW', callers: {}, ports: [9080] },
      state,
    );
    expect(!nobody.ok && nobody.errors.map(e => e.field)).toEqual(['callers']);
    // A DENY of a method for everyone is a deliberate, expressible rule.
    expect(
      allowCallers(
        {
          ...ratings,
          action: 'DENY',
          callers: {},
          methods: ['DELETE'],
        },
        state,
      ).ok,
    ).toBe(true);
  });
});
