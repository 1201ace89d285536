import { istio } from '../../istio/model/__fixtures__/objects';
import { connectionTls } from '../../istio/security/connectionTls';
import { effectiveMtls } from '../../istio/security/effectiveMtls';
import { readSecurityState } from './readSecurityState';
import { identityPolicies, mtlsWarnings, setMtlsMode } from './setMtlsMode';
import {
  applyTo,
  bookinfoMesh,
  bookinfoState,
  call,
  validManifests,
} from './securityWizardTestKit';

const pa = (name: string, spec: Record<string, unknown>, ns = 'bookinfo') =>
  istio('PeerAuthentication', ns, name, spec);
const ratings = { namespace: 'bookinfo', pod: 'ratings-v1-0' };

describe('setMtlsMode', () => {
  it('makes a namespace STRICT: plaintext callers are refused, sidecar callers still connect', () => {
    const index = bookinfoMesh();
    const result = setMtlsMode(
      { scope: 'namespace', namespace: 'bookinfo', mode: 'STRICT' },
      bookinfoState(index),
    );
    const [policy] = validManifests(result);
    expect(policy).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'bookinfo' },
      spec: { mtls: { mode: 'STRICT' } },
    });
    applyTo(index, result);
    expect(effectiveMtls(index, ratings, 9080)).toMatchObject({
      mode: 'STRICT',
      level: 'namespace',
      policy: { namespace: 'bookinfo', name: 'default' },
    });
    const plaintext = connectionTls(index, {
      client: { namespace: 'legacy', pod: 'sleep-0' },
      host: 'ratings.bookinfo',
      port: 9080,
    });
    expect(plaintext.compatible).toBe(false);
    expect(plaintext.conflicts[0]).toMatch(
      /requires mTLS \(STRICT, PeerAuthentication bookinfo\/default\)/,
    );
    expect(call(index, 'legacy/sleep-0', 'ratings-v1-0').status).toBe(0);
    expect(
      connectionTls(index, {
        client: { namespace: 'bookinfo', pod: 'productpage-v1-0' },
        host: 'ratings',
        port: 9080,
      }).compatible,
    ).toBe(true);
  });

  it('edits the namespace policy Istio uses in place, keeping what it does not set', () => {
    const live = {
      ...pa('ns-wide', { mtls: { mode: 'PERMISSIVE' } }),
      metadata: {
        name: 'ns-wide',
        namespace: 'bookinfo',
        labels: { team: 'a' },
        resourceVersion: '42',
        uid: 'u-1',
        creationTimestamp: '2025-01-01T00:00:00Z',
      },
    };
    const newer = pa('newer', { mtls: { mode: 'DISABLE' } });
    const index = bookinfoMesh([live, newer]);
    const result = setMtlsMode(
      { scope: 'namespace', namespace: 'bookinfo', mode: 'STRICT' },
      bookinfoState(index),
    );
    const [policy] = validManifests(result);
    expect(policy.metadata).toEqual({
      name: 'ns-wide',
      namespace: 'bookinfo',
      labels: { team: 'a' },
      resourceVersion: '42',
    });
    expect(result.ok && result.notes.join('\n')).toMatch(
      /Istio uses the oldest, bookinfo\/ns-wide/,
    );
  });

  it('sets one port through portLevelMtls with a selector; other ports keep the namespace mode', () => {
    const index = bookinfoMesh([pa('default', { mtls: { mode: 'STRICT' } })]);
    const result = setMtlsMode(
      {
        scope: 'port',
        namespace: 'bookinfo',
        selector: { app: 'ratings' },
        port: 9080,
        mode: 'DISABLE',
      },
      bookinfoState(index),
    );
    const [policy] = validManifests(result);
    expect(policy.metadata.name).toBe('ratings-mtls');
    expect(policy.spec).toEqual({
      selector: { matchLabels: { app: 'ratings' } },
      portLevelMtls: { '9080': { mode: 'DISABLE' } },
    });
    applyTo(index, result);
    expect(effectiveMtls(index, ratings, 9080)).toMatchObject({
      mode: 'DISABLE',
      level: 'port',
    });
    expect(effectiveMtls(index, ratings, 9090)).toMatchObject({
      mode: 'STRICT',
      level: 'namespace',
    });
    // Running it again for another port edits the same policy and keeps the first port.
    const again = setMtlsMode(
      {
        scope: 'port',
        namespace: 'bookinfo',
        selector: { app: 'ratings' },
        port: 9090,
        mode: 'PERMISSIVE',
      },
      bookinfoState(index),
    );
    expect(validManifests(again)[0].spec).toEqual({
      selector: { matchLabels: { app: 'ratings' } },
      portLevelMtls: {
        '9080': { mode: 'DISABLE' },
        '9090': { mode: 'PERMISSIVE' },
      },
    });
  });

  it('sets a workload mode over the namespace one, and the root namespace for the whole mesh', () => {
    const index = bookinfoMesh();
    applyTo(
      index,
      setMtlsMode(
        {
          scope: 'namespace',
          namespace: 'istio-system',
          mode: 'STRICT',
        },
        readSecurityState(index, 'istio-system'),
      ),
    );
    expect(effectiveMtls(index, ratings, 9080)).toMatchObject({
      mode: 'STRICT',
      level: 'mesh',
    });
    const result = setMtlsMode(
      {
        scope: 'workload',
        namespace: 'bookinfo',
        selector: { app: 'ratings' },
        mode: 'PERMISSIVE',
      },
      bookinfoState(index),
    );
    applyTo(index, result);
    expect(effectiveMtls(index, ratings, 9080)).toMatchObject({
      mode: 'PERMISSIVE',
      level: 'workload',
      policy: { name: 'ratings-mtls' },
    });
    expect(call(index, 'legacy/sleep-0', 'ratings-v1-0').allowed).toBe(true);
    expect(
      setMtlsMode(
        { scope: 'namespace', namespace: 'istio-system', mode: 'STRICT' },
        readSecurityState(index, 'istio-system'),
      ),
    ).toMatchObject({
      ok: true,
      notes: expect.arrayContaining([
        expect.stringMatching(
          /root namespace: this sets the mode for the whole mesh/,
        ),
      ]),
    });
  });

  it('refuses a new workload policy that an older one would override, and puts problems on fields', () => {
    const index = bookinfoMesh([
      pa('reviews', {
        selector: { matchLabels: { app: 'reviews' } },
        mtls: { mode: 'PERMISSIVE' },
      }),
      pa('default', { selector: { matchLabels: { app: 'details' } } }),
    ]);
    const state = bookinfoState(index);
    const shadowed = setMtlsMode(
      {
        scope: 'workload',
        namespace: 'bookinfo',
        selector: { app: 'reviews', version: 'v1' },
        mode: 'STRICT',
      },
      state,
    );
    expect(shadowed.ok).toBe(false);
    expect(!shadowed.ok && shadowed.errors[0]).toMatchObject({
      field: 'selector',
      message: expect.stringMatching(/bookinfo\/reviews already selects/),
    });
    // The same selector edits the live policy.
    const edit = setMtlsMode(
      {
        scope: 'workload',
        namespace: 'bookinfo',
        selector: { app: 'reviews' },
        mode: 'STRICT',
      },
      state,
    );
    expect(validManifests(edit)[0].metadata.name).toBe('reviews');
    // `default` is taken by a workload policy: a namespace policy needs another name.
    const clash = setMtlsMode(
      { scope: 'namespace', namespace: 'bookinfo', mode: 'STRICT' },
      state,
    );
    expect(!clash.ok && clash.errors.map(e => e.field)).toEqual(['name']);
    const bad = setMtlsMode(
      {
        scope: 'port',
        namespace: 'other',
        port: 0,
        mode: 'ON' as 'STRICT',
        selector: {},
      },
      state,
    );
    expect(!bad.ok && bad.errors.map(e => e.field)).toEqual([
      'namespace',
      'mode',
      'selector',
      'port',
    ]);
  });
});

