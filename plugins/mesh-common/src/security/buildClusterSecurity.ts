import {
  AccessRow,
  ClusterSecurity,
  MtlsConflict,
  MtlsLevel,
  PortMtls,
  SecurityLine,
  SecurityPolicyKind,
  SecurityPolicyView,
  WorkloadSecurity,
} from '../api/securityTypes';
import { ClusterSyncState } from '../api/types';
import { serviceSelects } from '../kube/labelSelector';
import { Pod, Service } from '../kube/types';
import { MeshIndex } from '../istio/index/MeshIndex';
import { IstioObject, Attachable, namespaceOf } from '../istio/model/common';
import { DestinationRule } from '../istio/model/networking';
import {
  AuthorizationPolicy,
  PeerAuthentication,
  RequestAuthentication,
} from '../istio/model/security';
import { authorizeRequest } from '../istio/security/authorizeRequest';
import { connectionTls } from '../istio/security/connectionTls';
import { sharedMtlsDecision } from '../istio/security/effectiveMtls';
import { principalOf } from '../istio/security/principal';
import { AttachScope, selectPolicies } from '../istio/security/selectPolicies';
import { MtlsDecision } from '../istio/security/types';
import { Finding, FindingResource } from '../istio/validation/finding';
import { buildClusterOverview } from '../overview/buildClusterOverview';
import { EntityMeshSelector } from '../overview/entitySelector';
import { hasSidecar } from '../overview/sidecar';
import { PolicyDescription } from './describeAttachment';
import { describeAuthorizationPolicy } from './describeAuthorizationPolicy';
import { describePeerAuthentication } from './describePeerAuthentication';
import { describeRequestAuthentication } from './describeRequestAuthentication';
import { dataPlaneOf, workloadNameOfPod } from './workloadIdentity';

/** The analyzers' code for a DestinationRule's client TLS that the server's mTLS mode rejects. */
export const MTLS_CONFLICT_CODE = 'IST0113';
/** A DestinationRule sends Istio mTLS to a workload without a proxy to terminate it. No istioctl code exists. */
export const MTLS_WITHOUT_SIDECAR = 'mtls-to-workload-without-sidecar';
/** Several PeerAuthentications at one level: Istio silently uses the oldest. No istioctl code exists. */
export const COMPETING_PEER_AUTHENTICATIONS = 'competing-peer-authentications';

export interface ClusterSecurityOptions {
  /** Analyzer and schema findings of one resource (the caller memoises `analyze`). */
  findingsOf?: (resource: FindingResource) => Finding[];
}

/** A workload of the cluster as a caller or callee: one representative pod stands for all. */
interface MeshWorkload {
  key: string;
  namespace: string;
  name: string;
  pod: Pod;
  pods: number;
  sidecar: boolean;
  serviceAccount?: string;
  /** The first Service that selects it: its host and targetRefs of kind Service. */
  service?: Service;
  ports: number[];
}

const LEVELS: Record<MtlsDecision['level'], MtlsLevel> = {
  port: 'port',
  workload: 'workload',
  namespace: 'namespace',
  mesh: 'root-namespace',
  default: 'default',
};

const KIND_ORDER: SecurityPolicyKind[] = [
  'PeerAuthentication',
  'RequestAuthentication',
  'AuthorizationPolicy',
];

const isActive = (p: Pod) =>
  p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';

/** A Service port's numeric target port on a pod (a named targetPort is looked up in its containers). */
function resolveTargetPort(
  port: { port: number; targetPort?: number | string },
  pod: Pod,
): number | undefined {
  if (port.targetPort === undefined) return port.port;
  if (typeof port.targetPort === 'number') return port.targetPort;
  for (const c of pod.spec?.containers ?? []) {
    const hit = c.ports?.find(p => p.name === port.targetPort);
    if (hit) return hit.containerPort;
  }
  return undefined;
}

