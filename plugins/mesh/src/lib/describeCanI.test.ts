import { CanIAnswer } from '@meshport/plugin-mesh-common';
import { productpageDenied } from '../testing/securityFixtures';
import { describeCanI } from './describeCanI';

describe('describeCanI', () => {
  it('names the deciding default, the identity, and why each applied policy did not match', () => {
    const summary = describeCanI(productpageDenied());
    expect(summary.allowed).toBe(false);
    expect(summary.verdict).toBe('denied (403)');
    expect(summary.decidedBy).toBe(
      'no single policy: the default for the policies that apply',
    );
    expect(summary.mtls).toEqual([
      'caller principal cluster.local/ns/bookinfo/sa/bookinfo-productpage',
    ]);
    expect(summary.others).toEqual([
      {
        policy: 'ALLOW bookinfo/ratings-allow',
        reasons: [
          'rule 0: principal cluster.local/ns/bookinfo/sa/bookinfo-productpage is not in [cluster.local/ns/bookinfo/sa/bookinfo-reviews]',
        ],
      },
      {
        policy: 'DENY istio-system/deny-legacy',
        reasons: ['rule 0: source namespace bookinfo is not in [legacy]'],
      },
    ]);
  });

  it('names the rule and policy that decided and leaves it out of the others', () => {
    const deny = { namespace: 'bookinfo', name: 'deny-pp' };
    const answer: CanIAnswer = {
      ...productpageDenied(),
      action: 'DENY',
      policy: deny,
      ruleIndex: 1,
      reason: 'denied by rule 1 of DENY policy bookinfo/deny-pp',
      steps: [
        {
          kind: 'applies',
          message: 'DENY policy bookinfo/deny-pp applies (workload)',
          policy: deny,
        },
        {
          kind: 'applies',
          message: 'ALLOW policy bookinfo/ratings-allow applies (workload)',
          policy: { namespace: 'bookinfo', name: 'ratings-allow' },
        },
        {
          kind: 'rule-matched',
          message: 'rule 1 matches',
          policy: deny,
          ruleIndex: 1,
        },
      ],
    };
    const summary = describeCanI(answer);
    expect(summary.decidedBy).toBe('rule 1 of DENY policy bookinfo/deny-pp');
    expect(summary.others).toEqual([
      {
        policy: 'ALLOW bookinfo/ratings-allow',
        reasons: [
          'not reached: the request was decided before this policy was read',
        ],
      },
    ]);
  });

  it('says a plaintext caller to STRICT mTLS is reset before any policy is read', () => {
    const reason =
      'the destination requires mTLS on port 9080 (STRICT, PeerAuthentication bookinfo/default) and the caller sends plaintext: the connection is reset';
    const summary = describeCanI({
      ...productpageDenied(),
      status: 0,
      principal: null,
      reason,
      steps: [
        {
          kind: 'identity',
          message:
            'bookinfo/legacy has no sidecar, so it sends plaintext and has no principal',
        },
        { kind: 'decision', message: reason },
      ],
    });
    expect(summary.verdict).toBe('connection reset');
    expect(summary.decidedBy).toBe('mTLS (no authorization policy was read)');
    expect(summary.mtls).toEqual([
      'bookinfo/legacy has no sidecar, so it sends plaintext and has no principal',
      reason,
    ]);
    expect(summary.others).toEqual([]);
  });
});
