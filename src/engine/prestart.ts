// Loaded with this module, not after it: auto mode's first backend where WebGPU is missing or software.
import "@tensorflow/tfjs-backend-wasm";
import { createEngine } from "./engine";

/**
 * Starts the backend that auto mode would answer a page's first problem with (engine.ts ready), so that it
 * is loaded by the time the page asks. Backends are the page's, not an engine's: the app's own engines
 * find it started. Resolves when it has started, or failed: a failure is for the app's engines to report
 * when they try it.
 */
export async function prestart(): Promise<void> {
  await createEngine({ calibrateInBackground: false })
    .ready()
    .catch(() => undefined);
}
