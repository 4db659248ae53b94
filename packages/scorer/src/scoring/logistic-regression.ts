/**
 * A small L2-regularised logistic regression, fitted by Newton's method (iteratively reweighted least
 * squares) on standardised features. It is the evaluation baseline the heuristic scorer must match: if a
 * fitted model on the same observable features ranks outcomes better, the heuristic is leaving signal on
 * the table. Not used to score sessions.
 */
import { seededRandom } from '@suture/envelope'

export interface LogisticModel {
  readonly names: readonly string[]
  /** Coefficients on the standardised features (one per name): comparable in size, so explainable. */
  readonly weights: readonly number[]
  readonly intercept: number
  readonly means: readonly number[]
  /** Standard deviations used to standardise; a constant feature gets 0 and never contributes. */
  readonly scales: readonly number[]
}

export interface LogisticOptions {
  /** L2 penalty on the standardised coefficients (not the intercept), as in ridge: λ/2 · ‖w‖². */
  readonly l2?: number
  readonly maxIterations?: number
}

export class LogisticFitError extends Error {
  readonly rows: number
  constructor(message: string, rows: number) {
    super(message)
    this.name = 'LogisticFitError'
    this.rows = rows
  }
}

/** Solves `a x = b` for a small symmetric positive definite `a` (Cholesky); `a` is overwritten. */
function solveSpd(a: number[][], b: number[]): number[] {
  const n = b.length
  for (let j = 0; j < n; j++) {
    const rowJ = a[j] as number[]
    let d = rowJ[j] as number
    for (let k = 0; k < j; k++) d -= (rowJ[k] as number) ** 2
    // The L2 penalty keeps the matrix positive definite; this guards the unpenalised intercept alone.
    const diag = Math.sqrt(Math.max(d, 1e-12))
    rowJ[j] = diag
    for (let i = j + 1; i < n; i++) {
      const rowI = a[i] as number[]
      let s = rowI[j] as number
      for (let k = 0; k < j; k++) s -= (rowI[k] as number) * (rowJ[k] as number)
      rowI[j] = s / diag
    }
  }
  const y = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    let s = b[i] as number
    for (let k = 0; k < i; k++) s -= ((a[i] as number[])[k] as number) * (y[k] as number)
    y[i] = s / ((a[i] as number[])[i] as number)
  }
  const x = new Array<number>(n)
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number
    for (let k = i + 1; k < n; k++) s -= ((a[k] as number[])[i] as number) * (x[k] as number)
    x[i] = s / ((a[i] as number[])[i] as number)
  }
  return x
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))
}

/**
 * Fits `P(outcome) = σ(b + w · standardise(x))`.
 * @example
 * const model = fitLogistic(['minutes'], [[1], [9], [2], [8]], [false, true, false, true])
 * logisticLogit(model, [7]) > 0 // true
 */
