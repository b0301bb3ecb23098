import * as tf from "@tensorflow/tfjs-core";

/** What tfjs-wasm offers beyond the Backend interface: outputs in its heap, and views of tensors there (no copy). */
export interface HeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): tf.TypedArray;
}

/** The backend as a HeapBackend when it is one (wasm), else undefined. */
export const heapOf = (backend: unknown): HeapBackend | undefined =>
  typeof (backend as Partial<HeapBackend>).typedArrayFromHeap === "function"
    ? (backend as HeapBackend)
    : undefined;

let replaced = false;

/**
 * Replaces tfjs-wasm's Slice kernel with one that reads its input through a view of the wasm heap. tfjs's
 * copies the whole input out of the heap first (readSync) to take the part it needs: new memory at every
 * slice, which this machine touches at ~5 ms per MiB. Slicing 700 of 30,000 floats took 0.9 ms in a browser;
 * a head's columns of Q at 1,024 tokens, 4 heads, copied all of Q. Float32, int32 and bool tensors of rank
 * 1 and 2 (what the engine and the trainers slice) take the view; anything else goes to tfjs's kernel.
 * Call after tfjs-wasm is loaded; once is enough.
 */
export function registerHeapSlice(): void {
  if (replaced) return;
  const original = tf.getKernel("Slice", "wasm");
  if (!original) return;
  tf.unregisterKernel("Slice", "wasm");
  tf.registerKernel({
    kernelName: "Slice",
    backendName: "wasm",
    kernelFunc: (args) => heapSlice(args) ?? original.kernelFunc(args),
  });
  replaced = true;
}

function heapSlice({ inputs, attrs, backend }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo | undefined {
  const x = inputs.x as tf.TensorInfo;
  const rank = x.shape.length;
  if (x.dtype === "string" || rank < 1 || rank > 2) return undefined;
  const heap = heapOf(backend);
  if (!heap) return undefined;
  const { begin, size } = attrs as unknown as tf.SliceAttrs;
  const [start, extent] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size) as [number[], number[]];
  const out = heap.makeOutput(extent, x.dtype);
  // Views taken after the output is made: making it may grow the heap, which detaches older views.
  const from = heap.typedArrayFromHeap(x);
  const to = heap.typedArrayFromHeap(out);
  if (rank === 1 || tf.slice_util.isSliceContinous(x.shape, start, extent)) {
    const offset = tf.slice_util.computeFlatOffset(start, tf.util.computeStrides(x.shape));
    to.set(from.subarray(offset, offset + tf.util.sizeFromShape(extent)));
    return out;
  }
  // Rank 2, some columns of some rows: row by row.
  const cols = x.shape[1] as number;
  const [row, col] = start as [number, number];
  const [rows, width] = extent as [number, number];
  for (let i = 0; i < rows; i++) {
    const at = (row + i) * cols + col;
    to.set(from.subarray(at, at + width), i * width);
  }
  return out;
}
