import { describe, expect, it } from "vitest";
import { inductionScores } from "./headScores";
import { decodeFloats, encodeFloats, maybeModelFile, MODEL_FORMAT, serializeModelFile } from "./modelFile";
import { createRandom } from "../core/random";
import { batchOf, outputPosition, trainingBatch } from "./sequences";
import { examples, maybeTaskInput, repeatPeriod, scoredPositions, TASK_NAMES, TASKS } from "./tasks";

describe("tasks", () => {
  it("every example's output is the task's answer for its input, at every length of its range", () => {
    for (const name of TASK_NAMES) {
      const task = TASKS[name];
      const random = createRandom(3);
      for (let n = task.minLength; n <= task.maxLength; n++) {
        for (let k = 0; k < 20; k++) {
          const { input, output } = task.example(random, n);
          expect(input).toHaveLength(n);
          expect(output).toHaveLength(n);
          expect(task.answer(input)).toEqual(output);
          for (const t of input) expect(task.allowed).toContain(t);
        }
      }
    }
  });

  it("reverse reverses, sort sorts, translate moves the verb last and adjectives after their nouns", () => {
    expect(TASKS.reverse.answer([..."abc"])).toEqual([..."cba"]);
    expect(TASKS.sort.answer([..."3141"])).toEqual([..."1134"]);
    expect(TASKS.translate.answer("big dog chases small cat".split(" "))).toEqual(
      "wof gra miu pim kuru".split(" "),
    );
    expect(TASKS.translate.answer("cat sees fish".split(" "))).toEqual("miu blo vidu".split(" "));
    expect(TASKS.translate.answer("cat cat cat".split(" "))).toBeUndefined();
  });

  it("induction: a run of distinct letters and its repeat; only predictions inside the repeat are scored", () => {
    expect(repeatPeriod([..."abcab"])).toBe(3);
    expect(repeatPeriod([..."abab"])).toBe(2);
    expect(repeatPeriod([..."aab"])).toBeUndefined();
    expect(TASKS.induction.answer([..."abcab"])).toEqual([..."bcabc"]);
    expect(scoredPositions("induction", [..."abcab"])).toEqual([3, 4]);
    expect(scoredPositions("reverse", [..."abc"])).toEqual([0, 1, 2]);
  });

  it("the same seed draws the same examples; another seed draws others", () => {
    const a = examples(TASKS.sort, 50, 7);
    expect(examples(TASKS.sort, 50, 7)).toEqual(a);
    expect(examples(TASKS.sort, 50, 8)).not.toEqual(a);
  });
});

describe("maybeTaskInput", () => {
  it("reads letters with or without spaces and commas, case-blind", () => {
    expect(maybeTaskInput(TASKS.reverse, "A b, c")).toEqual({ ok: true, value: ["a", "b", "c"] });
    expect(maybeTaskInput(TASKS.translate, "Big dog  sees cat")).toEqual({
      ok: true,
      value: ["big", "dog", "sees", "cat"],
    });
  });

  it("names the first token outside the vocabulary, where it is, and lists what is allowed", () => {
    const r = maybeTaskInput(TASKS.sort, "12x4");
    expect(r).toEqual({
      ok: false,
      error: { code: "unknown", token: "x", position: 2, allowed: TASKS.sort.allowed },
    });
    const w = maybeTaskInput(TASKS.translate, "dog sees elephant");
    expect(w.ok ? undefined : w.error).toMatchObject({ code: "unknown", token: "elephant", position: 2 });
  });

  it("every task's sample and probe are inputs it accepts", () => {
    for (const name of TASK_NAMES) {
      const task = TASKS[name];
      expect(maybeTaskInput(task, task.sample).ok).toBe(true);
      expect(maybeTaskInput(task, task.probe.join(" "))).toEqual({ ok: true, value: task.probe });
    }
  });

  it("refuses lengths the model was not trained on, and empty input", () => {
    expect(maybeTaskInput(TASKS.reverse, "abcdefghi")).toEqual({
      ok: false,
      error: { code: "length", length: 9, min: 2, max: 8 },
    });
    expect(maybeTaskInput(TASKS.reverse, "  ")).toEqual({ ok: false, error: { code: "empty" } });
  });
});

