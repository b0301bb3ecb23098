/**
 * Writes the import fixtures of the browser tests, once: e2e/fixtures/attention.json and attention.npy hold
 * the same weights (2 layers, 2 heads, 5 tokens "the cat sat on mat", rows summing to 1), the .npy as
 * float32 of shape [2, 2, 5, 5]. Run with `npx tsx scripts/make-import-fixtures.ts`; the output is
 * deterministic, so running it again changes nothing. It checks both files with the importer before writing.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { format, resolveConfig } from "prettier";
import { attentionFromArray, maybeAttentionJson, maybeNpy } from "../src/core/importAttention";

const TOKENS = ["the", "cat", "sat", "on", "mat"];
const LAYERS = 2;
const HEADS = 2;
const N = TOKENS.length;

/**
 * Scores with a pattern a reader can see: layer 1 head 1 looks at the previous token, head 2 at itself;
 * layer 2 head 1 at the first token, head 2 at "cat" (from "sat" and "mat") — then a softmax per row.
 */
function scores(layer: number, head: number, i: number, j: number): number {
  if (layer === 0 && head === 0) return j === Math.max(0, i - 1) ? 3 : 0;
  if (layer === 0) return j === i ? 2.5 : 0;
  if (head === 0) return j === 0 ? 2 : 0.5 * Math.cos(i + j);
  return j === 1 ? 2 : -0.25 * Math.abs(i - j);
}

/**
 * Weights as float32 values, normalised so that each row sums to 1 in float64 within 1e-6, the same numbers
 * in both files: the JSON writes the float32 values exactly (as their shortest float64 text).
 */
function weights(): number[][][][] {
  return Array.from({ length: LAYERS }, (_, l) =>
    Array.from({ length: HEADS }, (_, h) =>
      Array.from({ length: N }, (_, i) => {
        const e = Array.from({ length: N }, (_, j) => Math.exp(scores(l, h, i, j)));
        const total = e.reduce((a, b) => a + b, 0);
        return e.map((x) => Math.fround(x / total));
      }),
    ),
  );
}

/** numpy.save's format 1.0: magic, version, header length, a dict padded to 64 bytes, then the data. */
function npyFloat32(shape: readonly number[], values: readonly number[]): Uint8Array {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(", ")}), }`;
  header += " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
  const out = new Uint8Array(10 + header.length + values.length * 4);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let k = 0; k < header.length; k++) out[10 + k] = header.charCodeAt(k);
  values.forEach((x, k) => view.setFloat32(10 + header.length + 4 * k, x, true));
  return out;
}

const attention = weights();
// Formatted as Prettier would, so that `prettier --check .` (npm run lint) passes on the fixture as written.
const dir = resolve(import.meta.dirname, "../e2e/fixtures");
const jsonPath = resolve(dir, "attention.json");
const json = await format(JSON.stringify({ tokens: TOKENS, attention }), {
  ...(await resolveConfig(jsonPath)),
  filepath: jsonPath,
});
const npy = npyFloat32([LAYERS, HEADS, N, N], attention.flat(3));

// Both files must import, to the same weights.
const fromJson = maybeAttentionJson(json);
const array = maybeNpy(npy.slice().buffer);
if (!fromJson.ok) throw fromJson.error;
if (!array.ok) throw array.error;
const fromNpy = attentionFromArray(array.value.shape, array.value.data, TOKENS);
if (!fromNpy.ok) throw fromNpy.error;
if (fromNpy.value.weights.some((w, k) => w !== fromJson.value.weights[k])) {
  throw new Error("the .npy and the JSON fixture do not hold the same weights");
}

mkdirSync(dir, { recursive: true });
writeFileSync(jsonPath, json);
writeFileSync(resolve(dir, "attention.npy"), npy);
console.log(`wrote ${dir}/attention.json and attention.npy: ${LAYERS} layers, ${HEADS} heads, ${N} tokens`);
