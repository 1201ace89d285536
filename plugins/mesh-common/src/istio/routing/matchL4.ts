import { hostMatches } from '../index/hostNames';
import { ipInCidr } from './ipInCidr';
import { L4MatchAttributes, TLSMatchAttributes } from '../model/networking';

export interface L4MatchContext {
  port: number;
  destinationIp?: string;
  sourceLabels: Record<string, string>;
  sourceNamespace: string;
  gateway: string;
  /** For TLS routes: the SNI, lowercased. */
  sni?: string;
}

/** One TCP/TLS match block; null when it matches, else why not. */
export function matchL4(
  m: L4MatchAttributes | TLSMatchAttributes,
  ctx: L4MatchContext,
  vsNamespace: string,
  resolve: (host: string) => string,
): string | null {
  if (m.gateways && m.gateways.length > 0) {
    const gws = m.gateways.map(g =>
      g === 'mesh' || g.includes('/') ? g : `${vsNamespace}/${g}`,
    );
    if (!gws.includes(ctx.gateway))
      return `gateway ${ctx.gateway} is not one of ${gws.join(', ')}`;
  }
  if (m.port !== undefined && m.port !== ctx.port)
    return `port ${ctx.port} is not ${m.port}`;
  if (
    m.sourceNamespace !== undefined &&
    m.sourceNamespace !== ctx.sourceNamespace
  ) {
    return `source namespace "${ctx.sourceNamespace}" is not "${m.sourceNamespace}"`;
  }
  for (const [k, v] of Object.entries(m.sourceLabels ?? {})) {
    if (ctx.sourceLabels[k] !== v)
      return `source label ${k}=${ctx.sourceLabels[k] ?? '(unset)'} is not ${v}`;
  }
  if (m.destinationSubnets && m.destinationSubnets.length > 0) {
    const ip = ctx.destinationIp;
    if (!ip || !m.destinationSubnets.some(c => ipInCidr(ip, c))) {
      return `destination ${ip ?? '(unknown IP)'} is in none of ${m.destinationSubnets.join(', ')}`;
    }
  }
  if ('sniHosts' in m && m.sniHosts) {
    const sni = ctx.sni ?? '';
    if (!m.sniHosts.some(h => hostMatches(resolve(h), sni)))
      return `SNI "${sni}" is not one of ${m.sniHosts.join(', ')}`;
  }
  return null;
}
