import * as tf from "@tensorflow/tfjs-core";

/** The backends the engine knows, in the order they are tried. */
export const BACKEND_ORDER = ["webgpu", "webgl", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKEND_ORDER)[number];

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === "string" && (BACKEND_ORDER as readonly string[]).includes(value);
}

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
function unavailableReason(name: BackendName): string | undefined {
  if (name === "webgpu" && !(typeof navigator !== "undefined" && "gpu" in navigator && navigator.gpu)) {
    return "this browser has no WebGPU (navigator.gpu is missing)";
  }
  if (name === "webgl" && !isBrowser) return "WebGL needs a browser";
  if (name === "webgl" && typeof document === "undefined" && typeof OffscreenCanvas === "undefined") {
    return "WebGL in a worker needs OffscreenCanvas, which this browser lacks";
  }
  return undefined;
}

async function loadBackendModule(name: BackendName): Promise<void> {
  if (name === "webgpu") await import("@tensorflow/tfjs-backend-webgpu");
  else if (name === "webgl") await import("@tensorflow/tfjs-backend-webgl");
  else if (name === "cpu") await import("@tensorflow/tfjs-backend-cpu");
  else {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    // Threaded wasm hangs in a minified build under cross-origin isolation (ENVIRONMENT.md): never use it.
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    if (isBrowser) {
      const { WASM_URLS } = await import("./wasm-urls");
      wasm.setWasmPaths(WASM_URLS);
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
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

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Loads and initialises one backend and makes it current. Reports failure instead of throwing;
 * every step has a timeout, so a backend that never answers cannot hang the page.
 */
export async function initBackend(name: BackendName, timeoutMs = 10_000): Promise<BackendAttempt> {
  const unavailable = unavailableReason(name);
  if (unavailable) return { name, ok: false, reason: unavailable };
  const start = performance.now();
  try {
    await withTimeout(loadBackendModule(name), timeoutMs, `loading the ${name} backend`);
    // tfjs logs and returns false when a backend's factory fails; capture the logged reason.
    const ok = await withTimeout(tf.setBackend(name), timeoutMs, `initialising the ${name} backend`);
    if (!ok) return { name, ok: false, reason: `tfjs could not initialise ${name}` };
    const adapter = name === "webgpu" ? await webgpuAdapterInfo() : undefined;
    return { name, ok: true, initMs: performance.now() - start, adapter };
  } catch (error) {
    return { name, ok: false, reason: message(error) };
  }
}

/** The GPUDevice behind tfjs's webgpu backend, if that backend exists. */
export function webgpuDevice(): GPUDevice | undefined {
  try {
    const backend = tf.findBackend("webgpu") as unknown as { device?: GPUDevice } | null;
    return backend?.device;
  } catch {
    return undefined;
  }
}

async function webgpuAdapterInfo(): Promise<AdapterInfo | undefined> {
  const device = webgpuDevice() as (GPUDevice & { adapterInfo?: GPUAdapterInfo }) | undefined;
  let info: (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined = device?.adapterInfo;
  let fallback: boolean | undefined = info?.isFallbackAdapter;
  if (!info) {
    const adapter = (await navigator.gpu.requestAdapter()) as
      (GPUAdapter & { isFallbackAdapter?: boolean }) | null;
    info = adapter?.info;
    fallback = info?.isFallbackAdapter ?? adapter?.isFallbackAdapter;
  }
  if (!info) return undefined;
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    // SwiftShader is Chrome's software adapter even where the flag is not reported.
    isFallbackAdapter: fallback ?? info.architecture === "swiftshader",
  };
}

/**
 * Calls `onLost` once if the backend's GPU goes away: the WebGPU device is lost (or destroyed), or the
 * WebGL context is lost. CPU and wasm backends cannot be lost.
 */
export function watchBackendLoss(name: BackendName, onLost: (reason: string) => void): void {
  if (name === "webgpu") {
    void webgpuDevice()?.lost.then((info) =>
      onLost(`the WebGPU device was lost (${info.reason}: ${info.message || "no message"})`),
    );
  } else if (name === "webgl") {
    try {
      const backend = tf.findBackend("webgl") as unknown as {
        gpgpu?: { gl?: WebGL2RenderingContext };
      } | null;
      const canvas = backend?.gpgpu?.gl?.canvas;
      canvas?.addEventListener("webglcontextlost", () => onLost("the WebGL context was lost"), {
        once: true,
      });
    } catch {
      // No canvas to watch: losses still surface as errors during a computation.
    }
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
