import { describe, expect, it } from "vitest";
import { exampleById } from "../explorer/examples";
import { buildSpec } from "../explorer/spec";
import { readAttributes, type Attributes } from "./attributes";
import { attributesFromHash } from "./hash";
import { say } from "./say";

const read = (attrs: Attributes, inheritedLang?: string) => readAttributes(attrs, { inheritedLang });
const errorsOf = (attrs: Attributes, lang: "en" | "zh-CN" = "en") =>
  read(attrs).errors.map((e) => say(lang, e));

describe("readAttributes (the widget's attributes → the explorer's state)", () => {
  it("an example's state, with the step and head the attributes give", () => {
    const { state, options, errors } = read({ example: "two-heads", step: "3", head: "2", view: "flow" });
    expect(errors).toEqual([]);
    const example = exampleById("two-heads")!.state();
    expect(state?.matrices).toEqual(example.matrices);
    expect(state?.step).toBe(3);
    expect(state?.head).toBe(1);
    expect(options).toMatchObject({ view: "flow", ui: "figure", theme: "light", lang: "en" });
  });

  it("inline Q and K (V defaults to K) with tokens naming the rows, one head", () => {
    const { state, errors } = read({
      tokens: '["a", "b", "c"]',
      q: "[[1, 0], [0, 1], [1, 1]]",
      k: "[[1,0],[0,1],[2,2]]",
    });
    expect(errors).toEqual([]);
    const built = buildSpec(state!);
    expect(built.errors).toEqual([]);
    expect(built.queryLabels).toEqual(["a", "b", "c"]);
    expect(built.keyLabels).toEqual(["a", "b", "c"]);
    expect(state?.matrices.v).toEqual(state?.matrices.k);
    expect(state?.heads).toBe(1);
  });

  it("plain-text tokens are split into words as the explorer does", () => {
    const { state } = read({ tokens: "the cat sat", heads: "1" });
    expect(state?.input).toBe("sequence");
    expect(state?.sequence.tokens).toEqual(["the", "cat", "sat"]);
    expect(state?.heads).toBe(1);
  });

  it("each bad attribute gets a message naming it, its value and what was expected", () => {
    expect(errorsOf({ step: "9" })).toEqual([
      'Attribute step="9" is not valid: expected a whole number from 1 to 8.',
    ]);
    expect(errorsOf({ view: "pie" })).toEqual([
      'Attribute view="pie" is not valid: expected heatmap, flow or both.',
    ]);
    expect(errorsOf({ example: "nope" })[0]).toMatch(
      /^Attribute example="nope" is not valid: expected one of five-values, /,
    );
    expect(errorsOf({ example: "pronoun", head: "3" })).toEqual([
      'Attribute head="3" is not valid: expected a head number from 1 to 1, or mean.',
    ]);
    expect(errorsOf({ height: "tall" })).toEqual([
      'Attribute height="tall" is not valid: expected a CSS length such as 480px or 30rem.',
    ]);
    expect(errorsOf({ q: "[[1, 2]]" })).toEqual([
      "Attribute k is missing: Q and K are both needed when either is given (V defaults to K).",
    ]);
    expect(errorsOf({ q: "[[1, 2], [3]]", k: "[[1, 2]]" })[0]).toMatch(/^Attribute q: .*row 2/);
    expect(errorsOf({ tokens: '["a"]', q: "[[1], [2]]", k: "[[1], [2], [3]]" })).toEqual([
      "Attribute tokens has 1 label, but Q has 2 rows and K has 3 rows: expected one label per row of Q or of K.",
    ]);
    expect(errorsOf({ step: "0" }, "zh-CN")).toEqual(["属性 step=“0” 无效：应为1 到 8 之间的整数。"]);
    expect(read({ step: "9" }).state).toBeUndefined();
  });

  it("the language: the attribute, else the page's around the widget, else English", () => {
    expect(read({ lang: "zh-CN" }).options.lang).toBe("zh-CN");
    expect(read({}, "zh-Hans").options.lang).toBe("zh-CN");
    expect(read({}, "fr").options.lang).toBe("en");
    expect(errorsOf({ lang: "fr" })).toEqual(['Attribute lang="fr" is not valid: expected en or zh-CN.']);
  });
});

describe("the app attribute (where the full explorer is): http(s) only", () => {
  const page = "https://blog.example/posts/attention/";
  const appOf = (app: string) => readAttributes({ example: "five-values", app }, { baseUrl: page });

  it("an absolute http(s) URL, or one relative to the page, resolved against it", () => {
    expect(appOf("https://explorer.example/ap/").options.app).toBe("https://explorer.example/ap/index.html");
    expect(appOf("http://localhost:5173/index.html").options.app).toBe("http://localhost:5173/index.html");
    expect(appOf("../../ap/index.html").options.app).toBe("https://blog.example/ap/index.html");
    expect(appOf("/ap/").options.app).toBe("https://blog.example/ap/index.html");
    expect(appOf("https://explorer.example/").errors).toEqual([]);
  });

  it.each([
    "javascript:alert(document.domain)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "blob:https://blog.example/0d1f",
    "file:///etc/passwd",
    "http://[",
  ])("refuses %j: no URL, and a message naming the attribute", (app) => {
    const { options, state, errors } = appOf(app.replace("\\t", "\t"));
    expect(options.app).toBeUndefined();
    expect(state).toBeUndefined();
    expect(errors.map((e) => say("en", e)).join("\n")).toMatch(
      /^Attribute app=".*" is not valid: expected an http\(s\) URL/,
    );
  });

  it("palette and weight-scale: the explorer's settings, default where absent, a message where unknown", () => {
    expect(read({ example: "five-values" }).state).toMatchObject({
      palette: "default",
      weightScale: "domain",
    });
    expect(read({ example: "five-values", palette: "cividis", "weight-scale": "row" }).state).toMatchObject({
      palette: "cividis",
      weightScale: "row",
    });
    expect(read({ "weight-scale": "weight" }).state?.weightScale).toBe("domain");
    expect(errorsOf({ palette: "rainbow", "weight-scale": "column" })).toEqual([
      'Attribute palette="rainbow" is not valid: expected default, viridis, cividis or grayscale.',
      'Attribute weight-scale="column" is not valid: expected weight (one colour, one weight) or row (each row from 0 to its largest).',
    ]);
  });

  it("the backend: auto by default, a backend's name, or a message", () => {
    expect(read({ example: "five-values" }).options.backend).toBe("auto");
    expect(read({ example: "five-values", backend: "wasm" }).options.backend).toBe("wasm");
    expect(errorsOf({ example: "five-values", backend: "tpu" })).toEqual([
      'Attribute backend="tpu" is not valid: expected auto, webgpu, webgl, wasm or cpu.',
    ]);
  });
});

describe("attributesFromHash (embed.html)", () => {
  it("reads the attribute names from the hash, and a permalink whole", () => {
    expect(attributesFromHash("#example=five-values&step=6&view=both&lang=zh-CN")).toEqual({
      example: "five-values",
      step: "6",
      view: "both",
      lang: "zh-CN",
    });
    expect(attributesFromHash("#s=2.eyJzdGVwIjozfQ&view=flow")).toEqual({
      permalink: "s=2.eyJzdGVwIjozfQ",
      view: "flow",
    });
    expect(attributesFromHash("#tokens=%5B%22a%22%5D&nonsense=1")).toEqual({ tokens: '["a"]' });
  });
});
