import { RuleDestination, RuleRow } from '../api/trafficTypes';
import {
  httpRuleReachability,
  isCatchAllHttpRule,
  tcpRuleReachability,
} from '../istio/analyzers/virtualServiceReachability';
import {
  GatewayApiHTTPRoute,
  HTTPBackendRef,
  HTTPRouteRule,
} from '../istio/model/gatewayApi';
import { VirtualService } from '../istio/model/networking';
import { Finding } from '../istio/validation/finding';
import {
  describeGatewayApiMatch,
  describeGrpcMatch,
  describeHttpMatches,
  describeRouteMatches,
  describeTcpMatches,
  describeTlsMatches,
  GrpcRouteMatch,
} from './describeMatch';
import {
  describeDestinations,
  describeHeaderRules,
  describeRouteActions,
} from './describeRouteActions';

/** Findings at a field path or below it (`spec.http[1]` takes `spec.http[1].route[0]`, not `spec.http[10]`). */
export function findingsUnder(findings: Finding[], path: string): Finding[] {
  return findings.filter(
    f =>
      f.path === path ||
      f.path.startsWith(`${path}.`) ||
      f.path.startsWith(`${path}[`),
  );
}

/**
 * A VirtualService's http, tcp and tls rules as ordered rows, each with its match in words, its
 * destinations, its other actions, whether it takes every request, which earlier rule shadows it
 * (the IST0130 analyzer's own reasoning) and the findings at its path.
 */
export function virtualServiceRuleRows(
  vs: VirtualService,
  findings: Finding[],
): RuleRow[] {
  const spec = vs.spec ?? {};
  const rows: RuleRow[] = [];
  const http = spec.http ?? [];
  const reach = httpRuleReachability(http);
  http.forEach((rule, i) => {
    const path = `spec.http[${i}]`;
    rows.push({
      index: i,
      name: rule.name,
      protocol: 'http',
      path,
      when: describeHttpMatches(rule.match),
      destinations: describeDestinations(rule.route),
      actions: describeRouteActions(rule),
      isDefault: isCatchAllHttpRule(rule),
      shadowedBy: reach[i].shadowedBy,
      findings: findingsUnder(findings, path),
    });
  });
  const tcp = spec.tcp ?? [];
  const tcpReach = tcpRuleReachability(tcp);
  tcp.forEach((rule, i) => {
    const path = `spec.tcp[${i}]`;
    rows.push({
      index: i,
      protocol: 'tcp',
      path,
      when: describeTcpMatches(rule.match),
      destinations: describeDestinations(rule.route),
      actions: [],
      isDefault: !rule.match || rule.match.length === 0,
      shadowedBy: tcpReach[i].shadowedBy,
      findings: findingsUnder(findings, path),
    });
  });
  (spec.tls ?? []).forEach((rule, i) => {
    const path = `spec.tls[${i}]`;
    rows.push({
      index: i,
      protocol: 'tls',
      path,
      when: describeTlsMatches(rule.match),
      destinations: describeDestinations(rule.route),
      actions: [],
      // TLS rules always name SNI hosts, so none of them takes every connection.
      isDefault: false,
      findings: findingsUnder(findings, path),
    });
  });
  return rows;
}

/** Backends of a Gateway API rule: weights default to 1 and are shares of their sum. */
export function describeBackendRefs(
  refs: HTTPBackendRef[] | undefined,
  routeNamespace: string,
): RuleDestination[] {
  const list = refs ?? [];
  const total = list.reduce((n, b) => n + (b.weight ?? 1), 0);
  return list.map(b => {
    const weight =
      total > 0 ? Math.round(((b.weight ?? 1) / total) * 1000) / 10 : 0;
    const ns = b.namespace ?? routeNamespace;
    const kind = (b.kind ?? 'Service') === 'Service' ? '' : `${b.kind} `;
    const host = `${b.name}${b.namespace ? `.${ns}` : ''}`;
    return {
      host,
      port: b.port,
      weight,
      text: `${kind}${host}${b.port !== undefined ? `:${b.port}` : ''} — ${weight} %`,
    };
  });
}