describe('mtlsWarnings', () => {
  it('warns before STRICT about plaintext seen and callers without sidecars', () => {
    const warnings = mtlsWarnings('STRICT', {
      plaintextCallers: [
        { source: 'legacy/sleep', requestsPerSecond: 0.25 },
        { source: 'unknown/unknown' },
        { source: 'legacy/sleep', requestsPerSecond: 1 },
      ],
      callersWithoutSidecar: ['legacy/sleep'],
    });
    expect(warnings.map(w => [w.kind, w.subject])).toEqual([
      ['plaintext-observed', 'legacy/sleep'],
      ['plaintext-observed', 'unknown/unknown'],
      ['no-sidecar', 'legacy/sleep'],
    ]);
    expect(warnings[0].message).toMatch(/0.25 req\/s.*connections are reset/);
    expect(warnings[1].message).toMatch(/^callers outside the mesh/);
    expect(
      mtlsWarnings('PERMISSIVE', {
        plaintextCallers: [{ source: 'legacy/sleep' }],
        callersWithoutSidecar: ['legacy/sleep'],
      }),
    ).toEqual([]);
  });

  it('warns before DISABLE about policies that match on identity', () => {
    const index = bookinfoMesh([
      istio('AuthorizationPolicy', 'bookinfo', 'ratings-from-reviews', {
        selector: { matchLabels: { app: 'ratings' } },
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
      }),
      istio('AuthorizationPolicy', 'bookinfo', 'get-only', {
        rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
      }),
      istio('AuthorizationPolicy', 'bookinfo', 'details-only', {
        selector: { matchLabels: { app: 'details' } },
        rules: [{ from: [{ source: { namespaces: ['bookinfo'] } }] }],
      }),
    ]);
    const target = { namespace: 'bookinfo', selector: { app: 'ratings' } };
    const policies = identityPolicies(bookinfoState(index), target);
    expect(policies).toEqual(['bookinfo/ratings-from-reviews']);
    const [warning] = mtlsWarnings('DISABLE', { identityPolicies: policies });
    expect(warning).toMatchObject({
      kind: 'identity-lost',
      subject: 'bookinfo/ratings-from-reviews',
    });
    // And it is true: with DISABLE on ratings, reviews is no longer admitted.
    const post = { method: 'POST' };
    expect(call(index, 'reviews-v1-0', 'ratings-v1-0', post).allowed).toBe(
      true,
    );
    applyTo(
      index,
      setMtlsMode(
        { ...target, scope: 'workload', mode: 'DISABLE' },
        bookinfoState(index),
      ),
    );
    expect(call(index, 'reviews-v1-0', 'ratings-v1-0', post).allowed).toBe(
      false,
    );
  });
});
