/**
 * The page's one request for a WebGPU adapter, made as early as the page likes (ui/app/main.tsx makes it
 * before the app's scripts have loaded) and read by the engine's probe (backends.ts probeAdapter). Asked
 * early, Chromium answers in tens of ms; asked once the page renders, the answer came 0.6–0.8 s later here.
 * No imports: the page's entry loads this before anything else.
 */
let asked: Promise<GPUAdapter | null> | undefined;

export function requestAdapterOnce(): Promise<GPUAdapter | null> {
  if (!asked) {
    asked = navigator.gpu.requestAdapter();
    // Read by whoever asks; a refusal is theirs to handle, not an unhandled rejection here.
    asked.catch(() => undefined);
  }
  return asked;
}