type Filter = { type: string } & Record<string, unknown>;
interface HeaderModifier {
  set?: Array<{ name: string; value: string }>;
  add?: Array<{ name: string; value: string }>;
  remove?: string[];
}
const toRecord = (l?: Array<{ name: string; value: string }>) =>
  l ? Object.fromEntries(l.map(h => [h.name, h.value])) : undefined;

/** Gateway API filters and timeouts in the words the VirtualService rows use. */
export function describeGatewayApiActions(rule: HTTPRouteRule): string[] {
  const out: string[] = [];
  for (const f of (rule.filters ?? []) as Filter[]) {
    // The filter's settings sit under its type in lowerCamelCase (`URLRewrite` → `urlRewrite`).
    const field =
      f.type === 'URLRewrite'
        ? 'urlRewrite'
        : f.type.charAt(0).toLowerCase() + f.type.slice(1);
    const body = f[field] as Record<string, unknown> | undefined;
    switch (f.type) {
      case 'RequestHeaderModifier':
      case 'ResponseHeaderModifier': {
        const m = (body ?? {}) as HeaderModifier;
        const ops = {
          set: toRecord(m.set),
          add: toRecord(m.add),
          remove: m.remove,
        };
        out.push(
          ...describeHeaderRules(
            f.type === 'RequestHeaderModifier'
              ? { request: ops }
              : { response: ops },
          ),
        );
        break;
      }
      case 'RequestRedirect': {
        const r = (body ?? {}) as {
          scheme?: string;
          hostname?: string;
          port?: number;
          statusCode?: number;
        };
        const to = [
          r.scheme ? `scheme ${r.scheme}` : '',
          r.hostname ? `authority ${r.hostname}` : '',
          r.port !== undefined ? `port ${r.port}` : '',
        ].filter(Boolean);
        out.push(
          `redirect (${r.statusCode ?? 302})${to.length ? ` to ${to.join(', ')}` : ''}`,
        );
        break;
      }
      case 'URLRewrite': {
        const r = (body ?? {}) as {
          hostname?: string;
          path?: { replaceFullPath?: string; replacePrefixMatch?: string };
        };
        if (r.path?.replaceFullPath !== undefined)
          out.push(`rewrite path to "${r.path.replaceFullPath}"`);
        if (r.path?.replacePrefixMatch !== undefined)
          out.push(`rewrite path prefix to "${r.path.replacePrefixMatch}"`);
        if (r.hostname) out.push(`rewrite authority to "${r.hostname}"`);
        break;
      }
      case 'RequestMirror': {
        const r = (body ?? {}) as {
          backendRef?: { name: string; port?: number };
          percent?: number;
        };
        out.push(
          `mirror to ${r.backendRef?.name ?? '?'}${r.backendRef?.port !== undefined ? `:${r.backendRef.port}` : ''} — ${r.percent ?? 100} %`,
        );
        break;
      }
      default:
        out.push(`filter ${f.type}`);
    }
  }
  if (rule.timeouts?.request) out.push(`timeout ${rule.timeouts.request}`);
  if (rule.timeouts?.backendRequest)
    out.push(`timeout per backend request ${rule.timeouts.backendRequest}`);
  return out;
}

/**
 * An HTTPRoute's or GRPCRoute's rules as rows. Gateway API picks the most specific match across
 * rules rather than the first, so no rule shadows another here; a rule without matches is the default.
 */
export function gatewayApiRuleRows(
  route: GatewayApiHTTPRoute,
  findings: Finding[],
): RuleRow[] {
  const grpc = route.kind === 'GRPCRoute';
  const ns = route.metadata.namespace ?? 'default';
  return (route.spec?.rules ?? []).map((rule, i) => {
    const path = `spec.rules[${i}]`;
    const when = grpc
      ? describeRouteMatches(
          rule.matches as unknown as GrpcRouteMatch[] | undefined,
          describeGrpcMatch,
        )
      : describeRouteMatches(rule.matches, describeGatewayApiMatch);
    return {
      index: i,
      name: rule.name,
      protocol: grpc ? 'grpc' : 'http',
      path,
      when,
      destinations: describeBackendRefs(rule.backendRefs, ns),
      actions: describeGatewayApiActions(rule),
      isDefault: !rule.matches || rule.matches.length === 0,
      findings: findingsUnder(findings, path),
    };
  });
}
