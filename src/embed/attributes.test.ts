import { describe, expect, it } from "vitest";
import { exampleById } from "../explorer/examples";
import { buildSpec } from "../explorer/spec";
import { decodePermalink } from "../explorer/permalink";
import { embedMessages } from "../i18n/messages/embed";
import {
  readAttributes,
  settingMessages,
  specErrorMessage,
  type Attributes,
  type SettingsSource,
} from "./attributes";
import { readHash } from "./hash";
import { say } from "./say";

const attributesFromHash = (hash: string) => readHash(hash).attributes;
const unknownHashNames = (hash: string) => readHash(hash).unknown;

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

describe("readHash (embed.html)", () => {
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

  it("names what it does not read, each once, so that a misspelt parameter is not lost in silence", () => {
    expect(unknownHashNames("#exmple=five-values&step=6&s=2.e30&Step=2&exmple=x&=1&lang=en")).toEqual([
      "exmple",
      "Step",
    ]);
    expect(unknownHashNames("#example=five-values&weight-scale=row&kv-heads=2")).toEqual([]);
  });

  it("says under the figure which URL parameters were ignored, with the nearest it reads, in English and Chinese", () => {
    const notes = (hash: string, lang: "en" | "zh-CN") =>
      readAttributes(attributesFromHash(hash), {
        source: "url",
        unknownParameters: unknownHashNames(hash),
      }).notes.map((n) => say(lang, n));
    const hash = "#exmple=five-values&STEP=3&colours=red";
    expect(notes(hash, "en")).toEqual([
      "URL parameter exmple is not one this page reads, and was ignored: did you mean example?",
      "URL parameter STEP is not one this page reads, and was ignored: did you mean step?",
      "URL parameter colours is not one this page reads, and was ignored.",
    ]);
    expect(notes(hash, "zh-CN")).toEqual([
      "网址参数 exmple 不是本页面读取的参数，已忽略：是否想写 example？",
      "网址参数 STEP 不是本页面读取的参数，已忽略：是否想写 step？",
      "网址参数 colours 不是本页面读取的参数，已忽略。",
    ]);
    // What the widget reads still applies: the figure opens, on its defaults.
    expect(readAttributes(attributesFromHash(hash), { source: "url" }).state).toBeDefined();
  });
});

describe("embed.html's hash, mangled on the way", () => {
  /** What the widget says of a hash, as embed-page.ts hands it over. */
  const read = (hash: string, lang: "en" | "zh-CN" = "en") => {
    const { attributes, unknown, repeated, damaged } = readHash(hash);
    const config = readAttributes(attributes, {
      source: "url",
      unknownParameters: unknown,
      repeatedParameters: repeated,
      damagedParameters: damaged,
    });
    return {
      state: config.state,
      notes: config.notes.map((n) => say(lang, n)),
      errors: config.errors.map((e) => say(lang, e)),
    };
  };

  it("a parameter given twice: the first is read, and the note says the other was ignored", () => {
    const { state, notes, errors } = read("#step=3&view=flow&step=5");
    expect(errors).toEqual([]);
    expect(state?.step).toBe(3);
    expect(notes).toEqual([
      "URL parameter step is given 2 times: only the first, step=3, is read, and the others were ignored.",
    ]);
    expect(read("#step=3&step=5&step=5", "zh-CN").notes).toEqual([
      "网址参数 step 出现了 3 次：只读取第一个 step=3，其余的已忽略。",
    ]);
    expect(read("#step=3&view=flow").notes).toEqual([]);
  });

  it("a character cut in two by a percent escape (%E4%B8 of 中) is an error naming the parameter, not a U+FFFD token", () => {
    // 中 is E4 B8 AD in UTF-8: the link was cut before its last byte.
    expect(read("#tokens=%E4%B8").errors).toEqual([
      "URL parameter tokens holds %E4%B8, which is not whole UTF-8 text: the link was cut inside a character or encoded wrongly. Copy it again, in full.",
    ]);
    expect(read("#step=2&tokens=a%20%E4%B8%20b", "zh-CN").errors).toEqual([
      "网址参数 tokens 含有 %E4%B8，这不是完整的 UTF-8 文字：链接可能在某个字符中间被截断了，或者编码有误。请重新完整地复制。",
    ]);
    // Whole characters, a literal "%" and "+" for a space are text, not damage.
    const whole = read("#tokens=%E4%B8%AD%E6%96%87+100%");
    expect(whole.errors).toEqual([]);
    expect(readHash("#tokens=%E4%B8%AD%E6%96%87+100%").attributes.tokens).toBe("中文 100%");
  });
});

