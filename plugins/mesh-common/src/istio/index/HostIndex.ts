import { hostMatches } from './hostNames';

/**
 * Objects filed under the (resolved) hosts they claim, so a lookup by host costs a map hit plus a
 * scan of the few wildcard claims instead of a scan of every object. Keys are the caller's
 * object keys; values what the caller wants back.
 */
export class HostIndex<T> {
  private readonly exact = new Map<string, Map<string, T>>();
  private readonly wildcard = new Map<
    string,
    { patterns: string[]; value: T }
  >();
  private readonly hostsByKey = new Map<string, string[]>();

  set(key: string, hosts: string[], value: T): void {
    this.delete(key);
    const wild: string[] = [];
    for (const host of hosts) {
      if (host === '*' || host.startsWith('*.')) {
        wild.push(host);
        continue;
      }
      let bucket = this.exact.get(host);
      if (!bucket) this.exact.set(host, (bucket = new Map()));
      bucket.set(key, value);
    }
    if (wild.length > 0) this.wildcard.set(key, { patterns: wild, value });
    this.hostsByKey.set(key, hosts);
  }

  delete(key: string): void {
    const hosts = this.hostsByKey.get(key);
    if (!hosts) return;
    for (const host of hosts) {
      const bucket = this.exact.get(host);
      if (!bucket) continue;
      bucket.delete(key);
      if (bucket.size === 0) this.exact.delete(host);
    }
    this.wildcard.delete(key);
    this.hostsByKey.delete(key);
  }

  /**
   * Every entry whose claimed hosts cover `host`, each with the most specific claim that did:
   * the host itself, or the longest wildcard. A wildcard `host` is answered with the entries
   * whose claims fall inside it too (e.g. `*.ns.svc.cluster.local` finds `a.ns.svc.cluster.local`).
   */
  lookup(host: string): Array<{ key: string; value: T; matchedBy: string }> {
    const isPattern = host === '*' || host.startsWith('*.');
    if (!isPattern && this.wildcard.size === 0) {
      // The common case on a hot path: a concrete host and no wildcard claims.
      const bucket = this.exact.get(host);
      if (!bucket) return [];
      const hits: Array<{ key: string; value: T; matchedBy: string }> = [];
      for (const [key, value] of bucket)
        hits.push({ key, value, matchedBy: host });
      return hits;
    }
    const out = new Map<string, { key: string; value: T; matchedBy: string }>();
    if (isPattern) {
      for (const [h, bucket] of this.exact) {
        if (!hostMatches(host, h)) continue;
        for (const [key, value] of bucket)
          if (!out.has(key)) out.set(key, { key, value, matchedBy: h });
      }
    } else {
      for (const [key, value] of this.exact.get(host) ?? [])
        out.set(key, { key, value, matchedBy: host });
    }
    for (const [key, { patterns, value }] of this.wildcard) {
      if (out.has(key)) continue;
      let best: string | undefined;
      for (const p of patterns) {
        const covers =
          hostMatches(p, host) ||
          (isPattern && hostMatches(host, p.replace(/^\*\./, 'x.')));
        if (covers && (best === undefined || p.length > best.length)) best = p;
      }
      if (best !== undefined) out.set(key, { key, value, matchedBy: best });
    }
    return [...out.values()];
  }
}
