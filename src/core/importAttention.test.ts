import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { english } from "./messages";
import {
  attentionFromArray,
  float16,
  IMPORT_LIMITS,
  maybeAttentionJson,
  maybeNpy,
  ROW_SUM_TOLERANCE,
  type ImportedAttention,
} from "./importAttention";
import type { Result } from "./errors";

/** A .npy file, written here byte by byte as numpy.save writes it (format 1.0 unless told). */
function npy(
  descr: string,
  shape: readonly number[],
  values: readonly number[],
  { fortran = false, version = 1, header }: { fortran?: boolean; version?: number; header?: string } = {},
): ArrayBuffer {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let dict =
    header ??
    `{'descr': '${descr}', 'fortran_order': ${fortran ? "True" : "False"}, 'shape': ${shapeText}, }`;
  const prefix = version === 1 ? 10 : 12;
  // Padded with spaces and ended by a newline so that the data starts on a multiple of 64 bytes.
  dict += " ".repeat(63 - ((prefix + dict.length) % 64)) + "\n";
  const little = !descr.startsWith(">");
  const size = Number(descr.slice(2)) || 1;
  const data = new DataView(new ArrayBuffer(values.length * size));
  values.forEach((x, k) => {
    const at = k * size;
    const kind = descr.slice(1);
    if (kind === "f8") data.setFloat64(at, x, little);
    else if (kind === "f4") data.setFloat32(at, x, little);
    else if (kind === "f2") data.setUint16(at, toFloat16(x), little);
    else if (kind === "i2") data.setInt16(at, x, little);
    else if (kind === "u1") data.setUint8(at, x);
    else if (kind === "i8") data.setBigInt64(at, BigInt(x), little);
    else throw new Error(`the test writer has no ${kind}`);
  });
  const headerBytes = new TextEncoder().encode(dict);
  const out = new Uint8Array(prefix + headerBytes.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, headerBytes.length, true);
  else view.setUint32(8, headerBytes.length, true);
  out.set(headerBytes, prefix);
  out.set(new Uint8Array(data.buffer), prefix + headerBytes.length);
  return out.buffer;
}

