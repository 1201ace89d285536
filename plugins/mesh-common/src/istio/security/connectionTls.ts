import { Pod } from '../../kube/types';
import { hasSidecar } from '../../overview/sidecar';
import { MeshIndex } from '../index/MeshIndex';
import { namespaceOf, refOf } from '../model/common';
import { effectivePolicy } from '../routing/effectivePolicy';
import { effectiveMtls, workloadLabels } from './effectiveMtls';
import { ConnectionTls, SecurityStep, WorkloadRef } from './types';

export interface ConnectionQuery {
  client: WorkloadRef;
  /** Host the client calls (short name, `name.ns` or FQDN). */
  host: string;
  /** Service port the client calls. */
  port: number;
  subset?: string;
}

function targetPortOf(
  index: MeshIndex,
  fqdn: string,
  port: number,
  pod: Pod,
): number {
  const svc = index.servicesForHost(fqdn)[0];
  const sp = svc?.spec?.ports?.find(p => p.port === port);
  if (!sp || sp.targetPort === undefined) return port;
  if (typeof sp.targetPort === 'number') return sp.targetPort;
  // A named targetPort points at a container port by name.
  for (const c of pod.spec?.containers ?? []) {
    const hit = c.ports?.find(p => p.name === sp.targetPort);
    if (hit) return hit.containerPort;
  }
  return port;
}

/**
 * What TLS a client's sidecar uses toward a service and whether each server pod accepts it:
 * the DestinationRule's `tls` (port and subset overrides applied) when set, otherwise auto mTLS
 * (Istio mTLS to pods that have a sidecar and do not DISABLE it, plaintext to the rest). A client
 * without a sidecar always sends plaintext. Conflicts name the policies that disagree.
 */
export function connectionTls(
  index: MeshIndex,
  q: ConnectionQuery,
): ConnectionTls {
  const steps: SecurityStep[] = [];
  const conflicts: string[] = [];
  const { labels: clientLabels, pod: clientPod } = workloadLabels(
    index,
    q.client,
  );
  const clientHasSidecar = clientPod ? hasSidecar(clientPod) : true;
  const fqdn = index.resolveHost(q.host, q.client.namespace);
  const dr = index.destinationRuleFor(fqdn, q.client.namespace, clientLabels);
  const drTls = dr
    ? effectivePolicy(dr, q.subset ?? null, q.port).policy.tls
    : null;
  const drRef = dr ? refOf(dr) : null;

  let mode: ConnectionTls['client']['mode'] = 'DISABLE';
  let source: ConnectionTls['client']['source'];
  if (!clientHasSidecar) {
    source = 'no-sidecar';
    steps.push({
      kind: 'client',
      message: `client ${q.client.namespace}/${q.client.pod} has no sidecar: it sends plaintext`,
    });
  } else if (drTls?.mode) {
    source = 'destination-rule';
    mode = drTls.mode;
    steps.push({
      kind: 'client',
      message: `DestinationRule ${drRef?.namespace}/${drRef?.name} sets tls.mode ${mode} for ${fqdn}`,
      policy: drRef ?? undefined,
    });
  } else {
    source = 'auto-mtls';
    mode = 'ISTIO_MUTUAL';
    steps.push({
      kind: 'client',
      message: `no DestinationRule TLS for ${fqdn}: auto mTLS picks mTLS per endpoint (sidecar and not DISABLE)`,
    });
  }

  const servers: ConnectionTls['servers'] = [];
  const svc = index.servicesForHost(fqdn)[0];
  let pods = svc?.spec?.selector
    ? index.podsMatching(namespaceOf(svc), svc.spec.selector)
    : [];
  if (q.subset && dr) {
    const subsetLabels =
      dr.spec?.subsets?.find(s => s.name === q.subset)?.labels ?? {};
    pods = pods.filter(p =>
      Object.entries(subsetLabels).every(
        ([k, v]) => p.metadata.labels?.[k] === v,
      ),
    );
  }
  let allMtls = pods.length > 0 && clientHasSidecar;
  for (const pod of pods) {
    const sidecar = hasSidecar(pod);
    const name = `${namespaceOf(pod)}/${pod.metadata.name}`;
    const mtls = sidecar
      ? effectiveMtls(
          index,
          { namespace: namespaceOf(pod), pod: pod.metadata.name },
          targetPortOf(index, fqdn, q.port, pod),
        )
      : null;
    // What actually goes on the wire to this pod.
    let wire: 'mtls' | 'plaintext' | 'other-tls';
    if (source === 'no-sidecar') wire = 'plaintext';
    else if (source === 'auto-mtls')
      wire = sidecar && mtls?.mode !== 'DISABLE' ? 'mtls' : 'plaintext';
    else if (mode === 'ISTIO_MUTUAL') wire = 'mtls';
    else if (mode === 'DISABLE') wire = 'plaintext';
    else wire = 'other-tls';
    if (wire !== 'mtls') allMtls = false;
    let problem: string | undefined;
    const paName = mtls?.policy
      ? `PeerAuthentication ${mtls.policy.namespace}/${mtls.policy.name}`
      : 'the default';
    if (!sidecar && wire === 'mtls') {
      problem = `DestinationRule ${drRef?.namespace}/${drRef?.name} sends Istio mTLS to ${name}, which has no sidecar to terminate it`;
    } else if (sidecar && mtls?.mode === 'STRICT' && wire === 'plaintext') {
      problem =
        source === 'no-sidecar'
          ? `${name} requires mTLS (STRICT, ${paName}) but the client has no sidecar and sends plaintext`
          : `${name} requires mTLS (STRICT, ${paName}) but DestinationRule ${drRef?.namespace}/${drRef?.name} disables TLS`;
    } else if (sidecar && mtls?.mode === 'STRICT' && wire === 'other-tls') {
      problem = `${name} requires Istio mTLS (STRICT, ${paName}) but DestinationRule ${drRef?.namespace}/${drRef?.name} originates ${mode} TLS with other certificates`;
    } else if (sidecar && mtls?.mode === 'DISABLE' && wire === 'mtls') {
      problem = `${name} disables mTLS (${paName}) but DestinationRule ${drRef?.namespace}/${drRef?.name} sends ISTIO_MUTUAL`;
    }
    if (problem) conflicts.push(problem);
    servers.push({ pod: name, sidecar, mtls, compatible: !problem, problem });
  }
  if (pods.length === 0)
    steps.push({
      kind: 'servers',
      message: `no pods back ${fqdn}${q.subset ? ` subset ${q.subset}` : ''}`,
    });
  return {
    client: { mode, source, destinationRule: drRef },
    servers,
    mtls: allMtls,
    compatible: conflicts.length === 0,
    conflicts,
    steps,
  };
}