describe("messages name where a wrong setting was written: an attribute, or embed.html's URL", () => {
  /** What embed.html makes of its hash, as embed-page.ts and the widget read it. */
  const fromUrl = (hash: string, source: SettingsSource = "url") => {
    const attrs = attributesFromHash(hash);
    const permalink = attrs.permalink ? decodePermalink(attrs.permalink) : undefined;
    return { attrs, config: readAttributes(attrs, { source, permalink }) };
  };
  const urlErrors = (hash: string, lang: "en" | "zh-CN" = "en") =>
    fromUrl(hash).config.errors.map((e) => say(lang, e));
  // {"input":"matrices","matrices":{"q":[["1e308","0"]],"k":[["1","0"],["0","1"]],"v":[["1","2"],["3","4"]]}}
  const HUGE_Q =
    "s=2.eyJpbnB1dCI6Im1hdHJpY2VzIiwibWF0cmljZXMiOnsicSI6W1siMWUzMDgiLCIwIl1dLCJrIjpbWyIxIiwiMCJdLFsiMCIsIjEiXV0sInYiOltbIjEiLCIyIl0sWyIzIiwiNCJdXX19";

  it("a bad URL parameter is said as the reader wrote it, name=value, in English and Chinese", () => {
    expect(urlErrors("#step=9&palette=rainbow")).toEqual([
      "URL parameter step=9 is not valid: expected a whole number from 1 to 8.",
      "URL parameter palette=rainbow is not valid: expected default, viridis, cividis or grayscale.",
    ]);
    expect(urlErrors("#step=9&palette=rainbow", "zh-CN")).toEqual([
      "网址参数 step=9 无效：应为1 到 8 之间的整数。",
      "网址参数 palette=rainbow 无效：应为default、viridis、cividis 或 grayscale。",
    ]);
    expect(urlErrors("#example=five-values&lang=fr")).toEqual([
      "URL parameter lang=fr is not valid: expected en or zh-CN.",
    ]);
  });

  it("a permalink in the URL that cannot be read is the link's permalink, quoted by its start", () => {
    expect(urlErrors("#s=2.e30xe")).toEqual([
      "The link's permalink (#s=2.e30xe) could not be opened. This link is cut short: copy it again, in full.",
    ]);
    expect(urlErrors("#s=2.e30xe", "zh-CN")).toEqual([
      "链接中的永久链接（#s=2.e30xe）无法打开。这个链接不完整：请重新完整地复制。",
    ]);
    expect(urlErrors("#permalink=nonsense")).toEqual([
      "URL parameter permalink=nonsense is not valid: expected a link made by the share dialog (s=2.…).",
    ]);
  });

  it("inline matrices and tokens in the URL: missing, unreadable, or labels that fit neither", () => {
    expect(urlErrors("#q=[[1,2]]")).toEqual([
      "URL parameter k is missing: Q and K are both needed when either is given (V defaults to K).",
    ]);
    expect(urlErrors("#q=[[1,2]]", "zh-CN")).toEqual([
      "缺少网址参数 k：给出 Q 或 K 时两者都需要（V 默认等于 K）。",
    ]);
    expect(urlErrors("#q=[[1,2],[3]]&k=[[1,2]]")[0]).toMatch(/^URL parameter q: Q row 2 /);
    expect(urlErrors('#tokens=["a"]&q=[[1],[2]]&k=[[1],[2],[3]]')).toEqual([
      "URL parameter tokens has 1 label, but Q has 2 rows and K has 3 rows: expected one label per row of Q or of K.",
    ]);
  });

  it("a value the figure cannot be drawn from is said of the permalink that carried it, not of an attribute q", () => {
    const { attrs, config } = fromUrl(`#${HUGE_Q}`);
    expect(config.errors).toEqual([]);
    const problem = { key: "error.parse.tooLarge", params: { at: "Q row 1, column 1", text: "1e308" } };
    expect(say("en", specErrorMessage("Q", problem, attrs, "url"))).toBe(
      "The link's permalink (#s=2.eyJpbnB1dCI6Im1hdHJp…) holds a setting this figure cannot be drawn from: Q row 1, column 1: 1e308 is too large (expected a finite number)",
    );
    expect(say("en", specErrorMessage("Q", problem, attrs, "attributes"))).toBe(
      "Attribute permalink: Q row 1, column 1: 1e308 is too large (expected a finite number)",
    );
    // Q given in the URL itself is that parameter's.
    expect(say("en", specErrorMessage("Q", problem, { q: "[[1e308, 0]]" }, "url"))).toBe(
      "URL parameter q: Q row 1, column 1: 1e308 is too large (expected a finite number)",
    );
    expect(say("en", settingMessages("url").fullNeedsApp())).toBe(
      "ui=full needs the URL parameter app: the URL of the full explorer",
    );
    expect(say("zh-CN", settingMessages("url").fullNeedsApp())).toBe(
      "ui=full 需要网址参数 app：完整探索器的网址",
    );
  });

  it("a permalink with a setting it cannot use draws the rest, and a note names that setting", () => {
    // {"step":3,"palette":"rainbow"}
    const hash = "#s=2.eyJzdGVwIjozLCJwYWxldHRlIjoicmFpbmJvdyJ9";
    const { config } = fromUrl(hash);
    expect(config.errors).toEqual([]);
    expect(config.state?.step).toBe(3);
    expect(config.state?.palette).toBe("default");
    expect(config.notes.map((n) => say("en", n))).toEqual([
      'The link\'s permalink (#s=2.eyJzdGVwIjozLCJwYWxl…) was opened, but 1 of its settings could not be used and has its default value: Colours (palette = "rainbow": expected one of default, viridis, cividis, grayscale).',
    ]);
    expect(config.notes.map((n) => say("zh-CN", n))).toEqual([
      "已打开链接中的永久链接（#s=2.eyJzdGVwIjozLCJwYWxl…），但其中有 1 项设置无法使用，已改用默认值：配色（palette = “rainbow”：应为以下之一：default、viridis、cividis、grayscale）。",
    ]);
    expect(fromUrl(hash, "attributes").config.notes.map((n) => say("en", n))).toEqual([
      'Attribute permalink: 1 of the link\'s settings could not be used and has its default value: Colours (palette = "rainbow": expected one of default, viridis, cividis, grayscale).',
    ]);
    expect(fromUrl("#s=2.eyJzdGVwIjozfQ").config.notes).toEqual([]);
  });

  it("the element's own messages still name its attributes", () => {
    const { config } = fromUrl("#s=2.e30xe&step=9", "attributes");
    expect(config.errors.map((e) => say("en", e))).toEqual([
      "Attribute permalink: This link is cut short: copy it again, in full.",
      'Attribute step="9" is not valid: expected a whole number from 1 to 8.',
    ]);
    expect(say("en", settingMessages("attributes").fullNeedsApp())).toBe(
      'ui="full" needs the app attribute: the URL of the full explorer',
    );
  });

  it("no message embed.html can give for its URL speaks of an attribute, in either language", () => {
    const url = Object.keys(embedMessages.en).filter((key) => key.startsWith("embed.url."));
    expect(url.length).toBe(13);
    for (const key of url) {
      expect((embedMessages.en as Record<string, string>)[key], key).not.toMatch(/attribute/i);
      expect((embedMessages["zh-CN"] as Record<string, string>)[key], key).not.toMatch(/属性/);
    }
    const hashes = [
      "#s=2.e30xe",
      "#s=2.!!!",
      "#s=99.e30",
      "#permalink=x",
      "#example=nope",
      "#tokens=[1]",
      "#q=[[1],[2]]",
      "#q=[[1],[2]]&k=[[1],[x]]",
      '#tokens=["a"]&q=[[1],[2]]&k=[[1],[2],[3]]',
      "#example=five-values&step=0&view=pie&head=9&heads=99&score=cos&mask=x&theme=pink&palette=rainbow",
      "#example=five-values&weight-scale=col&height=tall&ui=page&app=javascript:1&backend=tpu&lang=fr",
      "#example=five-values&rope=full&alibi=yes&kv-heads=3&window=0",
    ];
    for (const hash of hashes) {
      const errors = fromUrl(hash).config.errors;
      expect(errors.length, hash).toBeGreaterThan(0);
      for (const lang of ["en", "zh-CN"] as const) {
        for (const e of errors) expect(say(lang, e), `${hash} ${lang}`).not.toMatch(/attribute|属性/i);
      }
    }
  });
});

describe("specErrorMessage (what a figure that cannot be drawn says)", () => {
  it("an example's Q that cannot be split into the heads attribute's heads names heads, not q", () => {
    const attrs: Attributes = { example: "two-heads", heads: "4" };
    const { state } = read(attrs);
    const error = buildSpec(state!).errors[0]!;
    expect(error.key).toBe("error.heads.divide");
    const message = specErrorMessage(error.field, { key: error.key, params: error.params }, attrs);
    expect(say("en", message)).toMatch(
      /^Attribute heads: Q has \d+ columns, which cannot be split evenly into 4 heads/,
    );
    expect(say("zh-CN", message)).toMatch(/^属性 heads/);
    // Q written by the page is still q's.
    const written = { ...attrs, q: "[[1, 2, 3]]" };
    expect(say("en", specErrorMessage("Q", { key: error.key, params: error.params }, written))).toMatch(
      /^Attribute q: /,
    );
  });
});
