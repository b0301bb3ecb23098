import * as tf from "@tensorflow/tfjs-core";

/**
 * Adam over every weight of a model at once, as one flat vector. tfjs's AdamOptimizer updates each weight
 * with its own 14 kernels: 40 weights made 560 of the 1,200 kernels of a training step, each one dispatch
 * (on wasm, dispatch costs more than these small updates). Here the gradients are joined, updated with
 * tfjs's arithmetic in tfjs's order (the same float32 numbers: adam.test.ts), and split back: 12 kernels
 * plus a reshape of each weight and gradient.
 */
export interface FlatAdam {
  /** Read at every step (the trainer warms it up and decays it). */
  learningRate: number;
  /** One update of `variables` (the constructor's, in its order) by their gradients. */
  apply(gradients: readonly tf.Tensor[]): void;
  /** The loss, after one update of the variables by its gradients (as tfjs's optimizer.minimize). */
  minimize(loss: () => tf.Scalar): tf.Scalar;
  dispose(): void;
}

export function flatAdam(
  variables: readonly tf.Variable[],
  {
    learningRate,
    beta1,
    beta2,
    epsilon,
  }: { learningRate: number; beta1: number; beta2: number; epsilon: number },
): FlatAdam {
  const total = variables.reduce((sum, v) => sum + v.size, 0);
  const [m, v, accBeta1, accBeta2] = tf.tidy(() => [
    tf.variable(tf.zeros([total]), false),
    tf.variable(tf.zeros([total]), false),
    tf.variable(tf.scalar(beta1), false),
    tf.variable(tf.scalar(beta2), false),
  ]) as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const flat = (xs: readonly tf.Tensor[]) => tf.concat(xs.map((x) => tf.reshape(x, [-1])));

  const adam: FlatAdam = {
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
