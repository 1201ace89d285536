import { KubeObject } from '../../kube/types';
import { namespaceOf } from '../model/common';
import { AuthorizationPolicy } from '../model/security';
import { HTTP_METHODS } from '../validation/fieldFormats';
import { AnalysisContext } from './AnalysisContext';
import { Analyzer } from './analyzer';

/** Kinds whose `selector.matchLabels` picks the workloads they apply to. */
const SELECTING_KINDS = [
  'AuthorizationPolicy',
  'RequestAuthentication',
  'PeerAuthentication',
  'Telemetry',
  'WasmPlugin',
];

function checkSelector(ctx: AnalysisContext, o: KubeObject): void {
  const labels = (
    o.spec as
      { selector?: { matchLabels?: Record<string, string> } } | undefined
  )?.selector?.matchLabels;
  if (!labels || Object.keys(labels).length === 0) return;
  const ns = namespaceOf(o);
  // A selector in the root namespace applies in every namespace.
  const found = ctx.workloads(
    ns === ctx.index.rootNamespace ? undefined : ns,
    labels,
  );
  if (found.length === 0) {
    const text = Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    ctx.report(
      'IST0127',
      o,
      'spec.selector.matchLabels',
      `No matching workloads for this resource with the following labels: ${text}`,
    );
  }
}

const PRINCIPAL = /^(.+)\/ns\/([^/]+)\/sa\/([^/]+)$/;

function checkPolicy(ctx: AnalysisContext, ap: AuthorizationPolicy): void {
  const checkNamespaces = ctx.has('Namespace');
  ap.spec?.rules?.forEach((rule, i) => {
    rule.from?.forEach((f, j) => {
      const base = `spec.rules[${i}].from[${j}].source`;
      for (const field of ['namespaces', 'notNamespaces'] as const) {
        f.source?.[field]?.forEach((n, k) => {
          if (checkNamespaces && !n.includes('*') && !ctx.namespaceExists(n))
            ctx.report(
              'IST0101',
              ap,
              `${base}.${field}[${k}]`,
              `Referenced namespace not found: "${n}"`,
            );
        });
      }
      for (const field of ['principals', 'notPrincipals'] as const) {
        f.source?.[field]?.forEach((p, k) => {
          const m = PRINCIPAL.exec(p);
          if (!m || p.includes('*')) return;
          const [, , ns, sa] = m;
          const path = `${base}.${field}[${k}]`;
          if (checkNamespaces && !ctx.namespaceExists(ns))
            ctx.report(
              'IST0101',
              ap,
              path,
              `Referenced namespace not found: "${ns}" (in principal ${p})`,
            );
          else if (
            ctx.has('ServiceAccount') &&
            sa !== 'default' &&
            !ctx.index.get('ServiceAccount', ns, sa)
          ) {
            ctx.report(
              'MSH0105',
              ap,
              path,
              `Principal ${p} names service account ${ns}/${sa}, which does not exist.`,
            );
          }
        });
      }
    });
    rule.to?.forEach((t, j) => {
      for (const field of ['methods', 'notMethods'] as const) {
        t.operation?.[field]?.forEach((m, k) => {
          if (m.includes('*') || HTTP_METHODS.includes(m)) return;
          const hint = HTTP_METHODS.includes(m.toUpperCase())
            ? ` (methods are case-sensitive: use ${m.toUpperCase()})`
            : '';
          ctx.report(
            'MSH0104',
            ap,
            `spec.rules[${i}].to[${j}].operation.${field}[${k}]`,
            `"${m}" is not an HTTP method${hint}; this condition never matches.`,
          );
        });
      }
    });
  });
}

/** Security and telemetry policies: selectors that match nothing; authorization references and methods. */
export const policyAnalyzer: Analyzer = {
  name: 'policy',
  codes: ['IST0101', 'IST0127', 'MSH0104', 'MSH0105'],
  run(ctx) {
    if (ctx.knowsWorkloads())
      for (const kind of SELECTING_KINDS)
        for (const o of ctx.index.all(kind)) checkSelector(ctx, o);
    for (const ap of ctx.index.all<AuthorizationPolicy>('AuthorizationPolicy'))
      checkPolicy(ctx, ap);
  },
};
