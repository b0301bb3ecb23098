import { requestAdapterOnce } from "../../engine/adapterRequest";

// The page's entry starts what the first tfjs picture waits for before the app's own scripts have loaded:
// the WebGPU adapter (auto mode's first choice depends on it), then the engine and its backend, loaded while
// the app's scripts load. The app renders once the engine has answered its first problem (mount.tsx), so
// that its first picture is the engine's. Rendering the reference first and computing after cost a second
// render and a second frame, 0.3–0.5 s here, and the render held up the engine's start.
if (typeof navigator !== "undefined" && "gpu" in navigator && navigator.gpu) requestAdapterOnce();
// prestart reports no failure (the app's engines report theirs); a chunk that did not load is the app's to retry.
const engineStarted = import("../../engine/prestart")
  .then(({ prestart }) => prestart())
  .catch(() => undefined);
void import("./mount").then(({ mount }) => mount(engineStarted));
