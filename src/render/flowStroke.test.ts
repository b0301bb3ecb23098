import { describe, expect, it } from "vitest";
import { FADED, strokeLines, type LineFrame } from "./flowStroke";

/** A 2D context that writes down what is drawn: each stroke with its style and its segments. */
function recorder() {
  const strokes: { alpha: number; color: string; width: number; segments: number[][] }[] = [];
  let path: number[][] = [];
  const context = {
    globalAlpha: 1,
    strokeStyle: "",
    lineWidth: 1,
    lineCap: "butt",
    transform: [] as number[],
    setTransform(...m: number[]) {
      context.transform = m;
    },
    beginPath() {
      path = [];
    },
    moveTo(x: number, y: number) {
      path.push([x, y]);
    },
    lineTo(x: number, y: number) {
      path[path.length - 1]!.push(x, y);
    },
    stroke() {
      strokes.push({
        alpha: context.globalAlpha,
        color: context.strokeStyle,
        width: context.lineWidth,
        segments: path,
      });
    },
  };
  return { context, strokes };
}

/** x1, y1, x2, y2, width, opacity, faded, colour. */
type Line = [number, number, number, number, number, number, 0 | 1, number];
const frame = (lines: Line[], extra: Partial<LineFrame> = {}): LineFrame => ({
  pixelWidth: 100,
  pixelHeight: 100,
  ratio: 2,
  top: 0,
  thicken: 1,
  lines: new Float32Array(lines.flat()),
  colors: ["red", "blue"],
  ...extra,
});

describe("strokeLines", () => {
  it("strokes neighbours that look alike as one path, and starts a new one where a line looks different", () => {
    const { context, strokes } = recorder();
    strokeLines(
      context as unknown as CanvasRenderingContext2D,
      frame([
        [0, 0, 10, 10, 1, 0.5, 0, 0],
        [0, 5, 10, 5, 1, 0.5, 0, 0],
        [0, 8, 10, 2, 2, 0.5, 0, 0],
        [0, 1, 10, 1, 2, 0.5, 1, 1],
      ]),
    );
    expect(strokes).toEqual([
      {
        alpha: 0.5,
        color: "red",
        width: 1,
        segments: [
          [0, 0, 10, 10],
          [0, 5, 10, 5],
        ],
      },
      { alpha: 0.5, color: "red", width: 2, segments: [[0, 8, 10, 2]] },
      // Faded: FADED of its opacity, in its head's colour.
      { alpha: 0.5 * FADED, color: "blue", width: 2, segments: [[0, 1, 10, 1]] },
    ]);
  });

  it("leaves out lines that do not reach the band drawn, and maps the band's top row to the canvas's top", () => {
    const { context, strokes } = recorder();
    strokeLines(
      context as unknown as CanvasRenderingContext2D,
      frame(
        [
          [0, 0, 10, 40, 1, 1, 0, 0], // ends 10 px above the band (plus its width 1 × thicken 3): left out
          [0, 0, 10, 48, 1, 1, 0, 0], // within 3 px of the band's top: drawn
          [0, 60, 10, 300, 1, 1, 0, 0], // crosses it
          [0, 204, 10, 260, 1, 1, 0, 0], // starts 4 px below it: left out
        ],
        { top: 50, band: { top: 50, bottom: 200 }, thicken: 3 },
      ),
    );
    expect(strokes).toEqual([
      {
        alpha: 1,
        color: "red",
        width: 3,
        segments: [
          [0, 0, 10, 48],
          [0, 60, 10, 300],
        ],
      },
    ]);
    // Device px = ratio × CSS px, shifted up by the band's top.
    expect(context.transform).toEqual([2, 0, 0, 2, 0, -100]);
  });
});
