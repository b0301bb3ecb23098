/// <reference lib="webworker" />
// The flow painter's worker: strokes each flow's lines onto the canvas the page handed it
// (transferControlToOffscreen), so that rasterising thousands of lines takes none of the page's thread.
import { strokeLines, type LineFrame } from "./flowStroke";

export type PainterRequest =
  | { readonly type: "attach"; readonly id: number; readonly canvas: OffscreenCanvas }
  | { readonly type: "paint"; readonly id: number; readonly seq: number; readonly frame: LineFrame }
  | { readonly type: "detach"; readonly id: number };

export type PainterEvent =
  { readonly type: "ready" } | { readonly type: "painted"; readonly id: number; readonly seq: number };

const canvases = new Map<number, OffscreenCanvas>();
const post = (event: PainterEvent) => self.postMessage(event);

self.onmessage = (event: MessageEvent<PainterRequest>) => {
  const request = event.data;
  if (request.type === "attach") canvases.set(request.id, request.canvas);
  else if (request.type === "detach") canvases.delete(request.id);
  else {
    const canvas = canvases.get(request.id);
    if (canvas) paint(canvas, request.frame);
    post({ type: "painted", id: request.id, seq: request.seq });
  }
};

function paint(canvas: OffscreenCanvas, frame: LineFrame): void {
  // Assigning a size clears the canvas even when unchanged: assign only on change, and clear otherwise.
  if (canvas.width !== frame.pixelWidth) canvas.width = frame.pixelWidth;
  if (canvas.height !== frame.pixelHeight) canvas.height = frame.pixelHeight;
  const context = canvas.getContext("2d");
  if (!context || canvas.width === 0 || canvas.height === 0) return;
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, canvas.width, canvas.height);
  strokeLines(context, frame);
}

post({ type: "ready" });
