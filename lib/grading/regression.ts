/** Ridge regression on standardised features: few features, shrunk weights, fit in closed form. */

export interface LinearModel {
  /** Per feature: mean and standard deviation used to standardise it. */
  mean: number[];
  scale: number[];
  /** Weights of the standardised features. */
  coefficients: number[];
  intercept: number;
}

export function predictLinear(model: LinearModel, x: number[]): number {
  return x.reduce((sum, v, j) => sum + (model.coefficients[j] * (v - model.mean[j])) / model.scale[j], model.intercept);
}

/** Minimises squared error + lambda·|w|² over standardised features (the intercept is not shrunk). */
export function fitRidge(rows: number[][], targets: number[], lambda: number): LinearModel {
  const n = rows.length;
  const d = rows[0].length;
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[j], 0) / n);
  const scale = Array.from(
    { length: d },
    (_, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / n) || 1,
  );
  const z = rows.map((r) => r.map((v, j) => (v - mean[j]) / scale[j]));
  const intercept = targets.reduce((s, v) => s + v, 0) / n;
  const gram = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => z.reduce((s, r) => s + r[i] * r[j], 0) + (i === j ? lambda : 0)),
  );
  const moment = Array.from({ length: d }, (_, i) => z.reduce((s, r, k) => s + r[i] * (targets[k] - intercept), 0));
  return { mean, scale, coefficients: solveLinearSystem(gram, moment), intercept };
}

/** Gaussian elimination with partial pivoting; the ridge term keeps the system well conditioned. */
function solveLinearSystem(matrix: number[][], rhs: number[]): number[] {
  const n = rhs.length;
  const m = matrix.map((row, i) => [...row, rhs[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = m[r][col] / m[col][col];
      for (let k = col; k <= n; k++) m[r][k] -= factor * m[col][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

/**
 * Leave-one-group-out predictions: the items of each group (a question) are predicted by a model fitted
 * on the other groups only, which is how the grader meets questions it has never seen.
 */
export function leaveGroupOutPredictions<T>(
  items: T[],
  groupOf: (item: T) => string,
  fit: (train: T[]) => (item: T) => number,
): number[] {
  const predictions = new Array<number>(items.length);
  for (const group of new Set(items.map(groupOf))) {
    const predict = fit(items.filter((item) => groupOf(item) !== group));
    items.forEach((item, i) => {
      if (groupOf(item) === group) predictions[i] = predict(item);
    });
  }
  return predictions;
}
