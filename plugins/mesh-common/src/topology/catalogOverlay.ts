import { GraphNode, MeshGraph, UnobservedDependency } from './types';

/** A relation the catalog declares between two entities, as full refs (`component:default/reviews`). */
export interface DeclaredRelation {
  fromEntityRef: string;
  toEntityRef: string;
  relation: UnobservedDependency['relation'];
}

/** Entity refs compare without case, as the catalog treats them. */
const keyOf = (ref: string) => ref.toLowerCase();
const pairKey = (caller: string, callee: string) => `${caller}\u0000${callee}`;

/** One declared call: who may call whom, as entity keys. */
interface DeclaredCall {
  declared: DeclaredRelation;
  callers: Set<string>;
  callees: Set<string>;
}

/**
 * Reads the catalog's relations as calls. `dependsOn` A→B: A calls B; `dependencyOf` A→B: B
 * calls A; `consumesApi` A→api: A calls the API's providers (from the `apiProvidedBy` relations
 * given alongside, api→component) or a node mapped to the API itself. `apiProvidedBy` only says
 * who serves an API: it declares no call, so it is never reported as unobserved.
 */
function declaredCalls(declared: DeclaredRelation[]): DeclaredCall[] {
  const providers = new Map<string, Set<string>>();
  for (const d of declared) {
    if (d.relation !== 'apiProvidedBy') continue;
    const api = keyOf(d.fromEntityRef);
    const set = providers.get(api) ?? new Set<string>();
    set.add(keyOf(d.toEntityRef));
    providers.set(api, set);
  }
  const out: DeclaredCall[] = [];
  for (const d of declared) {
    const from = keyOf(d.fromEntityRef);
    const to = keyOf(d.toEntityRef);
    switch (d.relation) {
      case 'dependsOn':
        out.push({
          declared: d,
          callers: new Set([from]),
          callees: new Set([to]),
        });
        break;
      case 'dependencyOf':
        out.push({
          declared: d,
          callers: new Set([to]),
          callees: new Set([from]),
        });
        break;
      case 'consumesApi':
        out.push({
          declared: d,
          callers: new Set([from]),
          callees: new Set([to, ...(providers.get(to) ?? [])]),
        });
        break;
      default:
        break;
    }
  }
  return out;
}

/** The node to point at for a side: the entity's focus node when it has one, else its first. */
function pick(nodes: GraphNode[]): string | undefined {
  return (nodes.find(n => n.focus) ?? nodes[0])?.id;
}

/**
 * Lays the catalog's declared dependencies over an entity graph: an edge between two nodes that
 * map to different entities is `undeclared` when no relation declares that call (traffic the
 * catalog does not know about); a declared call with no edge in the window is listed in
 * `unobserved` (a dependency that may be stale), with the node of each side when it is on the
 * graph. Nodes get their `entityRef`. Edges with an end that maps to no entity are not judged:
 * the overlay cannot know whom they belong to.
 */
export function catalogOverlay(
  graph: MeshGraph,
  o: {
    declared: DeclaredRelation[];
    /** Node id → entity ref. */
    nodeEntityRefs: Map<string, string>;
  },
): MeshGraph {
  const nodes = graph.nodes.map(n => {
    const ref = o.nodeEntityRefs.get(n.id) ?? n.entityRef;
    return ref === undefined ? n : { ...n, entityRef: ref };
  });
  const entityOf = new Map<string, string>();
  for (const n of nodes)
    if (n.entityRef) entityOf.set(n.id, keyOf(n.entityRef));

  const calls = declaredCalls(o.declared);
  const allowed = new Set<string>();
  for (const c of calls)
    for (const caller of c.callers)
      for (const callee of c.callees) allowed.add(pairKey(caller, callee));

  const observed = new Set<string>();
  const edges = graph.edges.map(e => {
    // A graph overlaid before (a refresh) must not keep marks the catalog has since declared.
    const edge = { ...e };
    delete edge.undeclared;
    const s = entityOf.get(e.source);
    const t = entityOf.get(e.target);
    if (s === undefined || t === undefined) return edge;
    observed.add(pairKey(s, t));
    if (s === t || allowed.has(pairKey(s, t))) return edge;
    return { ...edge, undeclared: true };
  });

  const nodesOf = (keys: Set<string>) =>
    nodes.filter(
      n => n.entityRef !== undefined && keys.has(keyOf(n.entityRef)),
    );
  const unobserved: UnobservedDependency[] = [];
  const listed = new Set<string>();
  for (const c of calls) {
    const seen = [...c.callers].some(caller =>
      [...c.callees].some(callee => observed.has(pairKey(caller, callee))),
    );
    if (seen) continue;
    const d = c.declared;
    const id = `${d.relation}\u0000${keyOf(d.fromEntityRef)}\u0000${keyOf(d.toEntityRef)}`;
    if (listed.has(id)) continue;
    listed.add(id);
    const from = pick(nodesOf(new Set([keyOf(d.fromEntityRef)])));
    // A consumed API is served by its providers' nodes.
    const to = pick(
      nodesOf(
        d.relation === 'consumesApi'
          ? c.callees
          : new Set([keyOf(d.toEntityRef)]),
      ),
    );
    unobserved.push({
      ...(from !== undefined ? { from } : {}),
      fromEntityRef: d.fromEntityRef,
      toEntityRef: d.toEntityRef,
      relation: d.relation,
      ...(to !== undefined ? { to } : {}),
    });
  }
  return { ...graph, nodes, edges, unobserved };
}
