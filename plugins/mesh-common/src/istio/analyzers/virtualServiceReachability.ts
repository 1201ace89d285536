import { HTTPRoute, TCPRoute, VirtualService } from '../model/networking';
import { Analyzer } from './analyzer';
import { httpMatchCovers } from './matchCovers';

/** Whether an HTTP rule takes every request: no match, or a match block with no condition. */
export function isCatchAllHttpRule(rule: HTTPRoute): boolean {
  const matches = rule.match ?? [];
  return (
    matches.length === 0 ||
    matches.some(
      m =>
        Object.keys(m).filter(k => k !== 'name' && k !== 'statPrefix')
          .length === 0,
    )
  );
}

/** How far down an ordered rule list a rule is reached (first match wins). */
export interface RuleReachability {
  /** The rule takes every request: no rule after it is reached. */
  catchAll: boolean;
  /** An earlier catch-all rule: this rule is never reached. */
  afterCatchAll?: number;
  /** Per match block, the first earlier rule with a match that covers it, or -1. */
  coveredBy: number[];
  /** Set when the rule is never reached: the catch-all before it, or the last of the rules that cover all its matches. */
  shadowedBy?: number;
}

/**
 * Reachability of each HTTP rule of a VirtualService, in Envoy's first-match order. Shared by the
 * IST0130/IST0131 analyzer and the Traffic tab, so both say the same about the same rules.
 */
export function httpRuleReachability(http: HTTPRoute[]): RuleReachability[] {
  let catchAll = -1;
  return http.map((rule, i) => {
    if (catchAll >= 0)
      return {
        catchAll: false,
        afterCatchAll: catchAll,
        coveredBy: [],
        shadowedBy: catchAll,
      };
    if (isCatchAllHttpRule(rule)) {
      catchAll = i;
      return { catchAll: true, coveredBy: [] };
    }
    const coveredBy = (rule.match ?? []).map(m =>
      http
        .slice(0, i)
        .findIndex(prev =>
          (prev.match ?? []).some(pm => httpMatchCovers(pm, m)),
        ),
    );
    const all = coveredBy.every(c => c >= 0);
    return {
      catchAll: false,
      coveredBy,
      shadowedBy: all ? Math.max(...coveredBy) : undefined,
    };
  });
}

/** Reachability of TCP rules: only a match-less rule shadows the ones after it. */
export function tcpRuleReachability(tcp: TCPRoute[]): RuleReachability[] {
  let catchAll = -1;
  return tcp.map((rule, i) => {
    if (catchAll >= 0)
      return {
        catchAll: false,
        afterCatchAll: catchAll,
        coveredBy: [],
        shadowedBy: catchAll,
      };
    if (!rule.match || rule.match.length === 0) {
      catchAll = i;
      return { catchAll: true, coveredBy: [] };
    }
    return { catchAll: false, coveredBy: [] };
  });
}

/**
 * Envoy tries a VirtualService's rules in order and takes the first that matches. A rule after a
 * catch-all (no match), or whose matches are all covered by earlier rules, never runs (IST0130);
 * a single covered match in a rule that is otherwise reachable is dead weight (IST0131).
 */
export const virtualServiceReachability: Analyzer = {
  name: 'virtualServiceReachability',
  codes: ['IST0130', 'IST0131'],
  run(ctx) {
    for (const vs of ctx.index.all<VirtualService>('VirtualService')) {
      httpRuleReachability(vs.spec?.http ?? []).forEach((r, i) => {
        if (r.afterCatchAll !== undefined) {
          ctx.report(
            'IST0130',
            vs,
            `spec.http[${i}]`,
            `VirtualService rule ${i} is never used: rule ${r.afterCatchAll} before it matches every request.`,
          );
          return;
        }
        if (r.catchAll) return;
        if (r.shadowedBy !== undefined) {
          ctx.report(
            'IST0130',
            vs,
            `spec.http[${i}]`,
            `VirtualService rule ${i} is never used: its matches are covered by rule(s) ${[...new Set(r.coveredBy)].join(', ')}.`,
          );
          return;
        }
        r.coveredBy.forEach((c, j) => {
          if (c >= 0)
            ctx.report(
              'IST0131',
              vs,
              `spec.http[${i}].match[${j}]`,
              `VirtualService rule ${i} match ${j} is not used: rule ${c} matches the same requests first.`,
            );
        });
      });
      tcpRuleReachability(vs.spec?.tcp ?? []).forEach((r, i) => {
        if (r.afterCatchAll !== undefined)
          ctx.report(
            'IST0130',
            vs,
            `spec.tcp[${i}]`,
            `VirtualService tcp rule ${i} is never used: tcp rule ${r.afterCatchAll} before it matches every connection.`,
          );
      });
    }
  },
};
