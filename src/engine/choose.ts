import type { AttentionProblem } from "../core/problem";
import type { AdapterInfo } from "./backends";
import { isBackendName, type BackendName } from "./names";
import { readLocal, writeLocal } from "./storage";

/**
 * A backend's measured cost. Three sizes are measured once per device, because the fastest backend depends
 * on the size: dispatch overhead rules small problems, arithmetic throughput and memory large ones, and a
 * software WebGPU adapter is slow at both. A time is predicted from the samples (predictMs); fixedMs and
 * msPerWork are their least-squares line, a summary for people (and the rule where there are no samples).
 */
export interface CostModel {
  readonly name: BackendName;
  readonly fixedMs: number;
  readonly msPerWork: number;
  /** Measured (work, ms) pairs; predictions follow them. */
  readonly samples: readonly { readonly work: number; readonly ms: number }[];
  /**
   * What starting the backend cost once (loading, initialising, the first run's shader compiles), ms:
   * paid by the first problem a page runs on it, so it counts while the backend is not started.
   */
  readonly startMs?: number;
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

/**
 * A backend's predicted time for this much work: along the straight segments between its samples, and past
 * the smallest or largest along the nearest segment (never downhill, never below 0). A line through 16 and
 * 256 tokens was extrapolated 250-fold to 4,096: in one cold load a slow 256-token sample of wasm made WebGL
 * look faster there, where it was 4× slower. Models without two distinct sizes use the line.
 */
export function predictMs(model: CostModel, work: number): number {
  const points = distinctWorks(model.samples);
  if (points.length < 2) return model.fixedMs + model.msPerWork * work;
  let i = 1;
  while (i < points.length - 1 && (points[i] as Sample).work < work) i++;
  const a = points[i - 1] as Sample;
  const b = points[i] as Sample;
  // A larger size measured faster is noise: that stretch is flat at the mean, as fitCost's line would be.
  if (b.ms < a.ms) return (a.ms + b.ms) / 2;
  return Math.max(0, a.ms + ((b.ms - a.ms) / (b.work - a.work)) * (work - a.work));
}

type Sample = CostModel["samples"][number];

/** Samples by work, those of the same work averaged. */
function distinctWorks(samples: readonly Sample[]): Sample[] {
  const sorted = [...samples].sort((a, b) => a.work - b.work);
  const out: { work: number; ms: number; count: number }[] = [];
  for (const { work, ms } of sorted) {
    const last = out[out.length - 1];
    if (last && last.work === work) {
      last.ms = (last.ms * last.count + ms) / (last.count + 1);
      last.count++;
    } else out.push({ work, ms, count: 1 });
  }
  return out.map(({ work, ms }) => ({ work, ms }));
}

/** The backend predicted fastest for this much work; ties go to the earlier model. */
export function pickBackend(models: readonly CostModel[], work: number): BackendName | undefined {
  let best: CostModel | undefined;
  for (const model of models) if (!best || predictMs(model, work) < predictMs(best, work)) best = model;
  return best?.name;
}

/**
 * The order to try backends in before anything is measured: the likely-fastest first, so that the first
 * answer never waits for a slow one. A hardware WebGPU adapter is the fast path; a software (fallback)
 * one, or none, puts wasm first and WebGPU last. This only orders the first try: once measured, backends
 * are chosen by what they measured (pickBackend), whatever their names.
 */
export function firstTryOrder(adapter: AdapterInfo | undefined): BackendName[] {
  if (adapter && !adapter.isFallbackAdapter) return ["webgpu", "wasm", "webgl", "cpu"];
  return ["wasm", "webgl", "cpu", "webgpu"];
}

/**
 * Backends to try for a problem of this much work, best first: those with a cost model by predicted time
 * (plus the start cost of those not `started` yet), then the rest in `fallbackOrder`.
 */
export function rankBackends(
  models: readonly CostModel[],
  work: number,
  fallbackOrder: readonly BackendName[],
  started: ReadonlySet<BackendName> = new Set(),
): BackendName[] {
  const cost = (m: CostModel) => predictMs(m, work) + (started.has(m.name) ? 0 : (m.startMs ?? 0));
  const ranked = [...models].sort((a, b) => cost(a) - cost(b)).map((m) => m.name);
  return [...ranked, ...fallbackOrder.filter((b) => !ranked.includes(b))];
}

/**
 * What a calibration is valid for: the browser (user agent) and the WebGPU adapter behind it. A new
 * browser version, another GPU or another driver is another key, and is measured afresh.
 */
export function deviceKey(userAgent: string, adapter: AdapterInfo | undefined): string {
  const gpu = adapter
    ? [adapter.vendor, adapter.architecture, adapter.device, adapter.description, adapter.isFallbackAdapter]
        .map(String)
        .join("/")
    : "none";
  return `${userAgent} | webgpu: ${gpu}`;
}

/** Calibrations by device key, as stored. */
export type SavedCalibrations = Readonly<Record<string, readonly CostModel[]>>;

/** Where calibrations are kept (version in the key: a change of cost model makes old ones unread). */
export const CALIBRATION_KEY = "attention-playground:calibration:v2";
/** At most this many devices are remembered (one browser rarely sees more than one or two). */
const MAX_DEVICES = 8;

const finiteAtLeastZero = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x) && x >= 0;

/** Reads stored calibrations; anything malformed (hand-edited, another version) is dropped, never trusted. */
export function maybeCalibrations(text: string | undefined): SavedCalibrations {
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return {};
  const out: Record<string, CostModel[]> = {};
  for (const [device, models] of Object.entries(parsed as Record<string, unknown>)) {
    if (!Array.isArray(models)) continue;
    const valid: CostModel[] = [];
    for (const m of models as unknown[]) {
      const { name, fixedMs, msPerWork, samples, startMs } = (m ?? {}) as Partial<
        Record<keyof CostModel, unknown>
      >;
      if (!isBackendName(name) || !finiteAtLeastZero(fixedMs) || !finiteAtLeastZero(msPerWork)) continue;
      if (valid.some((v) => v.name === name)) continue;
      const kept = Array.isArray(samples)
        ? (samples as unknown[]).filter(
            (s): s is { work: number; ms: number } =>
              finiteAtLeastZero((s as { work?: unknown })?.work) &&
              finiteAtLeastZero((s as { ms?: unknown })?.ms),
          )
        : [];
      valid.push({
        name,
        fixedMs,
        msPerWork,
        samples: kept.map(({ work, ms }) => ({ work, ms })),
        ...(finiteAtLeastZero(startMs) ? { startMs } : {}),
      });
    }
    if (valid.length > 0) out[device] = valid;
  }
  return out;
}

export function readCalibrations(): SavedCalibrations {
  return maybeCalibrations(readLocal(CALIBRATION_KEY));
}

/** Remembers one device's calibration (the newest last; the oldest devices are forgotten past MAX_DEVICES). */
export function saveCalibration(device: string, models: readonly CostModel[]): boolean {
  const saved = { ...readCalibrations() };
  delete saved[device];
  const entries = [...Object.entries(saved), [device, models] as const].slice(-MAX_DEVICES);
  return writeLocal(CALIBRATION_KEY, JSON.stringify(Object.fromEntries(entries)));
}
