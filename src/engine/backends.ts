import * as tf from "@tensorflow/tfjs-core";
import { english, message, type Message, type MessageParam } from "../core/messages";

import { requestAdapterOnce } from "./adapterRequest";
import type { BackendName } from "./names";
import { registerHeapSlice } from "./wasmHeap";

export { BACKEND_ORDER, isBackendName, type BackendName } from "./names";

export interface AdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** A software adapter (SwiftShader, WARP): correct, but slow. */
  readonly isFallbackAdapter: boolean;
}

/** What happened when a backend was tried. */
export interface BackendAttempt {
  readonly name: BackendName;
  readonly ok: boolean;
  /** Why it failed, in words. */
  readonly reason?: string;
  /** The same reason as a message id and parameters (src/core/messages.ts), for a page to translate. */
  readonly why?: MessageParam;
  /** Time to load and initialise it, ms. */
  readonly initMs?: number;
  readonly adapter?: AdapterInfo;
}

/** A page or a worker of one: the backends that need a browser work in both (WebGL through OffscreenCanvas). */
const isBrowser =
  (typeof window !== "undefined" && typeof document !== "undefined") ||
  (typeof self !== "undefined" &&
    typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined");

/** Why a backend cannot exist in this environment at all, before trying it. */
function unavailableReason(name: BackendName): Message | undefined {
  if (name === "webgpu" && !(typeof navigator !== "undefined" && "gpu" in navigator && navigator.gpu)) {
    return message("engine.noWebGPU");
  }
  if (name === "wasm") return wasmUnavailable();
  if (name === "webgl" && !isBrowser) return message("engine.webglNeedsBrowser");
  if (name === "webgl" && typeof document === "undefined" && typeof OffscreenCanvas === "undefined") {
    return message("engine.noOffscreenCanvas");
  }
  return undefined;
}

/** The smallest WebAssembly module: the magic number and version 1. */
const EMPTY_WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/**
 * Why WebAssembly cannot run here, found by compiling an empty module before tfjs tries: under a
 * Content-Security-Policy whose script-src lacks 'wasm-unsafe-eval', tfjs fails with advice to serve the
 * .wasm file, which is not the cause. The browser reports this probe as one CSP violation.
 */
function wasmUnavailable(): Message | undefined {
  if (typeof WebAssembly === "undefined") return message("engine.noWasm", { message: "no WebAssembly" });
  try {
    new WebAssembly.Module(EMPTY_WASM);
    return undefined;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return /Content.Security.Policy|unsafe-eval|CSP/i.test(text)
      ? message("engine.wasmBlocked")
      : message("engine.noWasm", { message: text });
  }
}

/** An error whose text is a message: a timeout of our own, said so that a page can translate it. */
class SaidError extends Error {
  constructor(readonly said: Message) {
    super(english(said));
  }
}

/** Why something failed, as a message where we said it, else the error's own text (tfjs's words). */
export function reasonOf(error: unknown): MessageParam {
  if (error instanceof SaidError) return error.said;
  return error instanceof Error ? error.message : String(error);
}

/** A reason as plain English text. */
export function reasonText(reason: MessageParam): string {
  return typeof reason === "object" ? english(reason) : String(reason);
}

async function loadBackendModule(name: BackendName): Promise<void> {
  if (name === "webgpu") await import("@tensorflow/tfjs-backend-webgpu");
  else if (name === "webgl") await import("@tensorflow/tfjs-backend-webgl");
  else if (name === "cpu") await import("@tensorflow/tfjs-backend-cpu");
  else {
    // Both at once: at a page's start each dynamic import waits its turn behind the page's rendering.
    const [wasm, urls] = await Promise.all([
      import("@tensorflow/tfjs-backend-wasm"),
      isBrowser ? import("./wasm-urls") : undefined,
    ]);
    registerHeapSlice();
    // Threaded wasm hangs in a minified build under cross-origin isolation (ENVIRONMENT.md): never use it.
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    if (urls) wasm.setWasmPaths(urls.WASM_URLS);
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, late: (ms: number) => Message): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new SaidError(late(ms))), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Loads and initialises one backend and makes it current. Reports failure instead of throwing;
 * every step has a timeout, so a backend that never answers cannot hang the page.
 */
export async function initBackend(name: BackendName, timeoutMs = 10_000): Promise<BackendAttempt> {
  const failed = (why: MessageParam): BackendAttempt => ({ name, ok: false, reason: reasonText(why), why });
  const unavailable = unavailableReason(name);
  if (unavailable) return failed(unavailable);
  const start = performance.now();
  try {
    await withTimeout(loadBackendModule(name), timeoutMs, (ms) =>
      message("engine.loadTimeout", { backend: name, ms }),
    );
    // tfjs logs and returns false when a backend's factory fails; capture the logged reason.
    const ok = await withTimeout(tf.setBackend(name), timeoutMs, (ms) =>
      message("engine.initTimeout", { backend: name, ms }),
    );
    if (!ok) return failed(message("engine.initFailed", { backend: name }));
    const adapter = name === "webgpu" ? await webgpuAdapterInfo() : undefined;
    return { name, ok: true, initMs: performance.now() - start, adapter };
  } catch (error) {
    return failed(reasonOf(error));
  }
}

/** Tries at making a backend current before a computation gives up on it. */
export const SWITCH_ATTEMPTS = 3;

/**
 * Attempt number `attempt` (from 0) at making `name` tfjs's current backend, each under a timeout: tfjs has one
 * current backend per page, and another engine may switch it while this one awaits. The caller loops
 * `for (let i = 0; tf.getBackend() !== name; i++) await switchBackend(name, i)` so that the check and the
 * tensors it guards run in the same tick; past SWITCH_ATTEMPTS, or when tfjs cannot make it current, or when
 * setBackend never answers, this throws, so the loop is bounded and the failure reported.
 */
export async function switchBackend(name: BackendName, attempt: number, timeoutMs = 10_000): Promise<void> {
  if (attempt >= SWITCH_ATTEMPTS) {
    throw new SaidError(message("engine.switchFailed", { backend: name, attempts: SWITCH_ATTEMPTS }));
  }
  const ok = await withTimeout(tf.setBackend(name), timeoutMs, (ms) =>
    message("engine.switchTimeout", { backend: name, ms }),
  );
  if (!ok) throw new SaidError(message("engine.initFailed", { backend: name }));
}

/** @internal The GPUDevice behind tfjs's webgpu backend, if that backend exists (not in the package's types). */
export function webgpuDevice(): GPUDevice | undefined {
  try {
    const backend = tf.findBackend("webgpu") as unknown as { device?: GPUDevice } | null;
    return backend?.device;
  } catch {
    return undefined;
  }
}

type AdapterWithInfo = GPUAdapter & { isFallbackAdapter?: boolean };

function describeAdapter(
  info: (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined,
  fallback: boolean | undefined,
): AdapterInfo | undefined {
  if (!info) return undefined;
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    // SwiftShader is Chrome's software adapter even where the flag is not reported.
    isFallbackAdapter: fallback ?? info.isFallbackAdapter ?? info.architecture === "swiftshader",
  };
}

async function webgpuAdapterInfo(): Promise<AdapterInfo | undefined> {
  const device = webgpuDevice() as (GPUDevice & { adapterInfo?: GPUAdapterInfo }) | undefined;
  if (device?.adapterInfo) return describeAdapter(device.adapterInfo, undefined);
  return probeAdapter();
}

/**
 * The WebGPU adapter this browser would give, without starting a device or tfjs's backend: what auto mode
 * needs to know before it decides what to try first. Undefined where there is no WebGPU (or no adapter);
 * a browser that never answers is given 2 s.
 */
export async function probeAdapter(timeoutMs = 2000): Promise<AdapterInfo | undefined> {
  if (unavailableReason("webgpu")) return undefined;
  try {
    const adapter = (await withTimeout(requestAdapterOnce(), timeoutMs, (ms) =>
      message("engine.initTimeout", { backend: "webgpu", ms }),
    )) as AdapterWithInfo | null;
    return describeAdapter(adapter?.info, adapter?.isFallbackAdapter);
  } catch {
    return undefined;
  }
}

/**
 * Calls `onLost` once if the backend's GPU goes away: the WebGPU device is lost (or destroyed), or the
 * WebGL context is lost. CPU and wasm backends cannot be lost.
 */
const LOST_REASONS: Record<string, Message> = {
  destroyed: message("word.destroyed"),
  unknown: message("word.unknown"),
};

/** Why a WebGPU device was lost, in words to translate. */
function deviceLostMessage(info: GPUDeviceLostInfo): Message {
  return message("engine.deviceLost", {
    // "destroyed" or "unknown" (WebGPU's GPUDeviceLostReason), words to translate.
    reason: LOST_REASONS[info.reason] ?? String(info.reason),
    message: info.message || message("word.noMessage"),
  });
}

function webglContext(): WebGL2RenderingContext | undefined {
  try {
    const backend = tf.findBackend("webgl") as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } } | null;
    return backend?.gpgpu?.gl;
  } catch {
    return undefined;
  }
}

