/**
 * The page's side of the flow painter (flowPainter.ts): one worker for every flow of the page, which strokes
 * their lines off the page's thread. Without a GPU, rasterising 2,000 lines took 8–14 ms of every edit's
 * main-thread time at 64–128 tokens here; in the worker it runs beside the page's other work.
 */
import type { LineFrame } from "./flowStroke";
import type { PainterEvent, PainterRequest } from "./flowPainter";

let worker: Worker | undefined;
/** The worker said it runs: canvases handed over from now on are painted. Until then flows paint themselves. */
let ready = false;
let failed = false;
let nextId = 0;
/** The newest paint asked of each flow and not yet reported done. */
const pending = new Map<number, number>();
let waiting: (() => void)[] = [];
/**
 * What each flow handed over does if the worker fails: takes a canvas of its own back. Keyed weakly by the
 * canvas handed over: that callback holds its flow (and so the canvas), and a strong map of them kept every
 * flow a page ever removed, with its DOM, and its canvas in the worker, since `released` then never ran.
 */
const onLost = new WeakMap<HTMLCanvasElement, () => void>();
/** The canvases handed over and not yet collected, by id: the ones told when the worker fails. */
const handed = new Map<number, WeakRef<HTMLCanvasElement>>();

const send = (request: PainterRequest, transfer: Transferable[] = []) =>
  worker?.postMessage(request, transfer);

/** Forgets a canvas the page let go of (a flow replaced by one of another shape). */
const released =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry<number>((id) => {
        pending.delete(id);
        handed.delete(id);
        send({ type: "detach", id });
        settle();
      })
    : undefined;

function settle(): void {
  if (pending.size > 0) return;
  const done = waiting;
  waiting = [];
  for (const resolve of done) resolve();
}

/** Starts the worker (once); flows created before it says it runs paint in the page. */
function startFlowPainter(): void {
  if (worker || failed || typeof Worker !== "function" || typeof OffscreenCanvas !== "function") return;
  try {
    worker = new Worker(new URL("./flowPainter.ts", import.meta.url), {
      type: "module",
      name: "flow-painter",
    });
  } catch {
    failed = true;
    return;
  }
  worker.onmessage = (event: MessageEvent<PainterEvent>) => {
    const message = event.data;
    if (message.type === "ready") ready = true;
    else if (pending.get(message.id) === message.seq) {
      pending.delete(message.id);
      settle();
    }
  };
  // A worker that fails (its script not found, a policy that forbids it, a crash) paints nothing more: its
  // flows go back to painting themselves.
  worker.onerror = () => {
    failed = true;
    worker?.terminate();
    pending.clear();
    settle();
    const lost = [...handed.values()].map((ref) => ref.deref());
    handed.clear();
    for (const canvas of lost) if (canvas) onLost.get(canvas)?.();
  };
}

/**
 * Hands `canvas` to the flow painter and returns how to paint it, or undefined where the page must paint it
 * itself: no worker or OffscreenCanvas, or the worker not running (yet). A canvas handed over can no longer
 * be drawn on in the page: if the worker fails, `lost` is called, and the flow paints a new canvas itself.
 */
export function offscreenPainter(
  canvas: HTMLCanvasElement,
  lost: () => void,
): ((frame: LineFrame) => void) | undefined {
  startFlowPainter();
  if (!worker || !ready || failed || typeof canvas.transferControlToOffscreen !== "function")
    return undefined;
  const offscreen = canvas.transferControlToOffscreen();
  const id = ++nextId;
  let seq = 0;
  send({ type: "attach", id, canvas: offscreen }, [offscreen]);
  onLost.set(canvas, lost);
  handed.set(id, new WeakRef(canvas));
  released?.register(canvas, id);
  return (frame) => {
    pending.set(id, ++seq);
    send({ type: "paint", id, seq, frame }, [frame.lines.buffer]);
  };
}

/** Whether a canvas handed over now would be painted by the worker (which is started if it was not). */
export function painterReady(): boolean {
  startFlowPainter();
  return ready && !failed;
}

/** Resolves once the flow painter has drawn the newest frame asked of every flow (at once if none is due). */
export function flowsPainted(): Promise<void> {
  if (pending.size === 0) return Promise.resolve();
  return new Promise((resolve) => waiting.push(resolve));
}