/** The ports a workload serves: its containers' declared ports and its Services' target ports. */
function portsOf(pod: Pod, services: Service[]): number[] {
  const ports = new Set<number>();
  for (const c of pod.spec?.containers ?? [])
    if (c.name !== 'istio-proxy')
      for (const p of c.ports ?? []) ports.add(p.containerPort);
  for (const s of services)
    for (const sp of s.spec?.ports ?? []) {
      const t = resolveTargetPort(sp, pod);
      if (t !== undefined) ports.add(t);
    }
  return [...ports].sort((a, b) => a - b);
}

/** The last "decided" step of an mTLS decision is its reason in one sentence. */
function reasonOf(d: Readonly<MtlsDecision>): string {
  for (let i = d.steps.length - 1; i >= 0; i--)
    if (d.steps[i].kind === 'decided') return d.steps[i].message;
  return `${d.mode} (${d.level})`;
}

/** The field of a DestinationRule that sets client TLS for a port, as the analyzer names it. */
function clientTlsPath(dr: DestinationRule | undefined, port: number): string {
  const i =
    dr?.spec?.trafficPolicy?.portLevelSettings?.findIndex(
      p => p.port?.number === port && p.tls,
    ) ?? -1;
  return i >= 0
    ? `spec.trafficPolicy.portLevelSettings[${i}].tls.mode`
    : 'spec.trafficPolicy.tls.mode';
}

/** Whether a path lies at or under a line's field (`spec.rules[0]` holds `spec.rules[0].from[1]`). */
function under(path: string, base: string): boolean {
  if (base === '') return path === '';
  return (
    path === base || path.startsWith(`${base}.`) || path.startsWith(`${base}[`)
  );
}

/** Rules that look at the caller's address: only then do two pods of one identity decide differently. */
function usesSourceIp(
  policies: Array<{ policy: AuthorizationPolicy }>,
): boolean {
  return policies.some(({ policy }) =>
    (policy.spec?.rules ?? []).some(
      r =>
        (r.from ?? []).some(
          f => !!(f.source?.ipBlocks?.length || f.source?.notIpBlocks?.length),
        ) || (r.when ?? []).some(c => c.key === 'source.ip'),
    ),
  );
}

/**
 * Rules that look at the callee beyond its port (host, address, SNI): only then do two callees
 * with the same policies and mTLS mode decide one caller's request differently.
 */
function usesDestination(
  policies: Array<{ policy: AuthorizationPolicy }>,
): boolean {
  return policies.some(({ policy }) =>
    (policy.spec?.rules ?? []).some(
      r =>
        (r.to ?? []).some(
          t => !!(t.operation?.hosts?.length || t.operation?.notHosts?.length),
        ) ||
        (r.when ?? []).some(
          c => c.key === 'destination.ip' || c.key === 'connection.sni',
        ),
    ),
  );
}

/**
 * The Security tab for one cluster: for each of the entity's workloads the mTLS mode of each port
 * with the PeerAuthentication level that decided it and what a client's sidecar sends (its
 * DestinationRule or auto mTLS), conflicts named with the analyzers' code; the PeerAuthentications,
 * RequestAuthentications and AuthorizationPolicies that apply, in words with findings at their
 * fields; and the access rows — every workload of the cluster calling each entity workload on each
 * of its ports, and each entity workload calling every other, with GET / and the methods and paths
 * the callee's policies name (`accessProbes`) — decided by the same
 * `authorizeRequest` the CLI's can-i uses. Decisions are shared between requests the engine cannot
 * tell apart (same caller identity, same callee policy set and mTLS mode; see `decider`), which
 * keeps a 1,000-workload mesh fast.
 */
