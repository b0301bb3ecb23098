import { describe, expect, it } from "vitest";
import { entry, layer } from "../core/matrix";
import { attentionReference } from "../core/reference";
import type { AttentionTrace } from "../core/types";
import { createStartState, EXAMPLES, exampleById, openExample, stopAction } from "./examples";
import { LANGS } from "../i18n/lang";
import { translate } from "../i18n/i18n";
import { buildSpec } from "./spec";
import { createHistory, createInitialState, reduce, reduceHistory, STEP_COUNT } from "./state";

/** An example's trace and labels, computed by the float64 reference from the explorer's own spec. */
function computed(id: string) {
  const example = exampleById(id)!;
  const built = buildSpec(example.state());
  expect(built.errors).toEqual([]);
  return { example, trace: attentionReference(built.spec!), labels: built };
}

const weightsRow = (trace: AttentionTrace, query: number, head = 0) =>
  Array.from({ length: trace.keys }, (_, j) => entry(layer(trace.weights, head), query, j));
const argmax = (xs: number[]) => xs.indexOf(Math.max(...xs));

describe("worked examples", () => {
  it.each(EXAMPLES.map((e) => [e.id]))("%s builds, and its lesson's stops fit its trace", (id) => {
    const { example, trace, labels } = computed(id);
    expect(example.stops.length).toBeGreaterThan(0);
    for (const stop of example.stops) {
      expect(stop.step).toBeGreaterThanOrEqual(1);
      expect(stop.step).toBeLessThanOrEqual(STEP_COUNT);
      if (stop.lock) {
        expect(stop.lock.query).toBeLessThan(trace.queries);
        expect(stop.lock.key).toBeLessThan(trace.keys);
      }
      if (typeof stop.head === "number") expect(stop.head).toBeLessThan(trace.heads);
      const numbers = stop.numbers?.(trace, labels);
      // Every placeholder of the text is filled, in every language.
      for (const lang of LANGS) {
        const text = translate(lang, stop.text, numbers);
        expect(text, `${id} ${stop.text} ${lang}`).not.toMatch(/\{\w+\}/);
        expect(text).not.toContain("NaN");
      }
    }
  });

  it("has every title and summary in both languages", () => {
    for (const e of EXAMPLES) {
      for (const key of [e.title, e.summary]) {
        expect(translate("zh-CN", key)).not.toBe(translate("en", key));
      }
    }
  });

  it("five values: the textbook weights, which sum to 1, and the output 3.9056", () => {
    const { example, trace, labels } = computed("five-values");
    const w = weightsRow(trace, 0).map((x) => x.toFixed(4));
    expect(w).toEqual(["0.0580", "0.0956", "0.1577", "0.2600", "0.4287"]);
    expect(entry(trace.output, 0, 0).toFixed(4)).toBe("3.9056");
    const numbers = example.stops[2]!.numbers!(trace, labels);
    expect(numbers).toEqual({ weights: "0.0580, 0.0956, 0.1577, 0.2600, 0.4287", sum: "1.0000" });
  });

  it("in Chinese, a lesson's lists are separated by 、, as Chinese writes a list", () => {
    const { example, trace, labels } = computed("five-values");
    expect(example.stops[2]!.numbers!(trace, labels, "zh-CN")).toEqual({
      weights: "0.0580、0.0956、0.1577、0.2600、0.4287",
      sum: "1.0000",
    });
    const causal = computed("causal");
    // Token 3 of "the cat sat on the mat" sees the first three tokens.
    const third = causal.example.stops[4]!.numbers!(causal.trace, causal.labels, "zh-CN");
    expect(third.visible).toBe("the、cat、sat");
    expect(third.weights).toMatch(/^\d\.\d\d、\d\.\d\d、\d\.\d\d$/u);
  });

  it("large dot products: nearly one-hot, flatter scaled, flatter still with a high temperature", () => {
    const example = exampleById("large-dot-products")!;
    const row = (state = example.state()) => weightsRow(attentionReference(buildSpec(state).spec!), 2);
    const tau = (temperature: number) =>
      row(reduce(example.state(), { type: "setTemperature", temperature }));
    const scaled = row();
    const raw = row(reduce(example.state(), { type: "setScaled", scaled: false }));
    // One-hot to float64's precision either way; scaling lifts the smallest weight by ~27 orders of magnitude.
    expect(Math.max(...raw)).toBeGreaterThan(0.9999);
    expect(Math.max(...scaled)).toBeGreaterThan(0.9999);
    expect(Math.min(...scaled) / Math.min(...raw)).toBeGreaterThan(1e20);
    expect(Math.max(...tau(10))).toBeLessThan(Math.max(...scaled));
    expect(Math.max(...tau(100))).toBeLessThan(0.6);
    expect(Math.max(...tau(0.1))).toBe(1);
  });

  it.each([
    ["pronoun", "it", "animal", "street"],
    ["pronoun-zh", "它", "动物", "马路"],
  ])("%s: “%s” attends to “%s” most, and hardly to “%s”", (id, it_, animal, street) => {
    const { trace, labels } = computed(id);
    const q = labels.queryLabels.indexOf(it_);
    const row = weightsRow(trace, q);
    expect(argmax(row)).toBe(labels.keyLabels.indexOf(animal));
    expect(row[labels.keyLabels.indexOf(animal)]).toBeGreaterThan(0.6);
    expect(row[labels.keyLabels.indexOf(street)]).toBeLessThan(0.05);
  });

  it.each([["translate-en-zh"], ["translate-zh-en"]])(
    "%s: each word attends most to its translation",
    (id) => {
      const { trace, labels } = computed(id);
      const pairs: Record<string, string> = {
        我: "I",
        昨天: "yesterday",
        吃了: "ate",
        一个: "an",
        苹果: "apple",
      };
      const translation = (w: string) => pairs[w] ?? Object.keys(pairs).find((k) => pairs[k] === w)!;
      labels.queryLabels.forEach((word, i) => {
        expect(labels.keyLabels[argmax(weightsRow(trace, i))]).toBe(translation(word));
      });
    },
  );

  it("causal: every token's weights stop at itself", () => {
    const { trace } = computed("causal");
    for (let i = 0; i < trace.queries; i++) {
      const row = weightsRow(trace, i);
      expect(row.slice(i + 1).every((w) => w === 0)).toBe(true);
      expect(row.slice(0, i + 1).reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    }
  });

  it("two heads: head 1 looks at the previous token, head 2 at the same word", () => {
    const { trace, labels } = computed("two-heads");
    for (let i = 1; i < trace.queries; i++) expect(argmax(weightsRow(trace, i, 0))).toBe(i - 1);
    const secondThe = labels.queryLabels.lastIndexOf("the");
    const firstThe = labels.keyLabels.indexOf("the");
    const row = weightsRow(trace, secondThe, 1);
    expect(row[firstThe]).toBeCloseTo(row[secondThe]!, 12);
    expect(row[firstThe]).toBeGreaterThan(0.4);
  });

  it("opening an example keeps the viewer's theme and lands on the first stop; stops are view changes", () => {
    const current = { ...createInitialState(), theme: "dark" as const, palette: "viridis" as const };
    const example = exampleById("causal")!;
    const opened = openExample(current, example);
    expect(opened.theme).toBe("dark");
    expect(opened.palette).toBe("viridis");
    expect(opened.lesson).toEqual({ example: "causal", stop: 0 });
    expect(opened.step).toBe(example.stops[0]!.step);
    const next = reduce(opened, stopAction(opened, example, 3));
    expect(next.lesson).toEqual({ example: "causal", stop: 3 });
    expect(next.locked).toEqual(example.stops[3]!.lock);
    expect(next.sequence).toBe(opened.sequence);
  });

  // Worked by hand. "it" asks [3, 0, 0, 1]; "animal", "it" and "tired" answer 7, 3 and 2, the rest 0; over √4:
  // 3.5, 1.5, 1 and eight 0s: e^3.5 / (e^3.5 + e^1.5 + e^1 + 8) = 0.68540. The Chinese sentence has the same
  // features (它 → 动物, 它, 累) and ten tokens, so seven 0s: e^3.5 / (e^3.5 + e^1.5 + e^1 + 7) = 0.69989.
  it.each([
    { lang: "en", example: "pronoun", query: "it", key: "animal", weight: 0.6854013 },
    { lang: "zh-CN", example: "pronoun-zh", query: "它", key: "动物", weight: 0.6998872 },
  ] as const)(
    "the first page ($lang) is $example at its softmax stop, “$query” pointed at “$key”, its largest weight",
    ({ lang, example, query, key, weight }) => {
      const start = createStartState({ ...createInitialState(), theme: "dark" }, lang);
      expect(start.lesson).toEqual({ example, stop: 1 });
      expect(start.step).toBe(6);
      expect(start.theme).toBe("dark");
      const { queries, keys } = start.matrices.labels;
      expect(start.locked).toEqual({ query: queries.indexOf(query), key: keys.indexOf(key) });
      const row = weightsRow(attentionReference(buildSpec(start).spec!), queries.indexOf(query));
      expect(row[keys.indexOf(key)]).toBeCloseTo(weight, 6);
      expect(argmax(row)).toBe(keys.indexOf(key));
    },
  );

  it("reset goes back to the first page, keeping how the page is viewed", () => {
    const own = reduce({ ...createInitialState(), theme: "dark" }, { type: "setText", text: "a b c" });
    const reset = reduceHistory(createHistory(own), { type: "reset", to: createStartState() }).present;
    expect(reset.lesson).toEqual({ example: "pronoun", stop: 1 });
    expect(reset.input).toBe("matrices");
    expect(reset.locked).toEqual(createStartState().locked);
    expect(reset.theme).toBe("dark");
  });
});
