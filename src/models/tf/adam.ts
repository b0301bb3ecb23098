import * as tf from "@tensorflow/tfjs-core";
import { heapOf } from "../../engine/wasmHeap";

/** Adam over a fixed list of weights, with a learning rate that may change at every step. */
export interface Adam {
  /** Read at every step (the trainer warms it up and decays it). */
  learningRate: number;
  /** One update of `variables` (the constructor's, in its order) by their gradients. */
  apply(gradients: readonly tf.Tensor[]): void;
  /** The loss, after one update of the variables by its gradients (as tfjs's optimizer.minimize). */
  minimize(loss: () => tf.Scalar): tf.Scalar;
  dispose(): void;
}

export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/**
 * Adam for `variables` on the current backend: hostAdam where kernels run on the CPU (wasm, cpu), whose
 * dispatch costs more than these small updates; tfjs's optimizer on WebGL and WebGPU, where reading the
 * gradients back would wait for the GPU at every step. Both compute the same numbers (adam.test.ts).
 */
export function createAdam(variables: readonly tf.Variable[], settings: AdamSettings): Adam {
  const backend = tf.getBackend();
  return backend === "wasm" || backend === "cpu"
    ? hostAdam(variables, settings)
    : tfjsAdam(variables, settings);
}

/** tfjs's AdamOptimizer behind the same interface. */
export function tfjsAdam(
  variables: readonly tf.Variable[],
  { learningRate, beta1, beta2, epsilon }: AdamSettings,
): Adam {
  const optimizer = tf.train.adam(learningRate, beta1, beta2, epsilon);
  // tfjs keeps the rate protected, but its Adam reads it afresh at every step.
  const setRate = () => ((optimizer as unknown as { learningRate: number }).learningRate = adam.learningRate);
  const adam: Adam = {
    learningRate,
    apply(gradients) {
      if (gradients.length !== variables.length)
        throw new Error(`${gradients.length} gradients for ${variables.length} weights`);
      setRate();
      optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: gradients[i]! })));
    },
    minimize(loss) {
      setRate();
      return optimizer.minimize(loss, true, [...variables]) as tf.Scalar;
    },
    dispose: () => optimizer.dispose(),
  };
  return adam;
}

/**
 * Adam in JavaScript's own arithmetic, for backends whose tensors live in the page's memory (wasm, cpu).
 * tfjs's AdamOptimizer runs 14 kernels a weight: 40 weights made 560 of a training step's 1,200 kernels.
 * Joining them into one vector first still took about 170 (a reshape and a slice a weight, both ways),
 * each a dispatch that costs more than its few hundred numbers. Here each gradient and weight is read
 * where it lies (a view of wasm's heap; cpu's own array), updated in a loop, and written back as a new
 * tensor. No new memory a step on wasm: a browser touches new memory at about 5 ms per MiB here, and
 * copying every weight and gradient out (dataSync) and the new weights into fresh arrays made training
 * in the page's worker 15 % slower than the flat vector, for the same speed in node.
 *
 * The numbers are tfjs's, bit for bit (adam.test.ts): each operation of its AdamOptimizer, in its order,
 * rounded to float32 (Math.fround) as its kernels round. One rounding of the exact float64 result of a
 * float32 +, −, ×, ÷ or √ is that operation's float32 result, as double precision has more than twice
 * single's bits.
 */
export function hostAdam(
  variables: readonly tf.Variable[],
  { learningRate, beta1, beta2, epsilon }: AdamSettings,
): Adam {
  const f = Math.fround;
  const [b1, b2, c1, c2, eps] = [f(beta1), f(beta2), f(1 - beta1), f(1 - beta2), f(epsilon)];
  const firstMoments = variables.map((v) => new Float32Array(v.size));
  const secondMoments = variables.map((v) => new Float32Array(v.size));
  const heap = heapOf(tf.backend());
  const read = (t: tf.Tensor) => (heap ? heap.typedArrayFromHeap(t) : t.dataSync()) as Float32Array;
  // wasm copies a new tensor's values into its heap at once: one buffer a weight serves every step. The
  // cpu backend keeps the array it is given as the tensor's: a new one each time.
  const buffers = heap ? variables.map((v) => new Float32Array(v.size)) : undefined;
  let accBeta1 = b1;
  let accBeta2 = b2;

  const adam: Adam = {
    learningRate,
    apply(gradients) {
      if (gradients.length !== variables.length)
        throw new Error(`${gradients.length} gradients for ${variables.length} weights`);
      const oneMinusAccBeta1 = f(1 - accBeta1);
      const oneMinusAccBeta2 = f(1 - accBeta2);
      const rate = f(-adam.learningRate);
      variables.forEach((variable, i) => {
        // Views of the heap, taken after the last tensor was made (making one may grow it, which
        // detaches older views).
        const [g, value] = [read(gradients[i]!), read(variable)];
        const [m, v] = [firstMoments[i]!, secondMoments[i]!];
        const next = buffers?.[i] ?? new Float32Array(value.length);
        for (let j = 0; j < next.length; j++) {
          const gj = g[j]!;
          m[j] = f(f(m[j]! * b1) + f(gj * c1));
          v[j] = f(f(v[j]! * b2) + f(f(gj * gj) * c2));
          const mHat = f(m[j]! / oneMinusAccBeta1);
          const vHat = f(v[j]! / oneMinusAccBeta2);
          next[j] = f(f(f(mHat / f(f(Math.sqrt(vHat)) + eps)) * rate) + value[j]!);
        }
        const updated = tf.tensor(next, variable.shape, "float32");
        variable.assign(updated);
        updated.dispose(); // the variable keeps its data
      });
      accBeta1 = f(accBeta1 * b1);
      accBeta2 = f(accBeta2 * b2);
    },
    minimize(loss) {
      const { value, grads } = tf.variableGrads(loss, [...variables]);
      adam.apply(variables.map((variable) => grads[variable.name] as tf.Tensor));
      tf.dispose(Object.values(grads));
      return value;
    },
    dispose() {
      // Nothing on the backend: the moments are JavaScript arrays.
    },
  };
  return adam;
}
