import { PeerAuthentication } from '../istio/model/security';
import { istio } from '../istio/model/__fixtures__/objects';
import { describePeerAuthentication } from './describePeerAuthentication';

const pa = (spec: PeerAuthentication['spec'], namespace = 'bookinfo') =>
  describePeerAuthentication(
    istio('PeerAuthentication', namespace, 'p', spec) as PeerAuthentication,
    'istio-system',
  );

describe('describePeerAuthentication', () => {
  it('renders each mode', () => {
    expect(pa({ mtls: { mode: 'STRICT' } }).lines[1]).toEqual({
      text: 'mTLS STRICT: only mutual-TLS connections with Istio certificates are accepted',
      path: 'spec.mtls.mode',
    });
    expect(pa({ mtls: { mode: 'PERMISSIVE' } }).lines[1].text).toBe(
      'mTLS PERMISSIVE: both mutual TLS and plaintext are accepted',
    );
    expect(pa({ mtls: { mode: 'DISABLE' } }).lines[1].text).toBe(
      'mTLS DISABLE: mutual TLS is off, connections are plaintext',
    );
    expect(pa({ mtls: { mode: 'STRICT' } }).summary).toBe(
      'sets mTLS STRICT for namespace bookinfo',
    );
  });

  it('says what UNSET inherits from at each level', () => {
    expect(pa({}).lines[1]).toEqual({
      text: "mTLS UNSET: inherits from the mesh's PeerAuthentication (root namespace)",
      path: '',
    });
    expect(pa({ mtls: { mode: 'UNSET' } }, 'istio-system').lines).toEqual([
      {
        text: 'applies to every workload of the mesh (root namespace istio-system, no selector)',
        path: '',
      },
      {
        text: "mTLS UNSET: inherits from Istio's default, PERMISSIVE",
        path: 'spec.mtls.mode',
      },
    ]);
    const w = pa({ selector: { matchLabels: { app: 'ratings' } } });
    expect(w.lines[1].text).toBe(
      "mTLS UNSET: inherits from the namespace's PeerAuthentication, then the mesh's",
    );
    expect(w.summary).toBe(
      "leaves mTLS of its workloads to the namespace's PeerAuthentication, then the mesh's",
    );
  });

  it('renders port-level modes on a workload policy', () => {
    const d = pa({
      selector: { matchLabels: { app: 'ratings' } },
      mtls: { mode: 'STRICT' },
      portLevelMtls: { '9080': { mode: 'PERMISSIVE' }, '9090': {} },
    });
    expect(d.summary).toBe(
      'sets mTLS STRICT for its workloads, except on the ports listed',
    );
    expect(d.lines.slice(2)).toEqual([
      {
        text: 'port 9080: PERMISSIVE: both mutual TLS and plaintext are accepted',
        path: 'spec.portLevelMtls["9080"]',
      },
      {
        text: 'port 9090: UNSET: inherits the policy-wide mode',
        path: 'spec.portLevelMtls["9090"]',
      },
    ]);
  });

  it('says port-level modes without a selector are ignored', () => {
    const d = pa({
      mtls: { mode: 'STRICT' },
      portLevelMtls: { '9080': { mode: 'DISABLE' } },
    });
    expect(d.lines[2].text).toBe(
      'port 9080: DISABLE: mutual TLS is off, connections are plaintext — ignored, port-level mTLS needs a workload selector',
    );
    expect(d.summary).toBe('sets mTLS STRICT for namespace bookinfo');
  });

  it('keeps root-namespace selectors in the root namespace', () => {
    expect(
      pa({ selector: { matchLabels: { app: 'x' } } }, 'istio-system').lines[0]
        .text,
    ).toBe('applies to workloads labelled app=x in namespace istio-system');
  });
});
