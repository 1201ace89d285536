import {
  GraphFilterError,
  isGraphFilterError,
  MeshGraph,
  parseGraphFilter,
} from '@meshport/plugin-mesh-common';

export interface GraphFilterResult {
  hiddenNodes: Set<string>;
  hiddenEdges: Set<string>;
  /** Absent when Find is empty or does not parse: then nothing is dimmed. */
  foundNodes?: Set<string>;
  foundEdges?: Set<string>;
  findError?: GraphFilterError;
  hideError?: GraphFilterError;
}

/**
 * The Topology toolbar's Find and Hide boxes applied to a graph. Hide removes what matches (and,
 * in the renderer, every edge of a removed node); Find marks what matches among what is left. A
 * box whose text does not parse changes nothing, and its error is shown under it.
 */
export function applyGraphFilters(
  graph: MeshGraph,
  findText: string,
  hideText: string,
): GraphFilterResult {
  const nodes = new Map(graph.nodes.map(n => [n.id, n]));
  const result: GraphFilterResult = {
    hiddenNodes: new Set(),
    hiddenEdges: new Set(),
  };

  if (hideText.trim()) {
    const hide = parseGraphFilter(hideText);
    if (isGraphFilterError(hide)) result.hideError = hide;
    else {
      for (const n of graph.nodes)
        if (hide.matchesNode(n)) result.hiddenNodes.add(n.id);
      for (const e of graph.edges) {
        const s = nodes.get(e.source);
        const t = nodes.get(e.target);
        if (
          !s ||
          !t ||
          result.hiddenNodes.has(s.id) ||
          result.hiddenNodes.has(t.id) ||
          hide.matchesEdge(e, s, t)
        )
          result.hiddenEdges.add(e.id);
      }
    }
  }

  if (findText.trim()) {
    const find = parseGraphFilter(findText);
    if (isGraphFilterError(find)) result.findError = find;
    else {
      result.foundNodes = new Set();
      result.foundEdges = new Set();
      for (const n of graph.nodes)
        if (!result.hiddenNodes.has(n.id) && find.matchesNode(n))
          result.foundNodes.add(n.id);
      for (const e of graph.edges) {
        const s = nodes.get(e.source);
        const t = nodes.get(e.target);
        if (
          s &&
          t &&
          !result.hiddenEdges.has(e.id) &&
          find.matchesEdge(e, s, t)
        )
          result.foundEdges.add(e.id);
      }
    }
  }
  return result;
}
