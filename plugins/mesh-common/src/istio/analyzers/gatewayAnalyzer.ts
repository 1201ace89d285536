import { Service } from '../../kube/types';
import { namespaceMayBind, splitServerHost } from '../routing/serverHosts';
import { serviceSelects } from '../../kube/labelSelector';
import { hostMatches } from '../index/hostNames';
import { namespaceOf } from '../model/common';
import { Gateway, VirtualService } from '../model/networking';
import { AnalysisContext, WorkloadInstance } from './AnalysisContext';
import { Analyzer } from './analyzer';

/** Whether two host patterns (either may be a wildcard) accept a common host. */
export function hostsOverlap(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return (
    hostMatches(x, y) ||
    hostMatches(y, x) ||
    (x.startsWith('*.') &&
      y.startsWith('*.') &&
      (x.endsWith(y.slice(1)) || y.endsWith(x.slice(1))))
  );
}

/** A server host `ns/host` split; `.` means the Gateway's own namespace, no prefix means any. */
const selectorKey = (s: Record<string, string> | undefined) =>
  JSON.stringify(Object.entries(s ?? {}).sort());

function servicesInFront(
  ctx: AnalysisContext,
  workloads: WorkloadInstance[],
): Service[] {
  const out = new Set<Service>();
  for (const w of workloads) {
    for (const svc of ctx.index.inNamespace<Service>('Service', w.namespace))
      if (serviceSelects(svc.spec?.selector, w.labels)) out.add(svc);
  }
  return [...out];
}

