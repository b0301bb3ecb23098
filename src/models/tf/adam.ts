import * as tf from "@tensorflow/tfjs-core";

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
 * Adam for `variables` on the current backend: flatAdam where kernels run on the CPU (wasm, cpu), whose
 * dispatch costs more than these small updates; tfjs's optimizer on WebGL and WebGPU, where flattening
 * means reshaping every weight's texture (a copy each) and one more shader per weight shape to compile.
 * Both compute the same numbers (adam.test.ts).
 */
export function createAdam(variables: readonly tf.Variable[], settings: AdamSettings): Adam {
  const backend = tf.getBackend();
  return backend === "wasm" || backend === "cpu"
    ? flatAdam(variables, settings)
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
 * Adam over every weight of a model at once, as one flat vector. tfjs's AdamOptimizer updates each weight
 * with its own 14 kernels: 40 weights made 560 of the 1,200 kernels of a training step, each one dispatch
 * (on wasm, dispatch costs more than these small updates). Here the gradients are joined, updated with
 * tfjs's arithmetic in tfjs's order (the same float32 numbers: adam.test.ts), and sliced back: 12 kernels
 * plus a reshape and a slice per weight.
 */
export function flatAdam(
  variables: readonly tf.Variable[],
  { learningRate, beta1, beta2, epsilon }: AdamSettings,
): Adam {
  const total = variables.reduce((sum, v) => sum + v.size, 0);
  const [m, v, accBeta1, accBeta2] = tf.tidy(() => [
    tf.variable(tf.zeros([total]), false),
    tf.variable(tf.zeros([total]), false),
    tf.variable(tf.scalar(beta1), false),
    tf.variable(tf.scalar(beta2), false),
  ]) as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const flat = (xs: readonly tf.Tensor[]) => tf.concat(xs.map((x) => tf.reshape(x, [-1])));

  const adam: Adam = {
    learningRate,
    apply(gradients) {
      if (gradients.length !== variables.length)
        throw new Error(`${gradients.length} gradients for ${variables.length} weights`);
      tf.tidy(() => {
        const g = flat(gradients);
        const oneMinusAccBeta1 = tf.sub(1, accBeta1);
        const oneMinusAccBeta2 = tf.sub(1, accBeta2);
        const newM = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
        const newV = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
        const mHat = tf.div(newM, oneMinusAccBeta1);
        const vHat = tf.div(newV, oneMinusAccBeta2);
        m.assign(newM);
        v.assign(newV);
        const values = tf.add(
          tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), -adam.learningRate),
          flat(variables),
        );
        // A slice per weight: tf.split (SplitV) took 10 ms on wasm in a browser, 40 slices well under 1.
        let offset = 0;
        for (const variable of variables) {
          variable.assign(tf.reshape(tf.slice(values, offset, variable.size), variable.shape));
          offset += variable.size;
        }
        accBeta1.assign(tf.mul(accBeta1, beta1));
        accBeta2.assign(tf.mul(accBeta2, beta2));
      });
    },
    minimize(loss) {
      const { value, grads } = tf.variableGrads(loss, [...variables]);
      adam.apply(variables.map((variable) => grads[variable.name] as tf.Tensor));
      tf.dispose(Object.values(grads));
      return value;
    },
    dispose() {
      for (const t of [m, v, accBeta1, accBeta2]) t.dispose();
    },
  };
  return adam;
}
