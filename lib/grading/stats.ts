/** Agreement figures between predicted and human scores. */

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export function pearson(a: number[], b: number[]): number {
  const meanA = mean(a);
  const meanB = mean(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] - meanA) * (b[i] - meanB);
    aa += (a[i] - meanA) ** 2;
    bb += (b[i] - meanB) ** 2;
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

/** Ranks from 1, ties sharing their average rank. */
function ranks(values: number[]): number[] {
  const order = values.map((_, i) => i).sort((x, y) => values[x] - values[y]);
  const result = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    for (let k = start; k <= end; k++) result[order[k]] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return result;
}

export function spearman(a: number[], b: number[]): number {
  return pearson(ranks(a), ranks(b));
}

export function rmse(a: number[], b: number[]): number {
  return Math.sqrt(mean(a.map((v, i) => (v - b[i]) ** 2)));
}

export interface Agreement {
  pearson: number;
  spearman: number;
  rmse: number;
  n: number;
}

export function agreement(predicted: number[], gold: number[]): Agreement {
  return { pearson: pearson(predicted, gold), spearman: spearman(predicted, gold), rmse: rmse(predicted, gold), n: gold.length };
}
