/**
 * The first pictures of a page's widgets, drawn one a task, the widget nearest the screen first.
 *
 * Drawn in the microtasks of the task that defined the element, a post of 16 widgets drew all of them in one
 * task of 655 ms here (headless Chromium, a 1000 × 800 window): the reader could not scroll or click until
 * the last one far below was drawn. One a task, the browser handles input and paints between two widgets,
 * and the ones on screen come first.
 *
 * TensorFlow.js is loaded only once every first picture is drawn (`firstDrawsDone`): its chunks and the
 * engine's worker would otherwise compete with the drawing, and the reader sees pictures before numbers
 * from a faster backend.
 */

interface Draw {
  readonly element: Element;
  readonly run: () => void;
}

const queue: Draw[] = [];
let posted = false;
let done: { promise: Promise<void>; resolve: () => void } | undefined;

/** How far the element is from the window's visible part, in px (0 on screen; hidden ones last). */
function distanceFromScreen(element: Element): number {
  const box = element.getBoundingClientRect();
  if (box.width === 0 && box.height === 0) return Infinity;
  const height = typeof innerHeight === "number" ? innerHeight : 0;
  if (box.bottom < 0) return -box.bottom;
  if (box.top > height) return box.top - height;
  return 0;
}

function drawNearest(): void {
  posted = false;
  let best = -1;
  let bestDistance = Infinity;
  queue.forEach((draw, i) => {
    const distance = distanceFromScreen(draw.element);
    if (best < 0 || distance < bestDistance) [best, bestDistance] = [i, distance];
  });
  const [draw] = queue.splice(best, 1);
  try {
    draw?.run();
  } finally {
    if (queue.length > 0) post();
    else {
      done?.resolve();
      done = undefined;
    }
  }
}

/** A task of its own: a MessageChannel's, which setTimeout's nesting clamp (4 ms after five) does not delay. */
let channel: MessageChannel | undefined;
function post(): void {
  if (posted) return;
  posted = true;
  if (typeof MessageChannel !== "function") {
    setTimeout(drawNearest, 0);
    return;
  }
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = drawNearest;
  }
  channel.port2.postMessage(undefined);
}

/** Runs `run` (a widget's first render) in a task of its own, after those of widgets nearer the screen. */
export function queueFirstDraw(element: Element, run: () => void): void {
  queue.push({ element, run });
  post();
}

/** Resolves once no first picture waits to be drawn (at once if none does). */
export function firstDrawsDone(): Promise<void> {
  if (queue.length === 0 && !posted) return Promise.resolve();
  if (!done) {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    done = { promise, resolve };
  }
  return done.promise;
}
