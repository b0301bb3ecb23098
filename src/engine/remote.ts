import { AttentionInputError } from "../core/errors";
import { resolveMask } from "../core/mask";
import { english, message } from "../core/messages";
import { maybeEmbedTokens } from "../core/problem";
import type { AttentionSpec, AttentionTrace } from "../core/types";
import {
  createEngine,
  type AttentionEngine,
  type BackendReport,
  type EngineOptions,
  type EngineResult,
} from "./engine";
import { readCalibrations, saveCalibration } from "./choose";
import { traceBuffers, transferables, type TraceBuffers } from "./pool";
import { createSpecSender } from "./wire";
import type { SerializedError, WorkerRequest } from "./worker";

/**
 * An AttentionEngine that computes in a Web Worker, so that the page stays responsive however long a
 * computation takes (wasm and cpu compute synchronously; 60 ms at n = 512 is a visible stall).
 * Same interface and results as createEngine; where workers are missing or fail to start, it computes
 * in the page instead.
 */
export function createWorkerEngine(requestedOptions: EngineOptions = {}): AttentionEngine {
  // A worker has no localStorage: the page reads the remembered calibrations for it, and saves the
  // worker's own once it has measured (below).
  const options: EngineOptions = { calibrations: readCalibrations(), ...requestedOptions };
  let saved = false;
  let askedCalibrated = false;
  let fallback: AttentionEngine | undefined;
  let worker: Worker | undefined;
  try {
    worker = new Worker(new URL("./worker.ts", import.meta.url), {
      type: "module",
      name: "attention-engine",
    });
  } catch {
    fallback = createEngine(options);
  }
  let report: BackendReport = {
    mode: options.backend && options.backend !== "auto" ? "requested" : "auto",
    attempts: [],
    lost: [],
    costs: [],
  };
  let next = 0;
  const pending = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();

  const failAll = (reason: string) => {
    // A worker that died cannot answer: what was asked of it is asked of the page instead.
    worker?.terminate();
    worker = undefined;
    fallback ??= createEngine(options);
    for (const [, p] of pending) p.reject(new Error(reason));
    pending.clear();
  };
  if (worker) {
    worker.onmessage = (
      event: MessageEvent<{
        id: number;
        ok: boolean;
        result?: unknown;
        error?: SerializedError;
        report: BackendReport;
      }>,
    ) => {
      const { id, ok, result, error, report: latest } = event.data;
      report = latest;
      if (!saved && latest.calibration === "measured" && latest.device && latest.costs.length > 0) {
        saved = saveCalibration(latest.device, latest.costs);
      }
      const p = pending.get(id);
      pending.delete(id);
      if (!p) return;
      if (ok) p.resolve(result as never);
      else if (error?.details) {
        const said = error.key ? { key: error.key, params: error.params ?? {} } : undefined;
        p.reject(new AttentionInputError(error.message, error.details, said));
      } else p.reject(new Error(error?.message));
    };
    worker.onerror = (event) =>
      failAll(english(message("engine.workerFailed", { message: String(event.message) })));
  }

  /** Large matrices the worker has from the last spec go as their number (wire.ts). */
  let pack = createSpecSender();
  function ask<T>(
    request: { type: "compute"; spec: AttentionSpec } | { type: "ready" } | { type: "calibrated" },
  ): Promise<T> {
    const id = next++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: never) => void, reject });
      try {
        const sent = request.type === "compute" ? { ...request, spec: pack(request.spec) } : request;
        worker?.postMessage({ ...sent, id, options } satisfies WorkerRequest);
      } catch (error) {
        // Not sent (a spec that cannot be cloned): the worker still has the matrices of the message
        // before, which the next spec must not refer to. It sends every matrix whole.
        pack = createSpecSender();
        pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  async function compute(spec: AttentionSpec): Promise<EngineResult> {
    if (!worker) return (fallback as AttentionEngine).compute(spec);
    try {
      const sent = await ask<EngineResult>({ type: "compute", spec });
      const { trace } = sent;
      const mask = resolveMask(spec.mask ?? undefined, trace.queries, trace.keys);
      if (!mask.ok) throw mask.error;
      // The worker sends neither the mask nor the embeddings of tokens (worker.ts): the same ones made here.
      const embedded = spec.source.kind === "tokens" ? maybeEmbedTokens(spec.source) : undefined;
      if (embedded && !embedded.ok) throw embedded.error;
      const result = { ...sent, trace: { ...trace, mask: mask.value.mask, ...embedded?.value } };
      // The worker measures the backends in the background after its first answer, but speaks only when
      // asked: ask once for the end of that measurement, whose report the page then saves (above).
      if (!askedCalibrated && report.mode === "auto" && report.calibration !== "stored") {
        askedCalibrated = true;
        void ask<BackendReport>({ type: "calibrated" }).catch(() => undefined);
      }
      return result;
    } catch (error) {
      if (error instanceof AttentionInputError || worker) throw error;
      return (fallback as AttentionEngine).compute(spec);
    }
  }

  async function ready(): Promise<BackendReport> {
    if (!worker) return (fallback as AttentionEngine).ready();
    return ask<BackendReport>({ type: "ready" });
  }

  async function calibrated(): Promise<BackendReport> {
    if (!worker) return (fallback as AttentionEngine).calibrated();
    return ask<BackendReport>({ type: "calibrated" });
  }

  /** The trace's float32 buffers go back to the worker (moved, not copied): the page's arrays are emptied. */
  function recycle(trace: AttentionTrace | TraceBuffers): void {
    if (!worker) return (fallback as AttentionEngine).recycle(trace);
    const buffers = traceBuffers(trace);
    worker.postMessage({ type: "recycle", id: next++, buffers, options } satisfies WorkerRequest, {
      transfer: transferables(buffers),
    });
  }

  return {
    compute,
    ready,
    calibrated,
    recycle,
    report: () => (worker ? report : (fallback as AttentionEngine).report()),
  };
}
