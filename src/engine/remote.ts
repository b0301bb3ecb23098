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

type Answer = { id: number; ok: boolean; result?: unknown; error?: SerializedError; report: BackendReport };

/** A request sent, waiting for its answer: the answer's report goes to the engine that asked. */
interface Asked {
  readonly resolve: (value: never) => void;
  readonly reject: (error: Error) => void;
  readonly report: (report: BackendReport) => void;
}

/**
 * The worker that a page's worker engines share, with the requests it has yet to answer (numbered across
 * engines). One worker loads TensorFlow.js and its wasm once: a post with widgets of three `backend` values
 * started three workers, each loading both. No worker where workers are missing or fail to start.
 */
interface Channel {
  worker?: Worker;
  readonly pending: Map<number, Asked>;
  next: number;
}

let shared: Channel | undefined;
/** Engines are numbered across channels: the worker keeps one engine of its own for each number. */
let engines = 0;

function openChannel(): Channel {
  if (shared) return shared;
  const channel: Channel = { pending: new Map(), next: 0 };
  shared = channel;
  try {
    channel.worker = new Worker(new URL("./worker.ts", import.meta.url), {
      type: "module",
      name: "attention-engine",
    });
  } catch {
    return channel;
  }
  channel.worker.onmessage = (event: MessageEvent<Answer>) => {
    const { id, ok, result, error, report } = event.data;
    const asked = channel.pending.get(id);
    channel.pending.delete(id);
    if (!asked) return;
    asked.report(report);
    if (ok) asked.resolve(result as never);
    else if (error?.details) {
      const said = error.key ? { key: error.key, params: error.params ?? {} } : undefined;
      asked.reject(new AttentionInputError(error.message, error.details, said));
    } else asked.reject(new Error(error?.message));
  };
  channel.worker.onerror = (event) => {
    // A worker that died cannot answer: what was asked of it is asked of the page instead (each engine's
    // fallback), and engines made after this get a new worker.
    channel.worker?.terminate();
    channel.worker = undefined;
    if (shared === channel) shared = undefined;
    const reason = english(message("engine.workerFailed", { message: String(event.message) }));
    for (const [, asked] of channel.pending) asked.reject(new Error(reason));
    channel.pending.clear();
  };
  return channel;
}

/**
 * An AttentionEngine that computes in a Web Worker, so that the page stays responsive however long a
 * computation takes (wasm and cpu compute synchronously; 60 ms at n = 512 is a visible stall). The page's
 * worker engines share one worker, each with an engine of its own there.
 * Same interface and results as createEngine; where workers are missing or fail to start, it computes
 * in the page instead.
 */
export function createWorkerEngine(requestedOptions: EngineOptions = {}): AttentionEngine {
  // A worker has no localStorage: the page reads the remembered calibrations for it, and saves the
  // worker's own once it has measured (below).
  const options: EngineOptions = { calibrations: readCalibrations(), ...requestedOptions };
  const number = engines++;
  const channel = openChannel();
  let saved = false;
  let askedCalibrated = false;
  let fallback: AttentionEngine | undefined;
  /** The page's own engine, where the worker is missing or has died. */
  const inPage = () => (channel.worker ? undefined : (fallback ??= createEngine(options)));
  let report: BackendReport = {
    mode: options.backend && options.backend !== "auto" ? "requested" : "auto",
    attempts: [],
    lost: [],
    costs: [],
  };
  const take = (latest: BackendReport) => {
    report = latest;
    if (!saved && latest.calibration === "measured" && latest.device && latest.costs.length > 0) {
      saved = saveCalibration(latest.device, latest.costs);
    }
  };

  /** Large matrices the worker has from the last spec go as their number (wire.ts). */
  let pack = createSpecSender();
  function ask<T>(
    request: { type: "compute"; spec: AttentionSpec } | { type: "ready" } | { type: "calibrated" },
  ): Promise<T> {
    const id = channel.next++;
    return new Promise<T>((resolve, reject) => {
      channel.pending.set(id, { resolve: resolve as (value: never) => void, reject, report: take });
      try {
        const sent = request.type === "compute" ? { ...request, spec: pack(request.spec) } : request;
        channel.worker?.postMessage({ ...sent, id, engine: number, options } satisfies WorkerRequest);
      } catch (error) {
        // Not sent (a spec that cannot be cloned): the worker still has the matrices of the message
        // before, which the next spec must not refer to. It sends every matrix whole.
        pack = createSpecSender();
        channel.pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  async function compute(spec: AttentionSpec): Promise<EngineResult> {
    const page = inPage();
    if (page) return page.compute(spec);
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
      const page = error instanceof AttentionInputError ? undefined : inPage();
      if (!page) throw error;
      return page.compute(spec);
    }
  }

  async function ready(): Promise<BackendReport> {
    return inPage()?.ready() ?? ask<BackendReport>({ type: "ready" });
  }

  async function calibrated(): Promise<BackendReport> {
    return inPage()?.calibrated() ?? ask<BackendReport>({ type: "calibrated" });
  }

  /** The trace's float32 buffers go back to the worker (moved, not copied): the page's arrays are emptied. */
  function recycle(trace: AttentionTrace | TraceBuffers): void {
    const page = inPage();
    if (page) return page.recycle(trace);
    const buffers = traceBuffers(trace);
    channel.worker?.postMessage(
      { type: "recycle", id: channel.next++, engine: number, buffers, options } satisfies WorkerRequest,
      { transfer: transferables(buffers) },
    );
  }

  return {
    compute,
    ready,
    calibrated,
    recycle,
    report: () => inPage()?.report() ?? report,
  };
}