export function buildClusterSecurity(
  cluster: string,
  sync: ClusterSyncState,
  index: MeshIndex,
  selector: EntityMeshSelector,
  options: ClusterSecurityOptions = {},
): ClusterSecurity {
  const overview = buildClusterOverview(cluster, sync, index, selector);
  const servicesByNs = new Map<string, Service[]>();
  const servicesIn = (ns: string) => {
    let list = servicesByNs.get(ns);
    if (!list) {
      list = index.inNamespace<Service>('Service', ns, cluster);
      servicesByNs.set(ns, list);
    }
    return list;
  };
  const servicesOf = (pod: Pod) =>
    servicesIn(namespaceOf(pod)).filter(s =>
      serviceSelects(s.spec?.selector, pod.metadata.labels),
    );

  // Every workload of the cluster, by the name Istio's metrics use.
  const mesh = new Map<string, MeshWorkload>();
  for (const pod of index.all<Pod>('Pod', cluster)) {
    if (!isActive(pod)) continue;
    const ns = namespaceOf(pod);
    const key = `${ns}/${workloadNameOfPod(index, pod, cluster)}`;
    const known = mesh.get(key);
    if (known) {
      known.pods++;
      continue;
    }
    const services = servicesOf(pod);
    mesh.set(key, {
      key,
      namespace: ns,
      name: key.slice(ns.length + 1),
      pod,
      pods: 1,
      sidecar: hasSidecar(pod),
      serviceAccount: pod.spec?.serviceAccountName,
      service: services[0],
      ports: portsOf(pod, services),
    });
  }

  // The entity's workloads, as the overview found them, each with a running pod.
  const entity: MeshWorkload[] = [];
  for (const w of overview.workloads) {
    const first = w.pods[0];
    const pod = first
      ? index.get<Pod>('Pod', w.namespace, first.name, cluster)
      : undefined;
    if (!pod) continue;
    const key = `${w.namespace}/${w.name}`;
    const services = servicesOf(pod);
    entity.push(
      mesh.get(key) ?? {
        key,
        namespace: w.namespace,
        name: w.name,
        pod,
        pods: w.pods.length,
        sidecar: hasSidecar(pod),
        serviceAccount: pod.spec?.serviceAccountName,
        service: services[0],
        ports: portsOf(pod, services),
      },
    );
  }

  const conflicts = new Map<string, MtlsConflict>();
  const workloads = entity.map(w =>
    workloadSecurity(index, cluster, w, servicesOf(w.pod), conflicts),
  );
  const policies = applicablePolicies(
    index,
    cluster,
    entity,
    servicesOf,
    options,
  );

  const decide = decider(index);
  const peers = [...mesh.values()];
  const inbound: AccessRow[] = [];
  const outbound: AccessRow[] = [];
  for (const e of entity) {
    for (const port of e.ports)
      for (const probe of decide.probesOf(e))
        for (const peer of peers)
          if (peer.key !== e.key) inbound.push(decide(peer, e, port, probe));
    for (const peer of peers)
      if (peer.key !== e.key)
        for (const port of peer.ports)
          for (const probe of decide.probesOf(peer))
            outbound.push(decide(e, peer, port, probe));
  }

  return {
    cluster,
    sync,
    trustDomain: index.trustDomain,
    workloads,
    policies,
    access: { inbound, outbound, peers: peers.length },
    conflicts: [...conflicts.values()],
  };
}