describe("sequences", () => {
  it("a prefix batch reads [BOS, x, SEP, y] less its last token, and scores only the predictions of y", () => {
    const task = TASKS.reverse;
    const batch = batchOf(task, [{ input: ["a", "b"], output: ["b", "a"] }]);
    const id = (t: string) => task.vocab.indexOf(t);
    expect(batch.tokens).toEqual([[id("<s>"), id("a"), id("b"), id("→"), id("b")]]);
    expect(batch.targets).toEqual([[id("a"), id("b"), id("→"), id("b"), id("a")]]);
    expect(batch.lossWeights).toEqual([0, 0, 0, 1, 1]);
    expect(outputPosition(task, 2, 0)).toBe(3);
  });

  it("an encoder–decoder batch gives the source to the encoder and [BOS, y] less its last token to the decoder", () => {
    const task = TASKS.translate;
    const ex = task.example(createRandom(1), 3);
    const batch = batchOf(task, [ex]);
    expect(batch.source).toEqual([ex.input.map((t) => task.vocab.indexOf(t))]);
    expect(batch.tokens[0]).toEqual(["<s>", ...ex.output.slice(0, 2)].map((t) => task.vocab.indexOf(t)));
    expect(batch.targets[0]).toEqual(ex.output.map((t) => task.vocab.indexOf(t)));
    expect(batch.lossWeights).toEqual([1, 1, 1]);
  });

  it("a next-token batch predicts the token after each input token, scored inside the repeat only", () => {
    const batch = trainingBatch(TASKS.induction, createRandom(2), 4);
    const n = batch.length;
    expect(batch.tokens[0]).toHaveLength(n + 1);
    expect(batch.lossWeights.filter((w) => w === 1)).toHaveLength(n - Math.ceil(n / 2));
    for (let b = 0; b < 4; b++) {
      // Inside the repeat, the target at position i + 1 is the token at position i + 2 of the sequence.
      for (let i = Math.ceil(n / 2); i < n - 1; i++)
        expect(batch.targets[b]![i + 1]).toBe(batch.tokens[b]![i + 2]);
    }
  });
});

describe("model files", () => {
  const file = {
    format: MODEL_FORMAT,
    config: { task: "sort", dModel: 8, heads: 2, layers: 1, ffn: 0, maxPositions: 18 },
    weights: { w: { shape: [2, 2], data: new Float32Array([1, -2.5, 3e-8, 4]) } },
  } as const;

  it("float32 data survives base64 exactly", () => {
    const data = new Float32Array([0, -0, 1.5, -3.25e-7, 65504, Math.fround(Math.PI)]);
    expect(Array.from(decodeFloats(encodeFloats(data)))).toEqual(Array.from(data));
  });

  it("a written file reads back the same", () => {
    const read = maybeModelFile(JSON.parse(serializeModelFile(file)));
    expect(read.ok && Array.from(read.value.weights.w!.data)).toEqual(Array.from(file.weights.w.data));
  });

  it("says what is wrong with a damaged file", () => {
    const json = JSON.parse(serializeModelFile(file));
    expect(maybeModelFile({ ...json, format: "x" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("format is x"),
    });
    expect(maybeModelFile({ ...json, config: { ...json.config, heads: 3 } })).toMatchObject({
      ok: false,
      error: "config.dModel 8 does not divide by heads 3",
    });
    expect(
      maybeModelFile({ ...json, weights: { w: { shape: [3, 2], data: json.weights.w.data } } }),
    ).toMatchObject({
      ok: false,
      error: "weight w has 4 numbers: its shape [3, 2] needs 6",
    });
  });
});

describe("inductionScores", () => {
  it("scores a head that looks one back as a previous-token head, one that looks after the earlier copy as an induction head", () => {
    const input = [..."abcab"]; // period 3; the sequence is [BOS, a, b, c, a, b]
    const t = input.length + 1;
    const data = new Float64Array(2 * t * t);
    for (let q = 0; q < t; q++) {
      data[q * t + Math.max(0, q - 1)] = 1; // head 1: the previous position, everywhere
      const k = q >= 4 ? q - 3 + 1 : q; // head 2: after the earlier copy, inside the repeat
      data[t * t + q * t + k] = 1;
    }
    const scores = inductionScores({ depth: 2, rows: t, cols: t, data }, input)!;
    expect(scores.previousToken).toEqual([1, 0]);
    expect(scores.induction).toEqual([0, 1]);
    expect(inductionScores({ depth: 2, rows: t, cols: t, data }, [..."abcd"])).toBeUndefined();
  });
});
