import {
  LARGE_GRAPH_NODES,
  LARGE_GRAPH_REFRESH_MS,
  SMALL_GRAPH_NODES,
  SMALL_GRAPH_REFRESH_MS,
  TOPOLOGY_REFRESH_MS,
  topologyRefreshMs,
} from './topologyQuery';

const graphOf = (n: number) => ({
  nodes: Array.from({ length: n }, () => ({})),
});

describe('topologyRefreshMs', () => {
  it('refreshes small graphs every second, before the first one too', () => {
    expect(topologyRefreshMs(undefined)).toBe(SMALL_GRAPH_REFRESH_MS);
    expect(topologyRefreshMs(graphOf(SMALL_GRAPH_NODES))).toBe(1_000);
  });

  it('refreshes mid-sized graphs every 2 s', () => {
    expect(topologyRefreshMs(graphOf(SMALL_GRAPH_NODES + 1))).toBe(
      TOPOLOGY_REFRESH_MS,
    );
    expect(topologyRefreshMs(graphOf(LARGE_GRAPH_NODES))).toBe(2_000);
  });

  it('refreshes graphs past the large size every 10 s', () => {
    expect(topologyRefreshMs(graphOf(LARGE_GRAPH_NODES + 1))).toBe(
      LARGE_GRAPH_REFRESH_MS,
    );
    expect(LARGE_GRAPH_REFRESH_MS).toBe(10_000);
  });
});
