import { edgeLabel, formatMs, formatRatio, formatRps } from './formatRed';

describe('formatRed', () => {
  it('keeps a significant digit of small values and shortens big ones', () => {
    expect(formatRps(0)).toBe('0 rps');
    expect(formatRps(0.004)).toBe('0.004 rps');
    expect(formatRps(3.14159)).toBe('3.14 rps');
    expect(formatRps(12345)).toBe('12k rps');
    expect(formatRatio(0.123)).toBe('12 %');
    expect(formatRatio(0.0123)).toBe('1.2 %');
    expect(formatRatio(0.0002)).toBe('0.02 %');
    expect(formatMs(undefined)).toBe('–');
    expect(formatMs(230.4)).toBe('230 ms');
    expect(formatMs(1500)).toBe('1.5 s');
  });

  it('labels HTTP edges with rate, 5xx share and p95, TCP edges with bytes', () => {
    expect(
      edgeLabel({ protocol: 'http', rps: 2, errorRatio: 0.1, p95: 250 }),
    ).toBe('2 rps · 10 % 5xx · p95 250 ms');
    expect(edgeLabel({ protocol: 'http', rps: 2, errorRatio: 0 })).toBe(
      '2 rps',
    );
    expect(
      edgeLabel({
        protocol: 'tcp',
        rps: 0,
        errorRatio: 0,
        tcpSentBytesPerSecond: 1500,
        tcpReceivedBytesPerSecond: 500,
      }),
    ).toBe('2 kB/s');
  });
});
