import type { AttentionProblem } from "../core/problem";
import type { BackendName } from "./backends";

/**
 * A backend's measured cost: time ≈ fixedMs + msPerWork · work. Two sizes are measured once per page,
 * because the fastest backend depends on the size: dispatch overhead rules small problems, arithmetic
 * throughput large ones, and a software WebGPU adapter is slow at both.
 */
export interface CostModel {
  readonly name: BackendName;
  readonly fixedMs: number;
  readonly msPerWork: number;
  readonly samples: readonly { readonly work: number; readonly ms: number }[];
}

/**
 * Floating-point operations of a problem on a tfjs backend, roughly: the matrix products plus the per-score
 * elementwise work. The cost model's x axis (core's problemWork counts only multiply-adds, for the explorer).
 */
export function problemFlops(p: AttentionProblem): number {
  const { heads: h, queries: n, keys: m, dK, dV } = p;
  let work = 2 * h * n * m * (dK + dV) + 12 * h * n * m;
  if (p.embedded) work += 2 * p.embedded.x.cols * (n * h * dK + m * h * (dK + dV));
  if (p.additive) work += 4 * h * n * m * (p.additive[0]?.wq.cols ?? 0);
  if (p.general) work += 2 * h * n * dK * dK;
  if (p.wo) work += 2 * n * h * dV * p.wo.cols;
  return work;
}

/** Least-squares line through the samples, with neither coefficient below zero. */
export function fitCost(name: BackendName, samples: readonly { work: number; ms: number }[]): CostModel {
  const count = samples.length;
  const meanW = samples.reduce((s, x) => s + x.work, 0) / count;
  const meanT = samples.reduce((s, x) => s + x.ms, 0) / count;
  let cov = 0;
  let varW = 0;
  for (const { work, ms } of samples) {
    cov += (work - meanW) * (ms - meanT);
    varW += (work - meanW) ** 2;
  }
  const msPerWork = varW > 0 ? Math.max(0, cov / varW) : 0;
  const fixedMs = Math.max(0, meanT - msPerWork * meanW);
  return { name, fixedMs, msPerWork, samples };
}

export function predictMs(model: CostModel, work: number): number {
  return model.fixedMs + model.msPerWork * work;
}

/** The backend predicted fastest for this much work; ties go to the earlier model. */
export function pickBackend(models: readonly CostModel[], work: number): BackendName | undefined {
  let best: CostModel | undefined;
  for (const model of models) if (!best || predictMs(model, work) < predictMs(best, work)) best = model;
  return best?.name;
}
