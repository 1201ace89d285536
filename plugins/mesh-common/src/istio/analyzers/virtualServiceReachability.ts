import { VirtualService } from '../model/networking';
import { Analyzer } from './analyzer';
import { httpMatchCovers } from './matchCovers';

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
      const http = vs.spec?.http ?? [];
      let catchAll = -1;
      http.forEach((rule, i) => {
        if (catchAll >= 0) {
          ctx.report(
            'IST0130',
            vs,
            `spec.http[${i}]`,
            `VirtualService rule ${i} is never used: rule ${catchAll} before it matches every request.`,
          );
          return;
        }
        const matches = rule.match ?? [];
        if (
          matches.length === 0 ||
          matches.some(
            m =>
              Object.keys(m).filter(k => k !== 'name' && k !== 'statPrefix')
                .length === 0,
          )
        ) {
          catchAll = i;
          return;
        }
        const coveredBy = matches.map(m =>
          http
            .slice(0, i)
            .findIndex(prev =>
              (prev.match ?? []).some(pm => httpMatchCovers(pm, m)),
            ),
        );
        if (coveredBy.every(c => c >= 0)) {
          ctx.report(
            'IST0130',
            vs,
            `spec.http[${i}]`,
            `VirtualService rule ${i} is never used: its matches are covered by rule(s) ${[...new Set(coveredBy)].join(', ')}.`,
          );
          return;
        }
        coveredBy.forEach((c, j) => {
          if (c >= 0)
            ctx.report(
              'IST0131',
              vs,
              `spec.http[${i}].match[${j}]`,
              `VirtualService rule ${i} match ${j} is not used: rule ${c} matches the same requests first.`,
            );
        });
      });
      const tcp = vs.spec?.tcp ?? [];
      const tcpCatchAll = tcp.findIndex(r => !r.match || r.match.length === 0);
      for (let i = tcpCatchAll + 1; tcpCatchAll >= 0 && i < tcp.length; i++) {
        ctx.report(
          'IST0130',
          vs,
          `spec.tcp[${i}]`,
          `VirtualService tcp rule ${i} is never used: tcp rule ${tcpCatchAll} before it matches every connection.`,
        );
      }
    }
  },
};
