import { KubeObject } from '../../kube/types';
import { parseDuration } from './duration';
import {
  headerNameProblem,
  hostProblem,
  HTTP_METHODS,
  portProblem,
  regexProblem,
} from './fieldFormats';
import { FieldIssue } from './finding';

/**
 * Istio's own validation rules that the CRD schemas do not express (Istio's webhook applies them):
 * route weights, regexes, durations, ports, header names and host formats. Written defensively:
 * the input may already have failed schema validation, so every field is type-checked before use.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj =>
  !!v && typeof v === 'object' && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const objs = (v: unknown): Obj[] => arr(v).filter(isObj);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : undefined;

class Issues {
  readonly list: FieldIssue[] = [];
  add(
    path: string,
    message: string | undefined,
    level?: FieldIssue['level'],
    code?: string,
  ) {
    if (!message) return;
    const issue: FieldIssue = { path, message };
    if (level) issue.level = level;
    if (code) issue.code = code;
    this.list.push(issue);
  }
  regex(path: string, pattern: string) {
    // istioctl reports bad regexes as IST0122 (a warning): Envoy rejects the route at load time.
    this.add(path, regexProblem(pattern), 'Warning', 'IST0122');
  }
  duration(path: string, v: unknown) {
    if (v === undefined) return;
    const s = str(v);
    if (s === undefined || parseDuration(s) === undefined)
      this.add(
        path,
        `${JSON.stringify(v)} is not a duration (e.g. 1.5s, 100ms)`,
      );
    else if ((parseDuration(s) as number) < 0)
      this.add(path, 'duration must not be negative');
  }
  port(path: string, v: unknown) {
    if (v !== undefined) this.add(path, portProblem(v));
  }
  percent(path: string, v: unknown) {
    if (
      isObj(v) &&
      typeof v.value === 'number' &&
      (v.value < 0 || v.value > 100)
    )
      this.add(`${path}.value`, 'percentage must be between 0 and 100');
  }
  stringMatch(path: string, v: unknown) {
    if (isObj(v) && typeof v.regex === 'string')
      this.regex(`${path}.regex`, v.regex);
  }
  hosts(path: string, v: unknown, allowWildcard = true) {
    arr(v).forEach((h, i) =>
      this.add(
        `${path}[${i}]`,
        typeof h === 'string'
          ? hostProblem(h, allowWildcard)
          : 'host must be a string',
      ),
    );
  }
}

function checkDestination(x: Issues, path: string, d: unknown) {
  if (!isObj(d)) return;
  if (typeof d.host === 'string')
    x.add(`${path}.host`, hostProblem(d.host, false));
  if (isObj(d.port)) x.port(`${path}.port.number`, d.port.number);
  if (
    d.subset !== undefined &&
    typeof d.subset === 'string' &&
    !/^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/i.test(d.subset)
  ) {
    x.add(`${path}.subset`, `subset "${d.subset}" is not a valid name`);
  }
}

/** Weights: non-negative, and when a route splits across several destinations they sum to 100. */
function checkWeights(x: Issues, path: string, route: Obj[]) {
  let sum = 0;
  let anySet = false;
  route.forEach((r, i) => {
    if (r.weight === undefined) return;
    anySet = true;
    if (typeof r.weight !== 'number' || r.weight < 0)
      x.add(`${path}[${i}].weight`, 'weight must not be negative');
    else sum += r.weight;
  });
  if (route.length > 1 && anySet && sum !== 100)
    x.add(path, `destination weights sum to ${sum}, not 100`);
  if (
    route.length === 1 &&
    anySet &&
    typeof route[0].weight === 'number' &&
    route[0].weight !== 100 &&
    route[0].weight !== 0
  ) {
    x.add(
      `${path}[0].weight`,
      `a single destination gets all traffic; weight ${route[0].weight} is ignored`,
      'Warning',
    );
  }
}

