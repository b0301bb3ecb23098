import { describe, expect, it } from "vitest";
import { TYPED_QKV } from "../../core/fixtures/typedQkv";
import { layer } from "../../core/matrix";
import { attentionReference } from "../../core/reference";
import type { AttentionTrace } from "../../core/types";
import { matrixCsv } from "../../render/matrixCsv";
import { matrixJson } from "../../render/matrixJson";
import { traceJson } from "../../render/traceJson";
import { exported, exportedTrace } from "./exportNumbers";

// Q, K and V typed by hand (core/fixtures/typedQkv.ts): scaled dot product, one head of d_k = 2, causal mask.
const reference = attentionReference({ source: TYPED_QKV, mask: { kind: "causal" } });

/** The trace as the engine hands it over: every matrix and stack in float32. */
const engine: AttentionTrace = Object.fromEntries(
  Object.entries(reference).map(([key, value]: [string, unknown]) => [
    key,
    typeof value === "object" && value !== null && "data" in value && value.data instanceof Float64Array
      ? { ...value, data: Float32Array.from(value.data) }
      : value,
  ]),
) as unknown as AttentionTrace;

const queries = ["q1", "q2", "q3"];
const keys = ["k1", "k2", "k3"];
const csv = (trace: AttentionTrace, stack: "weights" | "masked") =>
  matrixCsv(exported(layer(trace[stack], 0)), queries, keys, "", { bom: false });

describe("exported numbers", () => {
  it("a float32 weight is written as the shortest decimal that reads back to it, as numpy's str(np.float32) writes it", () => {
    // numpy: str(np.float32(w)) of the float64 weights softmax(QKᵀ/√2) with the causal mask.
    expect(csv(engine, "weights")).toBe(
      ",k1,k2,k3\r\nq1,1,0,0\r\nq2,0.70908713,0.2909129,0\r\nq3,0.10424502,0.59994227,0.29581273\r\n",
    );
    for (const [i, x] of layer(engine.weights, 0).data.entries()) {
      const text = String(exported(layer(engine.weights, 0)).data[i]);
      expect(Math.fround(Number(text)), text).toBe(x);
    }
  });

  it("masked scores: −∞ is -Infinity in the CSV, null in the JSON with its note; the rest short", () => {
    expect(csv(engine, "masked")).toBe(
      ",k1,k2,k3\r\nq1,-0.5868986,-Infinity,-Infinity\r\nq2,0.3747666,-0.51618797,-Infinity\r\nq3,-0.67175144,1.0783378,0.37123105\r\n",
    );
    const json = JSON.parse(matrixJson(exported(layer(engine.masked, 0)), queries, keys)) as {
      note: string;
      data: unknown;
    };
    expect(json.data).toEqual([
      [-0.5868986, null, null],
      [0.3747666, -0.51618797, null],
      [-0.67175144, 1.0783378, 0.37123105],
    ]);
    expect(json.note).toContain("null stands for -Infinity");
  });

  it("the trace as JSON: the typed Q and K read back as typed, 1.1 and not 1.100000023841858", () => {
    const json = JSON.parse(traceJson(exportedTrace(engine), { queryLabels: queries, keyLabels: keys })) as {
      q: { data: number[][] };
      k: { data: number[][] };
      precision: string;
      mask: { data: number[][] };
    };
    expect(json.q.data).toEqual(TYPED_QKV.q);
    expect(json.k.data).toEqual(TYPED_QKV.k);
    expect(json.mask.data).toEqual([
      [0, 1, 1],
      [0, 0, 1],
      [0, 0, 0],
    ]);
  });

  it("the float64 reference's numbers keep their float64 shortest form", () => {
    const weights = layer(reference.weights, 0);
    expect(exported(weights)).toBe(weights);
    expect(exportedTrace(reference).weights).toBe(reference.weights);
    // Each number as String() writes the double: 17 significant digits where float64 needs them, as numpy's
    // repr of these weights (0.7090871177152928, 0.2909128822847073) has.
    const lines = matrixCsv(exported(weights), queries, keys, "", { bom: false }).split("\r\n");
    expect(lines[2]).toBe("q2,0.7090871177152928,0.2909128822847073,0");
    expect(lines[3]).toBe(`q3,${Array.from(weights.data.subarray(6), String).join(",")}`);
  });
});
