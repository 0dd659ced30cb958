export interface SimilarPair {
  a: string;
  b: string;
  similarity: number;
}

export interface IdCluster {
  ids: string[];
  /** The closest pair's similarity. */
  similarity: number;
}

/** Unordered pair key: dismissals and pairs found from either side meet on it. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/**
 * Groups cards linked by similar pairs (transitively: A~B and B~C put A, B, C together), leaving out
 * pairs the user marked "not duplicates". Closest clusters first; ids sorted within a cluster.
 */
export function clustersFromPairs(pairs: SimilarPair[], dismissed: Set<string> = new Set()): IdCluster[] {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let node = id; node !== root; ) {
      const next = parent.get(node)!;
      parent.set(node, root); // path compression
      node = next;
    }
    return root;
  };
  const kept = pairs.filter((pair) => pair.a !== pair.b && !dismissed.has(pairKey(pair.a, pair.b)));
  for (const { a, b } of kept) {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    parent.set(find(a), find(b));
  }
  const clusters = new Map<string, IdCluster>();
  for (const id of parent.keys()) {
    const root = find(id);
    const cluster = clusters.get(root) ?? { ids: [], similarity: 0 };
    cluster.ids.push(id);
    clusters.set(root, cluster);
  }
  for (const { a, similarity } of kept) {
    const cluster = clusters.get(find(a))!;
    cluster.similarity = Math.max(cluster.similarity, similarity);
  }
  return [...clusters.values()]
    .map((cluster) => ({ ...cluster, ids: cluster.ids.sort() }))
    .sort((x, y) => y.similarity - x.similarity || x.ids[0].localeCompare(y.ids[0]));
}