function checkHttpRoute(x: Issues, p: string, h: Obj) {
  objs(h.match).forEach((m, j) => {
    const mp = `${p}.match[${j}]`;
    for (const f of ['uri', 'scheme', 'method', 'authority'])
      x.stringMatch(`${mp}.${f}`, m[f]);
    for (const f of ['headers', 'withoutHeaders', 'queryParams']) {
      if (!isObj(m[f])) continue;
      for (const [k, v] of Object.entries(m[f] as Obj)) {
        const kp = `${mp}.${f}[${JSON.stringify(k)}]`;
        if (f !== 'queryParams') x.add(kp, headerNameProblem(k));
        x.stringMatch(kp, v);
      }
    }
    if (
      isObj(m.method) &&
      typeof m.method.exact === 'string' &&
      !HTTP_METHODS.includes(m.method.exact)
    ) {
      x.add(
        `${mp}.method.exact`,
        `"${m.method.exact}" is not an HTTP method`,
        'Warning',
      );
    }
    x.port(`${mp}.port`, m.port);
  });
  const route = objs(h.route);
  route.forEach((r, i) =>
    checkDestination(x, `${p}.route[${i}].destination`, r.destination),
  );
  checkWeights(x, `${p}.route`, route);
  const actions = ['route', 'redirect', 'directResponse', 'delegate'].filter(
    k => h[k] !== undefined && !(k === 'route' && route.length === 0),
  );
  if (actions.length > 1)
    x.add(p, `only one of ${actions.join(', ')} may be set`);
  x.duration(`${p}.timeout`, h.timeout);
  if (isObj(h.retries)) {
    x.duration(`${p}.retries.perTryTimeout`, h.retries.perTryTimeout);
    if (typeof h.retries.attempts === 'number' && h.retries.attempts < 0)
      x.add(`${p}.retries.attempts`, 'attempts must not be negative');
  }
  if (isObj(h.fault)) {
    const f = h.fault;
    if (isObj(f.delay)) {
      x.duration(`${p}.fault.delay.fixedDelay`, f.delay.fixedDelay);
      x.percent(`${p}.fault.delay.percentage`, f.delay.percentage);
    }
    if (isObj(f.abort)) {
      x.percent(`${p}.fault.abort.percentage`, f.abort.percentage);
      const s = f.abort.httpStatus;
      if (typeof s === 'number' && (s < 200 || s > 599))
        x.add(
          `${p}.fault.abort.httpStatus`,
          `HTTP status ${s} is not between 200 and 599`,
        );
    }
  }
  if (h.mirror !== undefined) checkDestination(x, `${p}.mirror`, h.mirror);
  x.percent(`${p}.mirrorPercentage`, h.mirrorPercentage);
  objs(h.mirrors).forEach((m, i) => {
    checkDestination(x, `${p}.mirrors[${i}].destination`, m.destination);
    x.percent(`${p}.mirrors[${i}].percentage`, m.percentage);
  });
  if (
    isObj(h.rewrite) &&
    isObj(h.rewrite.uriRegexRewrite) &&
    typeof h.rewrite.uriRegexRewrite.match === 'string'
  ) {
    x.regex(
      `${p}.rewrite.uriRegexRewrite.match`,
      h.rewrite.uriRegexRewrite.match,
    );
  }
  for (const dir of ['request', 'response']) {
    const ops = isObj(h.headers) ? h.headers[dir] : undefined;
    if (!isObj(ops)) continue;
    for (const op of ['set', 'add']) {
      if (isObj(ops[op]))
        for (const k of Object.keys(ops[op] as Obj))
          x.add(
            `${p}.headers.${dir}.${op}[${JSON.stringify(k)}]`,
            headerNameProblem(k),
          );
    }
  }
}

