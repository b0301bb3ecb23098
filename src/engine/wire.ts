/**
 * A spec on its way to the engine's worker, without the large matrices the worker already has.
 *
 * A spec's weights are the same objects edit after edit (explorer/spec.ts keeps the seeded ones), yet
 * postMessage cloned their float64 arrays at every edit: into new memory on both sides, which this machine
 * touches slowly (~5 ms per MiB). At 512 tokens, d_model 64, sending a spec took 2–3.4 ms of the page's
 * time per edit while the worker waited for it. A matrix sent in the message before is now sent as its
 * number, and the worker uses the one it kept.
 *
 * Both ends keep the matrices of the last message only, in step: messages arrive in the order they are sent.
 */

/** Matrices with fewer values than this are always cloned: a reference saves little. */
export const HOLD_FROM = 1024;

/** A matrix of the message before, by its number. */
interface Held {
  readonly held: number;
}

/** Objects of the shape { rows, cols, data: a typed array } with HOLD_FROM values or more. */
function isLargeMatrix(value: object): value is { rows: number; cols: number; data: ArrayLike<number> } {
  const m = value as { rows?: unknown; cols?: unknown; data?: unknown };
  return (
    typeof m.rows === "number" &&
    typeof m.cols === "number" &&
    ArrayBuffer.isView(m.data) &&
    (m.data as unknown as ArrayLike<number>).length >= HOLD_FROM
  );
}

/** An object literal's kind: anything else (a typed array, a Date) goes as it is, for postMessage to clone. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Maps plain objects and arrays, depth first, in property order (the same on both ends). */
function mapTree(value: unknown, visit: (object: Record<string, unknown>) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => mapTree(v, visit));
  if (!isPlainObject(value)) return value;
  const replaced = visit(value);
  if (replaced !== value) return replaced;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = mapTree(v, visit);
  return out;
}

/** The page's end: packs each spec for postMessage. */
export function createSpecSender(): (spec: unknown) => unknown {
  let last = new Map<object, number>();
  let next = 0;
  return (spec) => {
    const sent = new Map<object, number>();
    const packed = mapTree(spec, (object) => {
      if (!isLargeMatrix(object)) return object;
      const known = sent.get(object) ?? last.get(object);
      if (known !== undefined) {
        sent.set(object, known);
        return { held: known } satisfies Held;
      }
      const id = next++;
      sent.set(object, id);
      return { ...object, hold: id };
    });
    last = sent;
    return packed;
  };
}

/** The worker's end: unpacks what createSpecSender packed. */
export function createSpecReceiver(): (packed: unknown) => unknown {
  let last = new Map<number, object>();
  return (packed) => {
    const kept = new Map<number, object>();
    const spec = mapTree(packed, (object) => {
      if (typeof object.held === "number" && Object.keys(object).length === 1) {
        const matrix = kept.get(object.held) ?? last.get(object.held);
        if (!matrix) throw new Error(`The engine's worker lost matrix ${object.held} of the last message.`);
        kept.set(object.held, matrix);
        return matrix;
      }
      if (typeof object.hold !== "number") return object;
      const { hold, ...matrix } = object;
      kept.set(hold as number, matrix);
      return matrix;
    });
    last = kept;
    return spec;
  };
}
