import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { buildSpec } from "../../explorer/spec";
import { App, arrive } from "./App";
import { computeFirst } from "./useTrace";

/** How long the page waits, once its scripts are in, for the engine's first answer before it renders. */
const ENGINE_WAIT_MS = 400;

/**
 * Renders the explorer into #root (index.html), once the page's engine has answered its first problem
 * (`engineStarted`: main.tsx starts the engine while the page's scripts load) or ENGINE_WAIT_MS have
 * passed, so that the first picture is the engine's, in one render.
 */
export async function mount(engineStarted: Promise<void>): Promise<void> {
  const start = arrive();
  const state = start.history.present;
  const built = buildSpec(state);
  const spec = built.errors.length === 0 ? built.spec : undefined;
  await computeFirst(spec, state.backend, engineStarted, ENGINE_WAIT_MS);
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App start={start} />
    </StrictMode>,
  );
}