export function watchBackendLoss(name: BackendName, onLost: (reason: Message) => void): void {
  if (name === "webgpu") {
    void webgpuDevice()?.lost.then((info) => onLost(deviceLostMessage(info)));
  } else if (name === "webgl") {
    // No canvas to watch: losses still surface as errors during a computation (see lossOf).
    webglContext()?.canvas.addEventListener("webglcontextlost", () => onLost(message("engine.contextLost")), {
      once: true,
    });
  }
}

/**
 * After a computation on `name` failed: whether its GPU is gone, and why. A destroyed WebGPU device makes
 * the next computation fail before its `lost` promise has settled, so that promise is given a moment
 * (`graceMs`) to say so; a WebGL context says at once. CPU and wasm are never lost: undefined.
 */
export async function lossOf(name: BackendName, graceMs = 200): Promise<Message | undefined> {
  if (name === "webgl") return webglContext()?.isContextLost() ? message("engine.contextLost") : undefined;
  const device = name === "webgpu" ? webgpuDevice() : undefined;
  if (!device) return undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), graceMs);
  });
  try {
    return await Promise.race([device.lost.then(deviceLostMessage), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Removes a broken backend so that tfjs never picks it again. Disposing a lost device may throw. */
export function dropBackend(name: BackendName): void {
  try {
    tf.removeBackend(name);
  } catch {
    // The backend is already unusable; nothing more to free.
  }
}
