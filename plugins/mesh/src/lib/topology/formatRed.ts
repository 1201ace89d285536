/**
 * Numbers of the topology views in words a person reads at a glance. Tiny non-zero values keep a
 * significant digit ("0.004 rps"): a trickle of errors must not round to zero.
 */

function compact(n: number): string {
  if (n === 0) return '0';
  const abs = Math.abs(n);
  if (abs >= 1000)
    return `${Number((n / 1000).toFixed(abs >= 10_000 ? 0 : 1))}k`;
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return String(Number(n.toFixed(1)));
  if (abs >= 0.01) return String(Number(n.toFixed(2)));
  return String(Number(n.toPrecision(1)));
}

export function formatRps(rps: number): string {
  return `${compact(rps)} rps`;
}

/** A 0–1 ratio as a percentage, e.g. `12.3 %`. */
export function formatRatio(ratio: number): string {
  const pct = ratio * 100;
  if (pct === 0) return '0 %';
  if (pct < 0.1) return `${Number(pct.toPrecision(1))} %`;
  return `${Number(pct.toFixed(pct >= 10 ? 0 : 1))} %`;
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms >= 1000)
    return `${Number((ms / 1000).toFixed(ms >= 10_000 ? 0 : 1))} s`;
  return `${Number(ms.toFixed(ms >= 10 ? 0 : 1))} ms`;
}

export function formatBytesPerSecond(bps: number): string {
  if (bps >= 1_000_000) return `${compact(bps / 1_000_000)} MB/s`;
  if (bps >= 1000) return `${compact(bps / 1000)} kB/s`;
  return `${compact(bps)} B/s`;
}

/** The edge label drawn on the canvas: rate, 5xx share and p95 (or bytes for TCP). */
export function edgeLabel(e: {
  protocol: string;
  rps: number;
  errorRatio: number;
  p95?: number;
  tcpSentBytesPerSecond?: number;
  tcpReceivedBytesPerSecond?: number;
}): string {
  if (e.protocol === 'tcp') {
    const bytes =
      (e.tcpSentBytesPerSecond ?? 0) + (e.tcpReceivedBytesPerSecond ?? 0);
    return formatBytesPerSecond(bytes);
  }
  const parts = [formatRps(e.rps)];
  if (e.errorRatio > 0) parts.push(`${formatRatio(e.errorRatio)} 5xx`);
  if (e.p95 !== undefined) parts.push(`p95 ${formatMs(e.p95)}`);
  return parts.join(' · ');
}