function virtualService(x: Issues, spec: Obj) {
  const hosts = arr(spec.hosts);
  const delegate = hosts.length === 0;
  x.hosts('spec.hosts', spec.hosts);
  arr(spec.gateways).forEach((g, i) => {
    if (
      typeof g === 'string' &&
      g !== 'mesh' &&
      !/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(
        g,
      )
    ) {
      x.add(
        `spec.gateways[${i}]`,
        `"${g}" is not a gateway reference (name or namespace/name)`,
      );
    }
  });
  if (delegate && arr(spec.gateways).length > 0)
    x.add(
      'spec.gateways',
      'a delegate VirtualService (no hosts) must not set gateways',
    );
  objs(spec.http).forEach((h, i) => checkHttpRoute(x, `spec.http[${i}]`, h));
  for (const kind of ['tcp', 'tls']) {
    objs(spec[kind]).forEach((r, i) => {
      const p = `spec.${kind}[${i}]`;
      const route = objs(r.route);
      route.forEach((d, j) =>
        checkDestination(x, `${p}.route[${j}].destination`, d.destination),
      );
      checkWeights(x, `${p}.route`, route);
      objs(r.match).forEach((m, j) => {
        x.port(`${p}.match[${j}].port`, m.port);
        if (kind === 'tls') x.hosts(`${p}.match[${j}].sniHosts`, m.sniHosts);
      });
    });
  }
  if (
    !delegate &&
    objs(spec.http).length + objs(spec.tcp).length + objs(spec.tls).length === 0
  ) {
    x.add('spec', 'a VirtualService needs at least one http, tcp or tls route');
  }
}

function trafficPolicy(x: Issues, p: string, tp: unknown) {
  if (!isObj(tp)) return;
  if (isObj(tp.connectionPool)) {
    const cp = tp.connectionPool;
    if (isObj(cp.tcp))
      x.duration(
        `${p}.connectionPool.tcp.connectTimeout`,
        cp.tcp.connectTimeout,
      );
    if (isObj(cp.http))
      x.duration(`${p}.connectionPool.http.idleTimeout`, cp.http.idleTimeout);
  }
  if (isObj(tp.outlierDetection)) {
    x.duration(`${p}.outlierDetection.interval`, tp.outlierDetection.interval);
    x.duration(
      `${p}.outlierDetection.baseEjectionTime`,
      tp.outlierDetection.baseEjectionTime,
    );
    const mep = tp.outlierDetection.maxEjectionPercent;
    if (typeof mep === 'number' && (mep < 0 || mep > 100))
      x.add(
        `${p}.outlierDetection.maxEjectionPercent`,
        'must be between 0 and 100',
      );
  }
  objs(tp.portLevelSettings).forEach((s, i) => {
    if (isObj(s.port))
      x.port(`${p}.portLevelSettings[${i}].port.number`, s.port.number);
    else x.add(`${p}.portLevelSettings[${i}].port`, 'port is required');
  });
  if (isObj(tp.tls) && tp.tls.mode === 'MUTUAL') {
    const t = tp.tls;
    if (!t.credentialName && (!t.clientCertificate || !t.privateKey)) {
      x.add(
        `${p}.tls`,
        'MUTUAL TLS needs credentialName, or clientCertificate and privateKey',
      );
    }
  }
}

function destinationRule(x: Issues, spec: Obj) {
  if (typeof spec.host === 'string') x.add('spec.host', hostProblem(spec.host));
  trafficPolicy(x, 'spec.trafficPolicy', spec.trafficPolicy);
  const names = new Set<string>();
  objs(spec.subsets).forEach((s, i) => {
    const name = str(s.name);
    if (name && names.has(name))
      x.add(`spec.subsets[${i}].name`, `subset "${name}" is defined twice`);
    if (name) names.add(name);
    if (name && !/^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/i.test(name))
      x.add(
        `spec.subsets[${i}].name`,
        `subset name "${name}" is not a valid name`,
      );
    trafficPolicy(x, `spec.subsets[${i}].trafficPolicy`, s.trafficPolicy);
  });
}