function workloadSecurity(
  index: MeshIndex,
  cluster: string,
  w: MeshWorkload,
  services: Service[],
  allConflicts: Map<string, MtlsConflict>,
): WorkloadSecurity {
  const dataPlane = dataPlaneOf(w.pod, index.namespace(w.namespace, cluster));
  const labels = w.pod.metadata.labels ?? {};
  const ports = w.ports.map((port): PortMtls => {
    const svcPort = services
      .flatMap(s => (s.spec?.ports ?? []).map(sp => ({ svc: s, sp })))
      .find(({ sp }) => resolveTargetPort(sp, w.pod) === port);
    const servicePort = svcPort && {
      service: svcPort.svc.metadata.name,
      port: svcPort.sp.port,
      name: svcPort.sp.name,
    };
    const conflicts: MtlsConflict[] = [];
    let client: PortMtls['client'] = {
      tls: 'ISTIO_MUTUAL',
      source: 'auto-mtls',
    };
    if (svcPort) {
      const host = `${svcPort.svc.metadata.name}.${namespaceOf(svcPort.svc)}.svc.${index.domain}`;
      // A sidecar client in the workload's own namespace: the DestinationRule most callers get.
      const conn = connectionTls(index, {
        client: { namespace: w.namespace },
        host,
        port: svcPort.sp.port,
      });
      const drRef = conn.client.destinationRule;
      const dr = drRef
        ? index.get<DestinationRule>(
            'DestinationRule',
            drRef.namespace,
            drRef.name,
          )
        : undefined;
      const resource = drRef
        ? {
            kind: 'DestinationRule',
            namespace: drRef.namespace,
            name: drRef.name,
            path: clientTlsPath(dr, svcPort.sp.port),
          }
        : undefined;
      client =
        conn.client.source === 'destination-rule'
          ? { tls: conn.client.mode, source: 'destination-rule', resource }
          : { tls: 'ISTIO_MUTUAL', source: 'auto-mtls' };
      const server = conn.servers.find(
        s => s.pod === `${w.namespace}/${w.pod.metadata.name}`,
      );
      if (server?.problem)
        conflicts.push({
          code: server.sidecar ? MTLS_CONFLICT_CODE : MTLS_WITHOUT_SIDECAR,
          message: server.problem,
          resource,
        });
    }
    if (dataPlane === 'none') {
      for (const c of conflicts)
        allConflicts.set(`${c.code}\u0000${c.message}`, c);
      return {
        port,
        servicePort,
        mode: 'NONE',
        level: 'default',
        reason: `${w.key} has no proxy: it accepts plaintext and enforces no policy`,
        client: {
          ...client,
          tls: client.source === 'auto-mtls' ? 'DISABLE' : client.tls,
        },
        conflicts,
      };
    }
    const d = sharedMtlsDecision(index, w.namespace, labels, port);
    for (const message of d.conflicts)
      conflicts.push({ code: COMPETING_PEER_AUTHENTICATIONS, message });
    if (client.source === 'auto-mtls' && d.mode === 'DISABLE')
      client = { ...client, tls: 'DISABLE' };
    for (const c of conflicts)
      allConflicts.set(`${c.code}\u0000${c.message}`, c);
    return {
      port,
      servicePort,
      mode: d.mode,
      level: LEVELS[d.level],
      decidedBy: d.policy
        ? {
            kind: 'PeerAuthentication',
            namespace: d.policy.namespace,
            name: d.policy.name,
            path:
              d.level === 'port'
                ? `spec.portLevelMtls[${JSON.stringify(String(port))}].mode`
                : 'spec.mtls.mode',
          }
        : undefined,
      reason: reasonOf(d),
      client,
      conflicts,
    };
  });
  return {
    namespace: w.namespace,
    workload: w.name,
    serviceAccount: w.serviceAccount,
    principal:
      dataPlane === 'none'
        ? undefined
        : principalOf(w.namespace, w.serviceAccount, index.trustDomain),
    dataPlane,
    pods: w.pods,
    ports,
  };
}

