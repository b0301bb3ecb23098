import { storageOf } from "./storage";
import { maybeExplorerState } from "./persist";
import type { ExplorerState } from "./state";

/**
 * Another page (the trained models) opens the explorer on a state of its own. It leaves the state here and
 * links to the explorer, which takes it once: the person's own work is kept one undo step back.
 */
const HANDOFF_KEY = "attention-playground:handoff";

export function handOff(
  state: ExplorerState,
  storage: Pick<Storage, "setItem"> | undefined = storageOf("session"),
): void {
  try {
    storage?.setItem(HANDOFF_KEY, JSON.stringify(state));
  } catch {
    // Storage refused: the explorer opens on the person's own work instead.
  }
}

/** The state handed over, read as strictly as a saved one, and removed so that a reload does not repeat it. */
export function takeHandoff(
  storage: Pick<Storage, "getItem" | "removeItem"> | undefined = storageOf("session"),
): ExplorerState | undefined {
  try {
    const text = storage?.getItem(HANDOFF_KEY);
    if (!text) return undefined;
    storage?.removeItem(HANDOFF_KEY);
    return maybeExplorerState(JSON.parse(text));
  } catch {
    return undefined;
  }
}