function gateway(x: Issues, spec: Obj) {
  const ports = new Map<number, string>();
  objs(spec.servers).forEach((s, i) => {
    const p = `spec.servers[${i}]`;
    arr(s.hosts).forEach((h, j) => {
      if (typeof h !== 'string') return;
      const slash = h.indexOf('/');
      const ns = slash >= 0 ? h.slice(0, slash) : undefined;
      const host = slash >= 0 ? h.slice(slash + 1) : h;
      if (
        ns !== undefined &&
        ns !== '*' &&
        ns !== '.' &&
        ns !== '~' &&
        !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns)
      ) {
        x.add(`${p}.hosts[${j}]`, `"${ns}" is not a namespace (or *, ., ~)`);
      }
      x.add(`${p}.hosts[${j}]`, hostProblem(host));
    });
    if (isObj(s.port)) {
      x.port(`${p}.port.number`, s.port.number);
      const protocol = str(s.port.protocol)?.toUpperCase();
      const num = typeof s.port.number === 'number' ? s.port.number : undefined;
      if (num !== undefined && protocol) {
        const prev = ports.get(num);
        if (prev && prev !== protocol)
          x.add(
            `${p}.port.protocol`,
            `port ${num} is already used with protocol ${prev}`,
          );
        ports.set(num, protocol);
      }
      if (protocol && ['HTTPS', 'TLS'].includes(protocol) && !isObj(s.tls))
        x.add(`${p}.tls`, `a ${protocol} server needs tls settings`);
      const mode = isObj(s.tls) ? str(s.tls.mode) : undefined;
      if (
        protocol === 'HTTPS' &&
        mode &&
        ['PASSTHROUGH', 'AUTO_PASSTHROUGH'].includes(mode)
      ) {
        x.add(
          `${p}.tls.mode`,
          `${mode} is for TLS servers; an HTTPS server terminates TLS`,
        );
      }
      if (
        isObj(s.tls) &&
        (mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL')
      ) {
        const t = s.tls;
        if (
          !t.credentialName &&
          !t.credentialNames &&
          !t.serverCertificate &&
          !t.tlsCertificates
        ) {
          x.add(
            `${p}.tls`,
            `TLS mode ${mode} needs credentialName or serverCertificate and privateKey`,
          );
        }
      }
    }
  });
}

function serviceEntry(x: Issues, spec: Obj) {
  x.hosts('spec.hosts', spec.hosts);
  const resolution = str(spec.resolution) ?? 'NONE';
  arr(spec.hosts).forEach((h, i) => {
    if (
      typeof h === 'string' &&
      h.includes('*') &&
      (resolution === 'DNS' || resolution === 'DNS_ROUND_ROBIN') &&
      objs(spec.endpoints).length === 0
    ) {
      x.add(
        `spec.hosts[${i}]`,
        `wildcard host "${h}" cannot be resolved with ${resolution} resolution`,
      );
    }
  });
  const numbers = new Set<number>();
  objs(spec.ports).forEach((p, i) => {
    x.port(`spec.ports[${i}].number`, p.number);
    if (p.targetPort !== undefined)
      x.port(`spec.ports[${i}].targetPort`, p.targetPort);
    if (typeof p.number === 'number') {
      if (numbers.has(p.number))
        x.add(`spec.ports[${i}].number`, `port ${p.number} is listed twice`);
      numbers.add(p.number);
    }
  });
  objs(spec.endpoints).forEach((e, i) => {
    if (isObj(e.ports))
      for (const [k, v] of Object.entries(e.ports))
        x.port(`spec.endpoints[${i}].ports[${JSON.stringify(k)}]`, v);
    if (
      resolution === 'STATIC' &&
      typeof e.address === 'string' &&
      !/^[\d.:a-fA-F]+$/.test(e.address) &&
      !e.address.startsWith('unix://')
    ) {
      x.add(
        `spec.endpoints[${i}].address`,
        `STATIC resolution needs an IP address, not "${e.address}"`,
      );
    }
  });
}

function sidecar(x: Issues, spec: Obj) {
  objs(spec.ingress).forEach((l, i) => {
    if (isObj(l.port)) x.port(`spec.ingress[${i}].port.number`, l.port.number);
  });
  objs(spec.egress).forEach((l, i) => {
    if (isObj(l.port)) x.port(`spec.egress[${i}].port.number`, l.port.number);
    arr(l.hosts).forEach((h, j) => {
      if (typeof h !== 'string') return;
      const parts = h.split('/');
      if (parts.length !== 2)
        x.add(
          `spec.egress[${i}].hosts[${j}]`,
          `"${h}" must be namespace/host (e.g. ./*, istio-system/*)`,
        );
      else x.add(`spec.egress[${i}].hosts[${j}]`, hostProblem(parts[1]));
    });
  });
}