function checkOne(ctx: AnalysisContext, gw: Gateway): void {
  const ns = namespaceOf(gw);
  const servers = gw.spec?.servers ?? [];
  const workloads = ctx.knowsWorkloads()
    ? ctx.workloads(undefined, gw.spec?.selector)
    : [];
  // Gateway deployments usually come with the Istio install, not with the application's
  // manifests: only call the selector dangling when the input holds gateway-like workloads.
  const selectorKeys = Object.keys(gw.spec?.selector ?? {});
  const knowsGateways =
    selectorKeys.length > 0 &&
    selectorKeys.some(k => ctx.workloadLabelKeys().has(k));
  if (knowsGateways && workloads.length === 0) {
    const sel = Object.entries(gw.spec?.selector ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    ctx.report(
      'IST0101',
      gw,
      'spec.selector',
      `Referenced selector not found: "${sel}" matches no gateway workload`,
    );
  }
  // Istio reads a Gateway's secrets from the namespace of the gateway workload.
  const secretNamespaces = workloads.length
    ? [...new Set(workloads.map(w => w.namespace))]
    : [ns];
  const services = servicesInFront(ctx, workloads);
  const seen: Array<{ port: number; host: string; i: number }> = [];
  servers.forEach((s, i) => {
    const cred = s.tls?.credentialName;
    if (
      cred &&
      ctx.has('Secret') &&
      !secretNamespaces.some(sns => ctx.index.get('Secret', sns, cred))
    ) {
      ctx.report(
        'IST0101',
        gw,
        `spec.servers[${i}].tls.credentialName`,
        `Referenced credentialName secret not found: "${cred}" in namespace ${secretNamespaces.join(', ')}`,
      );
    }
    const port = s.port?.number;
    if (typeof port === 'number' && services.length > 0) {
      const exposed = services.some(svc =>
        (svc.spec?.ports ?? []).some(
          p => p.port === port || p.targetPort === port,
        ),
      );
      if (!exposed) {
        ctx.report(
          'IST0162',
          gw,
          `spec.servers[${i}].port.number`,
          `The gateway listens on port ${port}, which the Service(s) ${services.map(x => x.metadata.name).join(', ')} in front of its workload do not expose.`,
        );
      }
    }
    for (const [j, h] of (s.hosts ?? []).entries()) {
      const host = splitServerHost(h, ns).host;
      const dup = seen.find(
        o => o.port === port && o.i !== i && hostsOverlap(o.host, host),
      );
      if (dup && typeof port === 'number') {
        ctx.report(
          'MSH0112',
          gw,
          `spec.servers[${i}].hosts[${j}]`,
          `Servers ${dup.i} and ${i} both listen on port ${port} for host ${host}; only one of them is used.`,
        );
      }
      if (typeof port === 'number') seen.push({ port, host, i });
    }
  });
}

interface Listener {
  gw: Gateway;
  server: number;
  host: string;
  cred?: string;
}

const refName = (g: Gateway) => `${namespaceOf(g)}/${g.metadata.name}`;

/**
 * Gateways that share a selector run on the same pods: the same port and an overlapping host in
 * two of them conflict (IST0145), and one certificate in two of them confuses HTTP/2 clients
 * (IST0138). Listeners are bucketed by selector and port, exact hosts by name, so a mesh with
 * many gateways is not compared pair by pair.
 */
function checkAcrossGateways(ctx: AnalysisContext, gateways: Gateway[]): void {
  const buckets = new Map<string, Listener[]>();
  const certs = new Map<string, Listener[]>();
  for (const g of gateways) {
    const sel = selectorKey(g.spec?.selector);
    (g.spec?.servers ?? []).forEach((s, i) => {
      const cred = s.tls?.credentialName;
      for (const h of s.hosts ?? []) {
        const l: Listener = {
          gw: g,
          server: i,
          host: splitServerHost(h, namespaceOf(g)).host.toLowerCase(),
          cred,
        };
        const k = `${sel}|${s.port?.number}`;
        buckets.set(k, [...(buckets.get(k) ?? []), l]);
      }
      if (cred) {
        const k = `${sel}|${cred}`;
        certs.set(k, [
          ...(certs.get(k) ?? []),
          { gw: g, server: i, host: '', cred },
        ]);
      }
    });
  }
  const clashes = new Map<
    string,
    { gw: Gateway; server: number; with: Set<string>; hosts: Set<string> }
  >();
  for (const listeners of buckets.values()) {
    if (new Set(listeners.map(l => l.gw)).size < 2) continue;
    const exact = new Map<string, Listener[]>();
    const wild: Listener[] = [];
    for (const l of listeners) {
      if (l.host.includes('*')) wild.push(l);
      else exact.set(l.host, [...(exact.get(l.host) ?? []), l]);
    }
    for (const l of listeners) {
      const rivals = l.host.includes('*')
        ? listeners.filter(o => hostsOverlap(o.host, l.host))
        : [
            ...(exact.get(l.host) ?? []),
            ...wild.filter(w => hostsOverlap(w.host, l.host)),
          ];
      for (const o of rivals) {
        if (o.gw === l.gw) continue;
        const k = `${refName(l.gw)}#${l.server}`;
        const c = clashes.get(k) ?? {
          gw: l.gw,
          server: l.server,
          with: new Set<string>(),
          hosts: new Set<string>(),
        };
        c.with.add(refName(o.gw));
        c.hosts.add(l.host);
        clashes.set(k, c);
      }
    }
  }
  for (const c of clashes.values()) {
    const port = c.gw.spec?.servers?.[c.server]?.port?.number;
    ctx.report(
      'IST0145',
      c.gw,
      `spec.servers[${c.server}]`,
      `Conflicts with gateway(s) ${[...c.with].sort().join(', ')}: same selector, port ${port} and overlapping hosts ${[...c.hosts].join(', ')}.`,
    );
  }
  for (const users of certs.values()) {
    const gws = new Set(users.map(u => u.gw));
    if (gws.size < 2) continue;
    for (const u of users) {
      const others = [...gws].filter(g => g !== u.gw).map(refName);
      ctx.report(
        'IST0138',
        u.gw,
        `spec.servers[${u.server}].tls.credentialName`,
        `Certificate "${u.cred}" is also served by gateway(s) ${others.join(', ')}; clients reusing HTTP/2 connections may get 404s.`,
      );
    }
  }
}

/** VirtualService hosts must be accepted by some server of each Gateway it binds to. */
function checkVirtualServiceHosts(ctx: AnalysisContext): void {
  const { index } = ctx;
  for (const vs of index.all<VirtualService>('VirtualService')) {
    const vsNs = namespaceOf(vs);
    for (const ref of index.gatewaysOf(vs)) {
      if (ref === 'mesh') continue;
      const [gns, gname] = ref.split('/');
      const gw = index.get<Gateway>('Gateway', gns, gname);
      if (!gw) continue;
      const accepted = (gw.spec?.servers ?? [])
        .flatMap(s => s.hosts ?? [])
        .map(h => splitServerHost(h, gns))
        .filter(h => namespaceMayBind(h.namespace, vsNs));
      (vs.spec?.hosts ?? []).forEach((h, i) => {
        if (!accepted.some(a => hostsOverlap(a.host, h))) {
          ctx.report(
            'IST0132',
            vs,
            `spec.hosts[${i}]`,
            `Host ${h} is not accepted by any server of gateway ${ref}.`,
          );
        }
      });
    }
  }
}

/** Istio Gateways: selectors, credentials, ports on the gateway Service, clashes, VirtualService hosts. */
export const gatewayAnalyzer: Analyzer = {
  name: 'gateway',
  codes: ['IST0101', 'IST0132', 'IST0138', 'IST0145', 'IST0162', 'MSH0112'],
  run(ctx) {
    const gateways = ctx.index.all<Gateway>('Gateway');
    for (const g of gateways) checkOne(ctx, g);
    checkAcrossGateways(ctx, gateways);
    checkVirtualServiceHosts(ctx);
  },
};