export function fitLogistic(
  names: readonly string[],
  rows: readonly (readonly number[])[],
  labels: readonly boolean[],
  options: LogisticOptions = {},
): LogisticModel {
  const n = rows.length
  const p = names.length
  if (n === 0 || labels.length !== n) {
    throw new LogisticFitError(
      `cannot fit a logistic regression on ${n} rows and ${labels.length} labels: pass one label per row`,
      n,
    )
  }
  const l2 = options.l2 ?? 1
  const means = new Array<number>(p).fill(0)
  const scales = new Array<number>(p).fill(0)
  for (const row of rows) for (let j = 0; j < p; j++) means[j] = (means[j] as number) + (row[j] as number) / n
  for (const row of rows) {
    for (let j = 0; j < p; j++)
      scales[j] = (scales[j] as number) + ((row[j] as number) - (means[j] as number)) ** 2 / n
  }
  for (let j = 0; j < p; j++) {
    const sd = Math.sqrt(scales[j] as number)
    scales[j] = sd > 1e-12 ? sd : 0
  }
  // Column 0 is the intercept; a constant feature is all zeros and its coefficient stays 0 under L2.
  // Flat typed arrays: this loop is O(n·p²) per Newton step and runs for every fold of every repeat.
  const width = p + 1
  const x = new Float64Array(n * width)
  for (let i = 0; i < n; i++) {
    const row = rows[i] as readonly number[]
    const offset = i * width
    x[offset] = 1
    for (let j = 0; j < p; j++) {
      const scale = scales[j] as number
      x[offset + 1 + j] = scale === 0 ? 0 : ((row[j] as number) - (means[j] as number)) / scale
    }
  }
  const beta = new Array<number>(width).fill(0)
  const positives = labels.filter(Boolean).length
  beta[0] = Math.log((positives + 0.5) / (n - positives + 0.5))
  const maxIterations = options.maxIterations ?? 50
  const gradient = new Float64Array(width)
  const flatHessian = new Float64Array(width * width)
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    gradient.fill(0)
    flatHessian.fill(0)
    for (let i = 0; i < n; i++) {
      const offset = i * width
      let z = 0
      for (let j = 0; j < width; j++) z += (beta[j] as number) * (x[offset + j] as number)
      const mu = sigmoid(z)
      const residual = (labels[i] ? 1 : 0) - mu
      const w = mu * (1 - mu)
      for (let j = 0; j < width; j++) {
        const xij = x[offset + j] as number
        gradient[j] = (gradient[j] as number) + residual * xij
        const wx = w * xij
        const hj = j * width
        for (let k = 0; k <= j; k++)
          flatHessian[hj + k] = (flatHessian[hj + k] as number) + wx * (x[offset + k] as number)
      }
    }
    for (let j = 1; j < width; j++) {
      gradient[j] = (gradient[j] as number) - l2 * (beta[j] as number)
      flatHessian[j * width + j] = (flatHessian[j * width + j] as number) + l2
    }
    const hessian = Array.from({ length: width }, (_, j) =>
      Array.from({ length: width }, (_, k) => flatHessian[j >= k ? j * width + k : k * width + j] as number),
    )
    const step = solveSpd(hessian, Array.from(gradient))
    let change = 0
    for (let j = 0; j < width; j++) {
      beta[j] = (beta[j] as number) + (step[j] as number)
      change = Math.max(change, Math.abs(step[j] as number))
    }
    if (change < 1e-8) break
  }
  return { names, weights: beta.slice(1), intercept: beta[0] as number, means, scales }
}

/** The model's log-odds for one row of raw (unstandardised) features. */
export function logisticLogit(model: LogisticModel, row: readonly number[]): number {
  let z = model.intercept
  for (let j = 0; j < model.weights.length; j++) {
    const scale = model.scales[j] as number
    if (scale === 0) continue
    z += (model.weights[j] as number) * (((row[j] as number) - (model.means[j] as number)) / scale)
  }
  return z
}

/**
 * Stratified fold of each row (0 … k−1): positives and negatives are each shuffled and dealt round-robin,
 * so every fold has the outcome rate of the whole set.
 */
export function stratifiedFolds(labels: readonly boolean[], k: number, seed = 1): Int32Array {
  const random = seededRandom(seed)
  const fold = new Int32Array(labels.length)
  for (const cls of [true, false]) {
    const members = labels.flatMap((label, i) => (label === cls ? [i] : []))
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[members[i], members[j]] = [members[j] as number, members[i] as number]
    }
    members.forEach((row, position) => {
      fold[row] = position % k
    })
  }
  return fold
}

export interface CrossValidated {
  /** Out-of-fold log-odds: each row scored by the model fitted without its fold. */
  readonly scores: readonly number[]
  readonly folds: Int32Array
  /** The model fitted on every row, for reading its coefficients (not for the out-of-fold AUC). */
  readonly model: LogisticModel
}

/**
 * k-fold cross-validation: fit on k−1 folds, score the held-out fold, for each fold in turn.
 * @example
 * const { scores } = crossValidateLogistic(names, rows, labels, { folds: 10 })
 * rocAuc(scores, labels) // the honest, out-of-fold AUC
 */
export function crossValidateLogistic(
  names: readonly string[],
  rows: readonly (readonly number[])[],
  labels: readonly boolean[],
  options: LogisticOptions & { folds?: number; seed?: number } = {},
): CrossValidated {
  const k = options.folds ?? 10
  const folds = stratifiedFolds(labels, k, options.seed ?? 1)
  const scores = new Array<number>(rows.length).fill(0)
  for (let f = 0; f < k; f++) {
    const trainRows: (readonly number[])[] = []
    const trainLabels: boolean[] = []
    for (let i = 0; i < rows.length; i++) {
      if (folds[i] === f) continue
      trainRows.push(rows[i] as readonly number[])
      trainLabels.push(labels[i] as boolean)
    }
    const model = fitLogistic(names, trainRows, trainLabels, options)
    for (let i = 0; i < rows.length; i++) {
      if (folds[i] === f) scores[i] = logisticLogit(model, rows[i] as readonly number[])
    }
  }
  return { scores, folds, model: fitLogistic(names, rows, labels, options) }
}