function applicablePolicies(
  index: MeshIndex,
  cluster: string,
  entity: MeshWorkload[],
  servicesOf: (pod: Pod) => Service[],
  options: ClusterSecurityOptions,
): SecurityPolicyView[] {
  const found = new Map<
    string,
    {
      kind: SecurityPolicyKind;
      policy: IstioObject<Attachable>;
      scope: AttachScope;
      appliesTo: Set<string>;
    }
  >();
  for (const w of entity) {
    const labels = w.pod.metadata.labels ?? {};
    const services = servicesOf(w.pod);
    const targets = [
      undefined,
      ...services.map(s => ({
        namespace: namespaceOf(s),
        name: s.metadata.name,
      })),
    ];
    for (const kind of KIND_ORDER)
      for (const service of targets)
        for (const a of selectPolicies(
          index,
          kind,
          { namespace: w.namespace, labels, service, cluster },
          kind === 'AuthorizationPolicy',
        )) {
          const key = `${kind}/${namespaceOf(a.policy)}/${a.policy.metadata.name}`;
          const entry = found.get(key) ?? {
            kind,
            policy: a.policy,
            scope: a.scope,
            appliesTo: new Set<string>(),
          };
          entry.appliesTo.add(w.key);
          found.set(key, entry);
        }
  }
  const views = [...found.values()].map(
    ({ kind, policy, scope, appliesTo }) => {
      const root = index.rootNamespace;
      let described: PolicyDescription;
      let action: SecurityPolicyView['action'];
      if (kind === 'PeerAuthentication')
        described = describePeerAuthentication(
          policy as PeerAuthentication,
          root,
        );
      else if (kind === 'RequestAuthentication')
        described = describeRequestAuthentication(
          policy as RequestAuthentication,
          root,
        );
      else {
        described = describeAuthorizationPolicy(
          policy as AuthorizationPolicy,
          root,
        );
        action = (policy as AuthorizationPolicy).spec?.action ?? 'ALLOW';
      }
      const findings =
        options.findingsOf?.({
          apiVersion: policy.apiVersion,
          kind,
          namespace: namespaceOf(policy),
          name: policy.metadata.name,
        }) ?? [];
      const lines: SecurityLine[] = described.lines.map(l => ({
        ...l,
        findings: findings.filter(f => under(f.path, l.path)),
      }));
      const view: SecurityPolicyView = {
        cluster,
        apiVersion: policy.apiVersion,
        kind,
        namespace: namespaceOf(policy),
        name: policy.metadata.name,
        scope,
        action,
        appliesTo: [...appliesTo].sort(),
        summary: described.summary,
        lines,
        findings,
      };
      return view;
    },
  );
  return views.sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      a.namespace.localeCompare(b.namespace) ||
      a.name.localeCompare(b.name),
  );
}

/**
 * `authorizeRequest` for one caller, callee, port and request, shared between requests the engine cannot
 * tell apart. It sees a caller only through its principal (service account and namespace, or none
 * without a sidecar) unless a policy matches source IPs; and a callee with a sidecar only through
 * its mTLS mode on the port and the AuthorizationPolicies that apply, unless one matches hosts or
 * addresses. A mesh of 1,000 workloads mostly falls into a few dozen such policy sets.
 */
/** A request the matrix asks about: GET / always, plus what the callee's policies name. */
export interface AccessRequestProbe {
  method: string;
  path: string;
}

const MAX_PROBES = 6;

/**
 * The requests worth asking about for a callee: `GET /`, then each method and path its
 * AuthorizationPolicies' rules name (`to.operation.methods` × `paths`), so a policy that admits
 * only `POST /api/*` shows as allowed for that and denied for the rest. A path pattern becomes a
 * concrete path it matches (`/api/*` → `/api/`, `*.css` → `/x.css`). At most six per callee.
 */
export function accessProbes(
  policies: AuthorizationPolicy[],
): AccessRequestProbe[] {
  const probes: AccessRequestProbe[] = [{ method: 'GET', path: '/' }];
  const seen = new Set(['GET /']);
  const concrete = (pattern: string) => {
    if (pattern === '*') return '/';
    if (pattern.endsWith('*')) return pattern.slice(0, -1) || '/';
    if (pattern.startsWith('*')) return `/x${pattern.slice(1)}`;
    return pattern;
  };
  for (const policy of policies) {
    for (const rule of policy.spec?.rules ?? []) {
      for (const to of rule.to ?? []) {
        const op = to.operation;
        if (!op) continue;
        const methods = op.methods?.length ? op.methods : ['GET'];
        const paths = op.paths?.length ? op.paths.map(concrete) : ['/'];
        for (const method of methods)
          for (const path of paths) {
            const key = `${method} ${path}`;
            if (seen.has(key) || probes.length >= MAX_PROBES) continue;
            seen.add(key);
            probes.push({ method, path });
          }
      }
    }
  }
  return probes;
}

