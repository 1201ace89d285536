import {
  LARGE_GRAPH_NODES,
  LARGE_GRAPH_REFRESH_MS,
  TOPOLOGY_REFRESH_MS,
  topologyRefreshMs,
} from './topologyQuery';

const graphOf = (n: number) => ({
  nodes: Array.from({ length: n }, () => ({})),
});

describe('topologyRefreshMs', () => {
  it('refreshes small graphs every 2 s, before the first one too', () => {
    expect(topologyRefreshMs(undefined)).toBe(TOPOLOGY_REFRESH_MS);
    expect(topologyRefreshMs(graphOf(LARGE_GRAPH_NODES))).toBe(2_000);
  });

  it('refreshes graphs past the large size every 10 s', () => {
    expect(topologyRefreshMs(graphOf(LARGE_GRAPH_NODES + 1))).toBe(
      LARGE_GRAPH_REFRESH_MS,
    );
    expect(LARGE_GRAPH_REFRESH_MS).toBe(10_000);
  });
});