function authorizationPolicy(x: Issues, spec: Obj) {
  objs(spec.rules).forEach((r, i) => {
    objs(r.to).forEach((t, j) => {
      const op = isObj(t.operation) ? t.operation : {};
      for (const f of ['ports', 'notPorts']) {
        arr(op[f]).forEach((p, k) => {
          const n = typeof p === 'string' && /^\d+$/.test(p) ? Number(p) : NaN;
          x.add(
            `spec.rules[${i}].to[${j}].operation.${f}[${k}]`,
            Number.isNaN(n)
              ? `port ${JSON.stringify(p)} is not a number`
              : portProblem(n),
          );
        });
      }
    });
    objs(r.when).forEach((w, j) => {
      if (
        typeof w.key === 'string' &&
        w.key.startsWith('request.headers') &&
        !/^request\.headers\[[^\]]+\]$/.test(w.key)
      ) {
        x.add(
          `spec.rules[${i}].when[${j}].key`,
          `"${w.key}" must be written request.headers[<name>]`,
        );
      }
      if (w.values === undefined && w.notValues === undefined)
        x.add(
          `spec.rules[${i}].when[${j}]`,
          'a condition needs values or notValues',
        );
    });
  });
  if (spec.action === 'CUSTOM' && !isObj(spec.provider))
    x.add('spec.provider', 'a CUSTOM policy needs a provider');
  if (spec.action !== 'CUSTOM' && spec.provider !== undefined)
    x.add('spec.provider', 'provider is only allowed with action CUSTOM');
}

function requestAuthentication(x: Issues, spec: Obj) {
  const issuers = new Set<string>();
  objs(spec.jwtRules).forEach((r, i) => {
    const issuer = str(r.issuer);
    if (issuer && issuers.has(issuer))
      x.add(
        `spec.jwtRules[${i}].issuer`,
        `issuer "${issuer}" is configured twice`,
      );
    if (issuer) issuers.add(issuer);
    objs(r.fromHeaders).forEach((h, j) => {
      if (typeof h.name === 'string')
        x.add(
          `spec.jwtRules[${i}].fromHeaders[${j}].name`,
          headerNameProblem(h.name),
        );
    });
    if (r.jwks !== undefined && r.jwksUri !== undefined)
      x.add(`spec.jwtRules[${i}]`, 'only one of jwks and jwksUri may be set');
  });
}

function peerAuthentication(x: Issues, spec: Obj) {
  if (isObj(spec.portLevelMtls)) {
    for (const k of Object.keys(spec.portLevelMtls)) {
      x.add(
        `spec.portLevelMtls[${JSON.stringify(k)}]`,
        /^\d+$/.test(k)
          ? portProblem(Number(k))
          : `"${k}" is not a port number`,
      );
    }
    const selector = isObj(spec.selector)
      ? spec.selector.matchLabels
      : undefined;
    if (!isObj(selector) || Object.keys(selector).length === 0) {
      x.add(
        'spec.portLevelMtls',
        'portLevelMtls needs a workload selector',
        'Warning',
      );
    }
  }
}

const RULES: Record<string, (x: Issues, spec: Obj) => void> = {
  VirtualService: virtualService,
  DestinationRule: destinationRule,
  Gateway: gateway,
  ServiceEntry: serviceEntry,
  Sidecar: sidecar,
  AuthorizationPolicy: authorizationPolicy,
  RequestAuthentication: requestAuthentication,
  PeerAuthentication: peerAuthentication,
};

/** Istio-specific field problems of one object (only for networking/security.istio.io kinds). */
export function istioFieldIssues(object: KubeObject): FieldIssue[] {
  if (!/\.istio\.io\//.test(object.apiVersion ?? '')) return [];
  const rule = RULES[object.kind];
  if (!rule || !isObj(object.spec)) return [];
  const x = new Issues();
  rule(x, object.spec);
  return x.list;
}
