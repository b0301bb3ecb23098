// The engine in a Web Worker: tfjs's work (wasm and cpu compute synchronously) never blocks the page.
// Messages: {id, engine, type: "compute", spec} or {id, engine, type: "ready" | "calibrated"} in;
// {id, ok, result | error, report} out.
import { AttentionInputError } from "../core/errors";
import type { MessageParams } from "../core/messages";
import { createEngine, type AttentionEngine, type EngineOptions } from "./engine";
import { transferables, type TraceBuffers } from "./pool";
import { createSpecReceiver } from "./wire";

/** `engine`: which of the page's worker engines asks (they share the worker); `options`: that engine's. */
export type WorkerRequest = {
  readonly id: number;
  readonly engine: number;
  readonly options: EngineOptions;
} & (
  | { readonly type: "compute"; readonly spec: unknown }
  | { readonly type: "recycle"; readonly buffers: TraceBuffers }
  | { readonly type: "ready" | "calibrated" }
);

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly details?: ConstructorParameters<typeof AttentionInputError>[1];
  /** An input error's message id and parameters, so that the page can still translate it. */
  readonly key?: string;
  readonly params?: MessageParams;
}

/**
 * The engines of the page's worker engines (remote.ts), by their number: a page shares one worker among
 * them, so that a page with widgets of three `backend` values loads TensorFlow.js and its wasm once. Each
 * has its own buffers, and reads the large matrices of its own last spec as their number (wire.ts).
 */
const engines = new Map<number, { engine: AttentionEngine; unpack: (packed: unknown) => unknown }>();
function engineFor(request: WorkerRequest) {
  let entry = engines.get(request.engine);
  if (!entry) {
    entry = { engine: createEngine(request.options), unpack: createSpecReceiver() };
    engines.set(request.engine, entry);
  }
  return entry;
}

/** The trace's fields that the page remakes from a "tokens" spec (remote.ts). */
const EMBEDDINGS_NOT_SENT = {
  x: undefined,
  xKV: undefined,
  positional: undefined,
  positionalKV: undefined,
} as const;

function serialize(error: unknown): SerializedError {
  if (error instanceof AttentionInputError) {
    const { code, matrix, row, col, expected, key, params } = error;
    return {
      name: error.name,
      message: error.message,
      details: { code, matrix, row, col, expected },
      key,
      params,
    };
  }
  return { name: "Error", message: error instanceof Error ? error.message : String(error) };
}

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  const { engine, unpack } = engineFor(request);
  // Buffers of a trace the page no longer shows, back for the next traces (pool.ts); no answer.
  if (request.type === "recycle") {
    engine.recycle(request.buffers);
    return;
  }
  try {
    if (request.type !== "compute") {
      const report = await (request.type === "ready" ? engine.ready() : engine.calibrated());
      self.postMessage({ id: request.id, ok: true, result: report, report });
      return;
    }
    const spec = unpack(request.spec) as Parameters<AttentionEngine["compute"]>[0];
    const result = await engine.compute(spec);
    // The mask is not sent: the page makes the same one from the spec (remote.ts), once per kind and size,
    // where a copy at every edit is 16 MiB at 4,096 tokens. Nor are the embeddings of tokens, float64 arrays
    // the worker keeps (cached) and so copies: at 512 tokens X and the encoding took 3.3 ms an edit to
    // serialise into new memory; the page embeds the same tokens itself, cached by content too.
    const trace = {
      ...result.trace,
      mask: undefined,
      ...(spec.source.kind === "tokens" ? EMBEDDINGS_NOT_SENT : {}),
    };
    self.postMessage(
      { id: request.id, ok: true, result: { ...result, trace }, report: engine.report() },
      { transfer: transferables(result.trace) },
    );
  } catch (error) {
    self.postMessage({ id: request.id, ok: false, error: serialize(error), report: engine.report() });
  }
};