/** float16 bits of x, for values exactly representable (multiples of 2^-10 in [0, 2)), written out by hand. */
function toFloat16(x: number): number {
  if (x === 0) return 0;
  const exponent = Math.floor(Math.log2(x));
  const fraction = Math.round((x / 2 ** exponent - 1) * 1024);
  return ((exponent + 15) << 10) | fraction;
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected a value, got: ${result.error.message}`);
  return result.value;
}

function errorOf<T>(result: Result<T>) {
  if (result.ok) throw new Error("expected an error");
  expect(english(result.error)).toBe(result.error.message);
  return result.error;
}

const W = [
  [0.5, 0.25, 0.25],
  [0, 1, 0],
  [0.125, 0.375, 0.5],
];

describe("maybeNpy", () => {
  it("reads little-endian float64 and float32 in C order", () => {
    const values = [1, 2, 3, 4, 5, 6];
    for (const descr of ["<f8", "<f4"]) {
      const { shape, data } = value(maybeNpy(npy(descr, [2, 3], values)));
      expect(shape).toEqual([2, 3]);
      expect([...data]).toEqual(values);
    }
  });

  it("reads float32 that is not exactly a float64 as the float32 value", () => {
    const { data } = value(maybeNpy(npy("<f4", [1], [0.1])));
    expect(data[0]).toBe(Math.fround(0.1));
  });

  it("reads float16 (half precision)", () => {
    const values = [0.5, 0.25, 0.125, 1.5, 0, 0.0009765625];
    const { data } = value(maybeNpy(npy("<f2", [6], values)));
    expect([...data]).toEqual(values);
    // Bits written out by hand: 0x3c00 = 1, 0xc000 = −2, 0x7c00 = ∞, 0x0001 = the smallest subnormal 2^-24.
    expect([0x3c00, 0xc000, 0x7c00, 0x0001].map(float16)).toEqual([1, -2, Infinity, 2 ** -24]);
    expect(float16(0x7e00)).toBeNaN();
  });

  it("reads big-endian floats and integers", () => {
    expect([...value(maybeNpy(npy(">f8", [2], [0.1, -3]))).data]).toEqual([0.1, -3]);
    expect([...value(maybeNpy(npy(">f4", [2], [0.5, 2]))).data]).toEqual([0.5, 2]);
    expect([...value(maybeNpy(npy(">i2", [3], [-2, 300, 7]))).data]).toEqual([-2, 300, 7]);
    expect([...value(maybeNpy(npy("<i8", [2], [-5, 2 ** 40]))).data]).toEqual([-5, 2 ** 40]);
    expect([...value(maybeNpy(npy("|u1", [3], [0, 1, 255]))).data]).toEqual([0, 1, 255]);
  });

  it("turns Fortran order into C order, in 2, 3 and 4 dimensions", () => {
    // In Fortran order the first index varies fastest: a [2, 3] array [[1, 2, 3], [4, 5, 6]] is stored 1 4 2 5 3 6.
    const m = value(maybeNpy(npy("<f8", [2, 3], [1, 4, 2, 5, 3, 6], { fortran: true })));
    expect([...m.data]).toEqual([1, 2, 3, 4, 5, 6]);
    // [2, 2, 2] with entry (i, j, k) = 100i + 10j + k, stored with i fastest, then j, then k.
    const fortran3: number[] = [];
    for (let k = 0; k < 2; k++)
      for (let j = 0; j < 2; j++) for (let i = 0; i < 2; i++) fortran3.push(100 * i + 10 * j + k);
    const c3 = value(maybeNpy(npy("<f8", [2, 2, 2], fortran3, { fortran: true })));
    expect([...c3.data]).toEqual([0, 1, 10, 11, 100, 101, 110, 111]);
    const shape4 = [2, 3, 2, 2];
    const fortran4: number[] = [];
    for (let l = 0; l < 2; l++)
      for (let k = 0; k < 2; k++)
        for (let j = 0; j < 3; j++)
          for (let i = 0; i < 2; i++) fortran4.push(1000 * i + 100 * j + 10 * k + l);
    const c4 = value(maybeNpy(npy("<f4", shape4, fortran4, { fortran: true })));
    expect(c4.shape).toEqual(shape4);
    const expected: number[] = [];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++)
        for (let k = 0; k < 2; k++)
          for (let l = 0; l < 2; l++) expected.push(1000 * i + 100 * j + 10 * k + l);
    expect([...c4.data]).toEqual(expected);
  });

  it("reads format versions 2.0 and 3.0 (4-byte header length)", () => {
    expect([...value(maybeNpy(npy("<f8", [2], [1, 2], { version: 2 }))).data]).toEqual([1, 2]);
    expect([...value(maybeNpy(npy("<f8", [2], [1, 2], { version: 3 }))).data]).toEqual([1, 2]);
  });

  it("refuses a file that is not .npy, naming the magic string", () => {
    const error = errorOf(maybeNpy(new TextEncoder().encode("PK\u0003\u0004 a zip file").buffer));
    expect(error.message).toContain("NUMPY");
    const bytes = new Uint8Array(npy("<f8", [1], [1]));
    bytes[6] = 9;
    expect(errorOf(maybeNpy(bytes.buffer)).message).toContain("version 9.0");
  });

  it("refuses data cut short, or longer than the shape says, with both sizes", () => {
    const whole = npy("<f8", [2, 3], [1, 2, 3, 4, 5, 6]);
    const cut = errorOf(maybeNpy(whole.slice(0, whole.byteLength - 8)));
    expect(cut.message).toBe(
      "the .npy file is cut short: its shape [2, 3] needs 48 bytes of data, it holds 40",
    );
    const longer = new Uint8Array(whole.byteLength + 8);
    longer.set(new Uint8Array(whole));
    expect(errorOf(maybeNpy(longer.buffer)).message).toContain(
      "holds 56 bytes of data, but its shape [2, 3] needs 48",
    );
    // A header whose shape claims far more than the file holds is refused before anything is allocated.
    expect(errorOf(maybeNpy(npy("<f8", [99999, 99999, 99999], [1]))).message).toContain("cut short");
    // The header itself cut short.
    expect(errorOf(maybeNpy(whole.slice(0, 30))).message).toContain("header is cut short");
  });

  it("refuses object arrays and types it does not read", () => {
    const object = errorOf(
      maybeNpy(npy("|O", [1], [], { header: "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }" })),
    );
    expect(object.message).toContain("objects (|O)");
    const complex = errorOf(
      maybeNpy(
        npy("<f8", [1], [1], { header: "{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }" }),
      ),
    );
    expect(complex.message).toContain("data type <c16 is not supported");
    const structured = errorOf(
      maybeNpy(
        npy("<f8", [1], [1], {
          header: "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }",
        }),
      ),
    );
    expect(structured.message).toContain("not a type name");
  });

  it("refuses a header that is not a dict, or lacks a key", () => {
    expect(
      errorOf(maybeNpy(npy("<f8", [1], [1], { header: "__import__('os').system('x')" }))).message,
    ).toContain("not a dict");
    expect(
      errorOf(maybeNpy(npy("<f8", [1], [1], { header: "{'descr': '<f8', 'shape': (1,)}" }))).message,
    ).toContain("'fortran_order'");
    expect(
      errorOf(
        maybeNpy(npy("<f8", [1], [1], { header: "{'descr': '<f8', 'fortran_order': False, 'shape': (a,)}" })),
      ).message,
    ).toContain("not whole numbers");
    // A shape with a negative size, or one of 10 billion, says which, not "not whole numbers".
    const header = (shape: string) => `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape}), }`;
    expect(errorOf(maybeNpy(npy("<f8", [1], [1], { header: header("-2, -2") }))).message).toBe(
      "the .npy header could not be read ('shape' is (-2, -2): a size is negative): expected a dict with the keys 'descr', 'fortran_order', 'shape'",
    );
    expect(
      errorOf(maybeNpy(npy("<f8", [1], [1], { header: header("100000000000, 100000000000") }))).message,
    ).toContain("a size of 10 billion or more is far too large");
  });
});

describe("attentionFromArray", () => {
  it("reads [queries, keys], [heads, queries, keys] and [layers, heads, queries, keys]", () => {
    const flat = W.flat();
    const two = value(attentionFromArray([3, 3], Float64Array.from(flat)));
    expect(two).toMatchObject({ layers: 1, heads: 1, queries: 3, keys: 3, tokens: ["1", "2", "3"] });
    const three = value(attentionFromArray([2, 3, 3], Float64Array.from([...flat, ...flat])));
    expect(three).toMatchObject({ layers: 1, heads: 2 });
    const four = value(attentionFromArray([2, 1, 3, 3], Float64Array.from([...flat, ...flat])));
    expect(four).toMatchObject({ layers: 2, heads: 1 });
    expect([...four.weights]).toEqual([...flat, ...flat]);
  });

  it("refuses shape and data that do not match", () => {
    expect(errorOf(attentionFromArray([2, 3, 3], Float64Array.from(W.flat()))).message).toBe(
      "the shape [2, 3, 3] needs 18 numbers, got 9",
    );
    expect(errorOf(attentionFromArray([9], new Float64Array(9))).message).toContain("1 dimension [9]");
  });

  it(`accepts rows that sum to 1 within ${ROW_SUM_TOLERANCE} (bfloat16 rounding) and all-zero rows, not more`, () => {
    const ok = attentionFromArray([2, 2], Float64Array.from([0.498, 0.498, 0, 0]));
    expect(ok.ok).toBe(true);
    const scores = errorOf(attentionFromArray([2, 2], Float64Array.from([0.5, 0.5, 2.5, -1])));
    expect(scores.message).toBe("row 2, column 2 is -1: expected a weight of 0 or more");
    const unnormalised = errorOf(attentionFromArray([1, 2, 2], Float64Array.from([0.5, 0.5, 0.7, 0.7])));
    expect(unnormalised.message).toMatch(
      /^head 1, row 2 sums to 1.4: expected each row of weights to sum to 1/,
    );
  });
});

describe("maybeAttentionJson", () => {
  const layerOf = (heads: number) => Array.from({ length: heads }, () => W);

  it("reads {tokens, attention} with [layers][heads][n][n]", () => {
    const imported = value(
      maybeAttentionJson(
        JSON.stringify({ tokens: ["the", "cat", "sat"], attention: [layerOf(2), layerOf(2)] }),
      ),
    );
    expect(imported).toMatchObject({ layers: 2, heads: 2, queries: 3, keys: 3 });
    expect(imported.tokens).toEqual(["the", "cat", "sat"]);
    expect(imported.keyTokens).toEqual(["the", "cat", "sat"]);
    expect(imported.weights).toHaveLength(2 * 2 * 9);
    // [layer 1, head 0, query 2, key 1]
    expect(imported.weights[1 * 18 + 0 * 9 + 2 * 3 + 1]).toBe(0.375);
  });

  it('reads Hugging Face\'s "attentions" with its batch of one, and "key_tokens" for cross-attention', () => {
    const cross = [
      [0.5, 0.5],
      [1, 0],
      [0, 1],
    ];
    const json = {
      tokens: ["a", "b", "c"],
      key_tokens: ["x", "y"],
      attentions: [[[cross]], [[cross]]], // [layers][batch][heads][q][k]
    };
    const imported = value(maybeAttentionJson(JSON.stringify(json)));
    expect(imported).toMatchObject({ layers: 2, heads: 1, queries: 3, keys: 2, keyTokens: ["x", "y"] });
    const batch = { attentions: [[[cross], [cross]]] };
    expect(errorOf(maybeAttentionJson(JSON.stringify(batch))).message).toContain("batch of 2 sequences");
  });

  it("reads bare arrays of depth 3 and 2, with tokens 1…n", () => {
    const three = value(maybeAttentionJson(JSON.stringify(layerOf(4))));
    expect(three).toMatchObject({ layers: 1, heads: 4, tokens: ["1", "2", "3"], keyTokens: ["1", "2", "3"] });
    const two = value(maybeAttentionJson(JSON.stringify(W)));
    expect(two).toMatchObject({ layers: 1, heads: 1, queries: 3 });
    expect([...two.weights]).toEqual(W.flat());
  });

  it("says where a ragged row is, in the file's own terms", () => {
    const ragged = [layerOf(2), [W, [W[0], [0, 1], W[2]]]];
    expect(errorOf(maybeAttentionJson(JSON.stringify(ragged))).message).toBe(
      "layer 2, head 2, row 2 has 2 entries, expected 3 like the first",
    );
    expect(errorOf(maybeAttentionJson("[[1, 0], [1]]")).message).toBe(
      "row 2 has 1 entry, expected 2 like the first",
    );
    expect(errorOf(maybeAttentionJson(JSON.stringify([layerOf(2), layerOf(3)]))).message).toBe(
      "layer 2 has 3 entries, expected 2 like the first",
    );
  });

  it("refuses NaN, text, negative weights and rows that are not weights", () => {
    // JSON has no NaN: a file that writes it is not JSON, and says so.
    expect(errorOf(maybeAttentionJson("[[NaN, 1]]")).message).toBe(
      "the text is not valid JSON at line 1, column 3, at “NaN, 1]]”",
    );
    expect(errorOf(maybeAttentionJson('[[0.5, "0.5"]]')).message).toBe(
      'row 1, column 2 is "0.5": expected a number',
    );
    expect(errorOf(maybeAttentionJson("[[0.5, null]]")).message).toBe(
      "row 1, column 2 is null: expected a number",
    );
    expect(errorOf(maybeAttentionJson("[[1.5, -0.5]]")).message).toBe(
      "row 1, column 2 is -0.5: expected a weight of 0 or more",
    );
    expect(errorOf(maybeAttentionJson("[[1e999, 0]]")).message).toBe(
      "row 1, column 1 is Infinity: expected a finite number",
    );
    expect(errorOf(maybeAttentionJson("[[0.2, 0.2]]")).message).toMatch(/^row 1 sums to 0.4/);
  });

  it("refuses tokens that do not fit, and text that is not tokens", () => {
    expect(errorOf(maybeAttentionJson(JSON.stringify({ tokens: ["a", "b"], attention: W }))).message).toBe(
      "2 tokens for 3 queries: expected as many tokens as queries",
    );
    expect(errorOf(maybeAttentionJson(JSON.stringify({ tokens: ["a", 2, "c"], attention: W }))).message).toBe(
      "tokens entry 2 is not a string",
    );
    expect(errorOf(maybeAttentionJson(JSON.stringify({ tokens: "a b c", attention: W }))).message).toContain(
      "expected a list of strings",
    );
  });

  it("refuses files past the limits, naming the limit", () => {
    const tiny = [[1]];
    const layers = Array.from({ length: IMPORT_LIMITS.maxLayers + 1 }, () => [tiny]);
    expect(errorOf(maybeAttentionJson(JSON.stringify(layers))).message).toBe(
      "there are 49 layers, too many: expected at most 48",
    );
    const heads = [Array.from({ length: 65 }, () => tiny)];
    expect(errorOf(maybeAttentionJson(JSON.stringify(heads))).message).toBe(
      "there are 65 heads, too many: expected at most 64",
    );
    const wide = [Array.from({ length: 4097 }, (_, j) => (j === 0 ? 1 : 0))];
    expect(errorOf(maybeAttentionJson(JSON.stringify(wide))).message).toBe(
      "there are 4097 keys, too many: expected at most 4096",
    );
  });

  it("refuses what holds no weights: not JSON, no attention key, wrong depth, empty", () => {
    expect(errorOf(maybeAttentionJson("{oops")).message).toBe(
      "the text is not valid JSON at line 1, column 2, at “oops”",
    );
    // Pasted and cut short: where it ends, in the page's language, never the browser's English.
    const cut = '{"tokens": ["a"], "attention": [1,2';
    expect(errorOf(maybeAttentionJson(cut)).message).toBe(
      "the text ends at line 1, column 36 before its JSON does: a closing bracket or a value is missing",
    );
    // Line 3, column 7; a long rest is cut after 12 characters.
    expect(errorOf(maybeAttentionJson("[\n  [1, 2],\n  [3, xylophone_weights]\n]")).message).toBe(
      "the text is not valid JSON at line 3, column 7, at “xylophone_we…”",
    );
    expect(errorOf(maybeAttentionJson('{"tokens": ["a"]}')).message).toContain(
      '"attention" (or "attentions")',
    );
    expect(errorOf(maybeAttentionJson("[0.5, 0.5]")).message).toContain("nested 1 deep");
    expect(errorOf(maybeAttentionJson("[]")).message).toBe(
      "the array of weights is empty: expected at least one entry",
    );
    expect(errorOf(maybeAttentionJson("[[]]")).message).toBe("row 1 is empty: expected at least one entry");
    expect(errorOf(maybeAttentionJson('{"__proto__": {"attention": [[1]]}}')).message).toContain(
      "no attention weights",
    );
  });

  it("gives the same weights from JSON and from the .npy of the same array", () => {
    const nested = [layerOf(2), layerOf(2)];
    const fromJson = value(maybeAttentionJson(JSON.stringify(nested)));
    const { shape, data } = value(maybeNpy(npy("<f8", [2, 2, 3, 3], nested.flat(3))));
    const fromNpy: ImportedAttention = value(attentionFromArray(shape, data));
    expect(fromNpy).toEqual(fromJson);
  });
});

describe("a .npy file that numpy itself wrote", () => {
  // src/core/fixtures/numpy-attention.npy comes from scripts/make-numpy-fixture.py (np.save of float32
  // softmax weights [2, 2, 3, 3]; layer 2, head 2 causal). The values below are what that script prints: the
  // exact doubles of its float32 entries, in file order. Rows are queries, columns are keys.
  const a = [0.09003057330846786, 0.2447284758090973, 0.6652409434318542];
  const b = [0.2653879225254059, 0.721399188041687, 0.01321288663893938];
  const c = [0.9362395405769348, 0.01714782603085041, 0.04661262407898903];
  const causal = [1, 0, 0, 0.2689414322376251, 0.7310585975646973, 0, ...b];
  const expected = [...a, ...b, ...a, ...c, ...a, ...a, ...b, ...a, ...c, ...causal];

  const file = readFileSync(new URL("./fixtures/numpy-attention.npy", import.meta.url));
  const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);

  it("is read exactly: shape [2, 2, 3, 3] and every float32 entry as numpy wrote it", () => {
    const { shape, data } = value(maybeNpy(buffer));
    expect(shape).toEqual([2, 2, 3, 3]);
    // Exact: a float32 read as a double has one value, so reading is right only if it is that value.
    expect([...data]).toEqual(expected);
  });

  it("imports as 2 layers of 2 heads over 3 tokens, with the causal head's zeros exactly 0", () => {
    const { shape, data } = value(maybeNpy(buffer));
    const imported = value(attentionFromArray(shape, data, ["a", "b", "c"]));
    expect(imported).toMatchObject({ layers: 2, heads: 2, queries: 3, keys: 3, tokens: ["a", "b", "c"] });
    expect([...imported.weights]).toEqual(expected);
  });
});