function decider(index: MeshIndex) {
  type Decided = Omit<
    AccessRow,
    'source' | 'sourceServiceAccount' | 'sourceSidecar' | 'destination'
  >;
  const memo = new Map<string, Decided>();
  const callees = new Map<
    string,
    { byIp: boolean; set: string | null; probes: AccessRequestProbe[] }
  >();
  const calleeOf = (dst: MeshWorkload, service: string | undefined) => {
    let c = callees.get(dst.key);
    if (!c) {
      const attached = selectPolicies<AuthorizationPolicy>(
        index,
        'AuthorizationPolicy',
        {
          namespace: dst.namespace,
          labels: dst.pod.metadata.labels ?? {},
          service: service
            ? { namespace: dst.namespace, name: service }
            : undefined,
        },
        true,
      );
      c = {
        probes: accessProbes(attached.map(a => a.policy)),
        byIp: usesSourceIp(attached),
        // Without a sidecar the reason names the pod, so such callees are never shared.
        set:
          dst.sidecar && !usesDestination(attached)
            ? attached
                .map(a => `${namespaceOf(a.policy)}/${a.policy.metadata.name}`)
                .join(',')
            : null,
      };
      callees.set(dst.key, c);
    }
    return c;
  };
  const decide = (
    src: MeshWorkload,
    dst: MeshWorkload,
    port: number,
    probe: AccessRequestProbe = { method: 'GET', path: '/' },
  ): AccessRow => {
    const service = dst.service?.metadata.name;
    const callee = calleeOf(dst, service);
    let calleeKey = dst.key;
    if (callee.set !== null) {
      const mtls = sharedMtlsDecision(
        index,
        dst.namespace,
        dst.pod.metadata.labels ?? {},
        port,
      );
      const by = mtls.policy
        ? `${mtls.policy.namespace}/${mtls.policy.name}`
        : '';
      calleeKey = `${dst.namespace}\u0001${mtls.mode}\u0001${by}\u0001${callee.set}`;
    }
    const caller = src.sidecar
      ? `${src.namespace}/${src.serviceAccount ?? 'default'}`
      : '-';
    const key = `${calleeKey}\u0000${port}\u0000${probe.method} ${probe.path}\u0000${caller}${callee.byIp ? `\u0000${src.pod.status?.podIP ?? ''}` : ''}`;
    let decided = memo.get(key);
    if (!decided) {
      const d = authorizeRequest(index, {
        source: { namespace: src.namespace, pod: src.pod.metadata.name },
        destination: {
          namespace: dst.namespace,
          pod: dst.pod.metadata.name,
          service,
        },
        host: service
          ? `${service}.${dst.namespace}.svc.${index.domain}`
          : undefined,
        port,
        method: probe.method,
        path: probe.path,
      });
      decided = {
        port,
        method: probe.method,
        path: probe.path,
        allowed: d.allowed,
        status: d.status,
        action: d.action,
        policy: d.policy,
        ruleIndex: d.ruleIndex,
        reason: d.reason,
      };
      memo.set(key, decided);
    }
    return {
      source: src.key,
      sourceServiceAccount: src.serviceAccount,
      sourceSidecar: src.sidecar,
      destination: dst.key,
      ...decided,
    };
  };
  /** The requests to ask `dst` about (see accessProbes). */
  const probesOf = (dst: MeshWorkload): AccessRequestProbe[] =>
    calleeOf(dst, dst.service?.metadata.name).probes;
  return Object.assign(decide, { probesOf });
}
