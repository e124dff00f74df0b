/**
 * The link-heterogeneous graph of Section III.A for N BSs, K users and Z targets: communication
 * links (n, k) are nodes of type o_c (index φ(n, k) = n·K + k), sensing links (n, z) nodes of type
 * o_s (index n·Z + z), and the six edge types (34)–(40) are dense 0/1 masks [destination, source]:
 *   o_c ← o_c  BS-CC (same BS, other user, (34))   UE  (same user, other BS, (35))
 *   o_c ← o_s  BS-CS (same BS, (36))
 *   o_s ← o_s  BS-SS (same BS, other target, (38)) TGT (same target, other BS, (39))
 *   o_s ← o_c  BS-SC (same BS, (40))
 * Each node has K + N + Z − 2 neighbours. Relations without edges (BS-SS when Z = 1, BS-CC when
 * K = 1, UE and TGT when N = 1) are left out, and (45)/(48) average over the remaining ones.
 * The homogeneous graph of the Homo GNN baseline has one node type (all N(K + Z) links, the
 * communication ones first) and one edge type, the union of the six.
 */
export type NodeType = "c" | "s" | "all";
export type RelationName = "BS-CC" | "UE" | "BS-CS" | "BS-SS" | "TGT" | "BS-SC" | "ALL";

export interface Relation {
  name: RelationName;
  dst: NodeType;
  src: NodeType;
  /** 0/1 row-major [nodes(dst), nodes(src)] */
  mask: Float32Array;
}

export interface LinkGraph {
  N: number;
  K: number;
  Z: number;
  nodes: Partial<Record<NodeType, number>>;
  relations: Relation[];
}

/** The (n, ·) link of node v in a set of N·M links (M = K or Z). */
const linkOf = (v: number, M: number) => ({ n: Math.floor(v / M), i: v % M });

function relation(name: RelationName, dst: NodeType, src: NodeType, nd: number, md: number, ns: number, ms: number, edge: (a: { n: number; i: number }, b: { n: number; i: number }) => boolean): Relation {
  const mask = new Float32Array(nd * ns);
  for (let v = 0; v < nd; v++) for (let w = 0; w < ns; w++) if (edge(linkOf(v, md), linkOf(w, ms))) mask[v * ns + w] = 1;
  return { name, dst, src, mask };
}

function checkSizes(N: number, K: number, Z: number): void {
  for (const [k, v] of Object.entries({ N, K, Z })) if (!(Number.isInteger(v) && v >= 1)) throw new RangeError(`linkGraph: ${k} must be a positive integer, got ${v}`);
}

export function linkGraph(N: number, K: number, Z: number): LinkGraph {
  checkSizes(N, K, Z);
  const nc = N * K, ns = N * Z;
  const all = [
    relation("BS-CC", "c", "c", nc, K, nc, K, (a, b) => a.n === b.n && a.i !== b.i),
    relation("UE", "c", "c", nc, K, nc, K, (a, b) => a.i === b.i && a.n !== b.n),
    relation("BS-CS", "c", "s", nc, K, ns, Z, (a, b) => a.n === b.n),
    relation("BS-SS", "s", "s", ns, Z, ns, Z, (a, b) => a.n === b.n && a.i !== b.i),
    relation("TGT", "s", "s", ns, Z, ns, Z, (a, b) => a.i === b.i && a.n !== b.n),
    relation("BS-SC", "s", "c", ns, Z, nc, K, (a, b) => a.n === b.n),
  ];
  return { N, K, Z, nodes: { c: nc, s: ns }, relations: all.filter((r) => r.mask.some((x) => x > 0)) };
}

/** One node type, one edge type: the union of linkGraph's edges over all N(K + Z) links. */
export function homogeneousGraph(N: number, K: number, Z: number): LinkGraph {
  const g = linkGraph(N, K, Z);
  const nc = N * K, n = nc + N * Z;
  const mask = new Float32Array(n * n);
  const offset = (t: NodeType) => (t === "c" ? 0 : nc);
  for (const r of g.relations) {
    const nd = g.nodes[r.dst]!, nsrc = g.nodes[r.src]!;
    for (let v = 0; v < nd; v++) for (let w = 0; w < nsrc; w++) if (r.mask[v * nsrc + w]) mask[(v + offset(r.dst)) * n + w + offset(r.src)] = 1;
  }
  return { N, K, Z, nodes: { all: n }, relations: [{ name: "ALL", dst: "all", src: "all", mask }] };
}

/** Neighbour counts of node v of a type, per relation (Section III.A's |N_•(v)|). */
export function neighbourCounts(g: LinkGraph, type: NodeType, v: number): Partial<Record<RelationName, number>> {
  const out: Partial<Record<RelationName, number>> = {};
  for (const r of g.relations) {
    if (r.dst !== type) continue;
    const ns = g.nodes[r.src]!;
    let c = 0;
    for (let w = 0; w < ns; w++) c += r.mask[v * ns + w];
    out[r.name] = c;
  }
  return out;
}
