import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXAMPLES } from "./examples";
import { shareMessages } from "../i18n/messages/share";
import { decodePermalink, encodePermalink, MAX_PERMALINK_LENGTH, PERMALINK_VERSION } from "./permalink";
import { say } from "../i18n/i18n";
import { ignoredList, labelOf, SHOWN_LABELS } from "./ignored";
import { maybeExplorerState, readExplorerState, type IgnoredField } from "./persist";
import { appMessages } from "../i18n/messages/app";
import { a11yMessages } from "../i18n/messages/a11y";
import { modernMessages } from "../i18n/messages/modern";
import { createInitialState, reduce, type ExplorerState } from "./state";

const base64url = (text: string) => Buffer.from(text, "utf8").toString("base64url");
/** A link of today's format around any JSON text. */
const link = (json: string, version = PERMALINK_VERSION) => `s=${version}.${base64url(json)}`;

function opened(fragment: string): ExplorerState {
  const decoded = decodePermalink(fragment);
  if (!decoded || "error" in decoded) throw new Error(`expected a state, got ${JSON.stringify(decoded)}`);
  return decoded.state;
}

function errorKey(fragment: string): string {
  const decoded = decodePermalink(fragment);
  if (!decoded || !("error" in decoded)) throw new Error(`expected an error, got ${JSON.stringify(decoded)}`);
  return decoded.error.key;
}

const roundTrip = (state: ExplorerState) => opened(encodePermalink(state));

describe("permalinks round-trip the whole state", () => {
  it("the default state makes the shortest link, and opens as the default", () => {
    const fragment = encodePermalink(createInitialState());
    expect(fragment).toBe(`s=2.${base64url("{}")}`);
    expect(opened(fragment)).toEqual(createInitialState());
  });

  it("a link is versioned and its payload is base64url without padding", () => {
    const fragment = encodePermalink(reduce(createInitialState(), { type: "setText", text: "猫 <b>&amp;" }));
    expect(fragment).toMatch(/^s=2\.[A-Za-z0-9_-]+$/);
  });

  it.each(EXAMPLES.map((e) => [e.id, e] as const))("example %s opens exactly as it was", (_, example) => {
    const state = example.state();
    expect(roundTrip(state)).toEqual(state);
    // The same example as a person leaves it: a locked cell, another step, the mean head, the dark theme,
    // a painted mask and a hand-edited cell holding text that is not a number.
    let edited = reduce(state, { type: "lock", query: 0, key: 0 });
    edited = reduce(edited, { type: "setStep", step: 7 });
    edited = reduce(edited, { type: "setHead", head: "mean" });
    edited = reduce(edited, { type: "setTheme", theme: "dark" });
    edited = reduce(edited, { type: "setPalette", palette: "cividis" });
    edited = reduce(edited, { type: "setWeightScale", weightScale: "row" });
    edited = reduce(edited, { type: "toggleMaskCell", query: 0, key: 0 });
    edited = reduce(edited, {
      type: "setMatrix",
      name: "q",
      cells: [
        ["abc", " 1e-3 "],
        ["−2", ""],
      ],
    });
    const back = roundTrip(edited);
    expect(back).toEqual(edited);
    expect(back.matrices.q).toEqual([
      ["abc", " 1e-3 "],
      ["−2", ""],
    ]);
    expect(back.mask).toEqual({ ...edited.mask, kind: "custom" });
  });

  it("keeps text exactly: Chinese, emoji, quotes, angle brackets and newlines", () => {
    const text = '他说："<script>alert(1)</script>" & 🐈\n\ttab';
    const state = reduce(createInitialState(), { type: "setText", text });
    const back = roundTrip(state);
    expect(back.sequence.text).toBe(text);
    expect(back.sequence.tokens).toEqual(state.sequence.tokens);
  });

  it("writes only the fields that differ from the default", () => {
    const state = reduce(createInitialState(), { type: "setStep", step: 2 });
    const fragment = encodePermalink(state);
    const payload = JSON.parse(Buffer.from(fragment.slice(4), "base64url").toString("utf8"));
    expect(payload).toEqual({ step: 2 });
  });

  it("five words make a link of 150 characters: the words, and nothing that is the default", () => {
    // Before nested defaults were left out, this link was 2,004 characters: the default's four 8 × 8 weight
    // matrices, its Chinese key sentence and every other field of `sequence` went along with the words.
    const state = reduce(createInitialState(), { type: "setText", text: "the cat sat on mats" });
    const fragment = encodePermalink(state);
    const payload = JSON.parse(Buffer.from(fragment.slice(4), "base64url").toString("utf8"));
    expect(payload).toEqual({
      sequence: { text: "the cat sat on mats", tokens: ["the", "cat", "sat", "on", "mats"] },
      mask: { validLength: 5 },
    });
    // That payload is 107 bytes of JSON, 143 characters of base64url after "s=2.": the words twice (text and
    // chips) and the field names are all a link needs. 160 leaves no room for any default to come back.
    expect(fragment.length).toBeLessThanOrEqual(160);
    expect(opened(fragment)).toEqual(state);
  });

  it("leaves out nested defaults and keeps nested changes: one weight cell, a painted mask, a label", () => {
    let state = reduce(createInitialState(), { type: "setWeights", weights: "custom" });
    const wq = state.sequence.custom.wq.map((row) => [...row]);
    wq[2]![3] = "0.5";
    state = reduce(state, { type: "setCustomWeight", name: "wq", cells: wq });
    state = reduce(state, { type: "toggleMaskCell", query: 1, key: 2 });
    state = { ...state, matrices: { ...state.matrices, labels: { queries: ["it"], keys: [] } } };
    const fragment = encodePermalink(state);
    const payload = JSON.parse(Buffer.from(fragment.slice(4), "base64url").toString("utf8"));
    expect(payload).toEqual({
      sequence: { weights: "custom", custom: { wq } },
      matrices: { labels: { queries: ["it"] } },
      mask: { kind: "custom", painted: [[1, 2]] },
    });
    expect(opened(fragment)).toEqual(state);
  });

  it("round-trips any sequence of edits", () => {
    const action = fc.oneof(
      fc.string({ maxLength: 30 }).map((text) => ({ type: "setText", text }) as const),
      fc.string({ maxLength: 30 }).map((text) => ({ type: "setKeyText", text }) as const),
      fc.boolean().map((cross) => ({ type: "setCross", cross }) as const),
      fc.constantFrom(2, 4, 8, 16).map((dModel) => ({ type: "setModelSize", dModel }) as const),
      fc.integer({ min: -5, max: 5 }).map((seed) => ({ type: "setSeed", seed }) as const),
      fc
        .constantFrom("random", "identity", "custom")
        .map((weights) => ({ type: "setWeights", weights }) as const),
      fc.constantFrom("sequence", "matrices").map((input) => ({ type: "setInput", input }) as const),
      fc
        .constantFrom("none", "causal", "padding", "custom")
        .map((kind) => ({ type: "setMaskKind", kind }) as const),
      fc.integer({ min: 0, max: 6 }).map((validLength) => ({ type: "setValidLength", validLength }) as const),
      fc
        .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }))
        .map(([query, key]) => ({ type: "toggleMaskCell", query, key }) as const),
      fc.constantFrom(1, 2, 4).map((heads) => ({ type: "setHeads", heads }) as const),
      fc.integer({ min: 1, max: 8 }).map((step) => ({ type: "setStep", step }) as const),
      fc.constantFrom(0.5, 1, 2).map((temperature) => ({ type: "setTemperature", temperature }) as const),
      fc
        .array(fc.array(fc.constantFrom("1", "0", "-2", "x"), { minLength: 2, maxLength: 2 }), {
          minLength: 1,
          maxLength: 3,
        })
        .map((cells) => ({ type: "setMatrix", name: "q", cells }) as const),
    );
    fc.assert(
      fc.property(fc.array(action, { maxLength: 12 }), (actions) => {
        const state = actions.reduce(reduce, createInitialState());
        expect(roundTrip(state)).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });

  it("finds the permalink among other fragment parameters, with or without '#'", () => {
    const state = reduce(createInitialState(), { type: "setTemperature", temperature: 0.5 });
    const fragment = encodePermalink(state);
    expect(opened(`#${fragment}`)).toEqual(state);
    expect(opened(`x=1&${fragment}&y=2`)).toEqual(state);
  });

  it("opens a link that a mail or chat program percent-encoded once or twice on the way", () => {
    const state = reduce(createInitialState(), { type: "setHeads", heads: 4 });
    const fragment = encodePermalink(state);
    // Written out by hand: "=" is %3D, "#" is %23, and "%" itself %25 when encoded a second time.
    const rest = fragment.slice("s=".length);
    expect(opened(`s%3D${rest}`)).toEqual(state);
    expect(opened(`#s%3D${rest}`)).toEqual(state);
    expect(opened(`%23s%3D${rest}`)).toEqual(state);
    expect(opened(`s%253D${rest}`)).toEqual(state);
    expect(opened(`x%3D1%26s%3D${rest}`)).toEqual(state);
    // A cut escape elsewhere does not hide the link.
    expect(opened(`s%3D${rest}%26t%3D%E4%B8`)).toEqual(state);
    // Damage inside an encoded link is said like damage inside a plain one.
    expect(errorKey(`s%3D${rest.slice(0, -1)}`)).toBe(errorKey(`s=${rest.slice(0, -1)}`));
  });

  it("a fragment without a permalink is no permalink", () => {
    expect(decodePermalink("")).toBeUndefined();
    expect(decodePermalink("#")).toBeUndefined();
    expect(decodePermalink("#step=3")).toBeUndefined();
    expect(decodePermalink("xs=2.e30")).toBeUndefined();
    expect(decodePermalink("xs%3D2.e30")).toBeUndefined();
    expect(decodePermalink("step%3D3")).toBeUndefined();
  });

  it("the defaults of format 2 have not changed (if they do, the migration from 2 must write the old ones)", () => {
    // Links leave out fields equal to the default; a new default would silently change what old links open.
    const d = createInitialState();
    expect(d.sequence.text).toBe("The animal didn't cross the street because it was too tired");
    expect({ ...d, sequence: { ...d.sequence, tokens: [], keyTokens: [] } }).toEqual(
      maybeExplorerState(DEFAULTS_V2),
    );
  });
});

/** Format 2's default state, less the tokens (which Intl.Segmenter derives from the text). */
const DEFAULTS_V2 = {
  input: "sequence",
  sequence: {
    text: "The animal didn't cross the street because it was too tired",
    tokenizer: "words",
    tokens: [],
    cross: false,
    keyText: "动物没有过马路，因为它太累了",
    keyTokens: [],
    dModel: 8,
    seed: 1,
    positional: "sinusoidal",
    weights: "random",
    custom: Object.fromEntries(
      ["wq", "wk", "wv", "wo"].map((name) => [
        name,
        Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => (i === j ? "1" : "0"))),
      ]),
    ),
  },
  matrices: {
    q: [
      ["1", "0"],
      ["0", "1"],
      ["1", "1"],
    ],
    k: [
      ["1", "0"],
      ["0", "1"],
      ["1", "1"],
    ],
    v: [
      ["1", "2"],
      ["3", "4"],
      ["5", "6"],
    ],
    labels: { queries: [], keys: [] },
  },
  score: "scaled-dot",
  temperature: 1,
  mask: { kind: "none", validLength: 11, painted: [] },
  heads: 2,
  mode: "soft",
  backend: "auto",
  step: 6,
  head: 0,
  locked: null,
  theme: "light",
  palette: "default",
  showTables: false,
  lesson: null,
  exercise: false,
};

describe("older links", () => {
  // Format 1, written by hand: the state of the release before palettes, row names, lessons and exercises.
  // {"input":"matrices","matrices":{"q":[["1","0"],["0","abc"]],"k":[["1","2"],["3","4"]],"v":[["5"],["6"]]},
  //  "score":"dot","step":3,"head":"mean","locked":{"query":1,"key":0},"theme":"dark","showTables":true,
  //  "mask":{"kind":"custom","validLength":2,"painted":[[0,1]]}}
  const V1 =
    "s=1.eyJpbnB1dCI6Im1hdHJpY2VzIiwibWF0cmljZXMiOnsicSI6W1siMSIsIjAiXSxbIjAiLCJhYmMiXV0sImsiOltbIjEiLCIyIl0sWyIzIiwiNCJdXSwidiI6W1siNSJdLFsiNiJdXX0sInNjb3JlIjoiZG90Iiwic3RlcCI6MywiaGVhZCI6Im1lYW4iLCJsb2NrZWQiOnsicXVlcnkiOjEsImtleSI6MH0sInRoZW1lIjoiZGFyayIsInNob3dUYWJsZXMiOnRydWUsIm1hc2siOnsia2luZCI6ImN1c3RvbSIsInZhbGlkTGVuZ3RoIjoyLCJwYWludGVkIjpbWzAsMV1dfX0";

  it("a version 1 link opens, its fields kept and the new ones at their defaults", () => {
    const state = opened(V1);
    const d = createInitialState();
    expect(state).toEqual({
      ...d,
      input: "matrices",
      matrices: {
        q: [
          ["1", "0"],
          ["0", "abc"],
        ],
        k: [
          ["1", "2"],
          ["3", "4"],
        ],
        v: [["5"], ["6"]],
        labels: { queries: [], keys: [] },
      },
      score: "dot",
      step: 3,
      head: "mean",
      locked: { query: 1, key: 0 },
      theme: "dark",
      showTables: true,
      mask: { kind: "custom", validLength: 2, painted: [[0, 1]] },
    });
  });

  it("a version 2 link written before nested defaults were left out opens the same state", () => {
    // Format 2 as first written: every top-level field that differs from the default, whole.
    const whole = (state: ExplorerState) => {
      const d = createInitialState() as unknown as Record<string, unknown>;
      const changed = Object.fromEntries(
        Object.entries(state).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(d[key])),
      );
      return link(JSON.stringify(changed));
    };
    const five = reduce(createInitialState(), { type: "setText", text: "the cat sat on mats" });
    expect(whole(five).length).toBe(2004);
    for (const state of [five, ...EXAMPLES.map((e) => e.state())])
      expect(opened(whole(state))).toEqual(state);
  });

  it("a version 1 link cannot set what version 1 did not have", () => {
    const state = opened(
      link('{"palette":"viridis","exercise":true,"lesson":{"example":"causal","stop":1}}', 1),
    );
    expect(state).toEqual(createInitialState());
  });
});

describe("damaged links open nothing and say why", () => {
  const good = encodePermalink(EXAMPLES[1]!.state());

  it.each([
    ["no version", "s=abc", "share.error.format"],
    ["no dot", "s=2", "share.error.format"],
    ["a newer version", link("{}", 99), "share.error.newer"],
    ["version 0", link("{}", 0), "share.error.unknownVersion"],
    ["characters outside base64url", "s=2.e30+", "share.error.base64"],
    ["padding", "s=2.e30=", "share.error.base64"],
    ["a script", "s=2.<script>alert(1)</script>", "share.error.base64"],
    ["one stray character past a group", "s=2.e30xe", "share.error.truncated"],
    [
      "bytes that are not UTF-8",
      `s=2.${Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString("base64url")}`,
      "share.error.text",
    ],
    [
      "a cut inside a Chinese character",
      `s=2.${Buffer.from('{"a":"猫').subarray(0, 7).toString("base64url")}`,
      "share.error.truncated",
    ],
    ["JSON that is not JSON", link("{step: 3}"), "share.error.json"],
    ["JavaScript", link("(() => { throw 1 })()"), "share.error.json"],
    ["a number", link("42"), "share.error.notObject"],
    ["an array", link("[1, 2]"), "share.error.notObject"],
    ["null", link("null"), "share.error.notObject"],
  ])("%s", (_, fragment, key) => {
    expect(errorKey(fragment)).toBe(key);
  });

  it("a payload cut short, anywhere, is an error (cut short or damaged), never a crash or a half state", () => {
    for (let length = 4; length < good.length - 1; length += 7) {
      const key = errorKey(good.slice(0, length));
      expect(["share.error.truncated", "share.error.json", "share.error.text"], `cut at ${length}`).toContain(
        key,
      );
    }
  });

  it("a link cut right after its version's dot (s=2.) says it is cut short, not damaged", () => {
    expect(errorKey("s=2.")).toBe("share.error.truncated");
    expect(errorKey("#x=1&s=2.&y=2")).toBe("share.error.truncated");
  });

  it("a payload cut at a group of 4 says it is cut short", () => {
    const cut = good.slice(0, 4 + Math.floor((good.length - 4) / 8) * 4);
    expect(errorKey(cut)).toBe("share.error.truncated");
  });

  it("a 3 MB fragment is refused before it is decoded", () => {
    const huge = `s=2.${"A".repeat(3_000_000)}`;
    const decoded = decodePermalink(huge);
    expect(decoded).toEqual({
      error: { key: "share.error.tooLong", params: { length: huge.length, max: MAX_PERMALINK_LENGTH } },
    });
  });

  it("every error names a message with English and Chinese text and the same placeholders", () => {
    const keys = Object.keys(shareMessages.en).filter((k) => k.startsWith("share.error."));
    expect(keys.length).toBeGreaterThanOrEqual(9);
    const placeholders = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, template] of Object.entries(shareMessages.en)) {
      const zh = (shareMessages["zh-CN"] as Record<string, string>)[key];
      expect(zh, key).toBeTruthy();
      expect(placeholders(zh ?? ""), key).toEqual(placeholders(template));
    }
  });
});

describe("a link's settings that cannot be used are named, and the rest of its state applies", () => {
  /** The link's state and the fields it ignored, of a JSON text written here by hand. */
  function read(json: string): { state: ExplorerState; ignored: readonly IgnoredField[] } {
    const decoded = decodePermalink(link(json));
    if (!decoded || "error" in decoded) throw new Error(`expected a state, got ${JSON.stringify(decoded)}`);
    return decoded;
  }
  const d = createInitialState();

  it("an out-of-range number, an unknown palette and an unknown name: each listed with its value", () => {
    const { state, ignored } = read(
      '{"temperature": -5, "palette": "rainbow", "foo": 1, "step": 3, "score": "dot", "heads": 4}',
    );
    expect(ignored).toMatchObject([
      {
        path: "temperature",
        value: -5,
        expected: { key: "share.expect.number", params: { min: "1e−6", max: "1e12" } },
      },
      { path: "palette", value: "rainbow", expected: { key: "share.expect.oneOf" } },
      { path: "foo", value: 1 },
    ]);
    expect(say("en", ignored[1]!.expected!)).toBe("one of default, viridis, cividis, grayscale");
    expect(say("zh-CN", ignored[1]!.expected!)).toBe("以下之一：default、viridis、cividis、grayscale");
    // What could be used was.
    expect(state).toEqual({ ...d, step: 3, score: "dot", heads: 4 });
  });

  it("nested settings are named by their place in the state; wrong types, a head past the heads, stray names", () => {
    const { state, ignored } = read(
      JSON.stringify({
        sequence: { text: "the cat sat", tokenizer: "bpe", dModel: 0, colour: "red" },
        mask: "causal",
        heads: 2,
        head: 5,
        locked: { query: 1, key: "2" },
        modern: { rope: "half", kvHeads: 0, alibi: "yes" },
        lesson: { example: "Not An Id" },
        showTables: 1,
      }),
    );
    expect(ignored.map((f) => [f.path, f.value])).toEqual([
      ["mask", "causal"],
      ["sequence.tokenizer", "bpe"],
      ["sequence.dModel", 0],
      ["head", 5],
      ["locked.key", "2"],
      ["showTables", 1],
      ["lesson", { example: "Not An Id" }],
      ["modern.alibi", "yes"],
      ["modern.kvHeads", 0],
      ["sequence.colour", "red"],
    ]);
    expect(ignored.find((f) => f.path === "head")?.expected).toEqual({
      key: "share.expect.head",
      params: { max: 1 },
    });
    expect(state.sequence).toEqual({ ...d.sequence, text: "the cat sat" });
    expect(state.heads).toBe(2);
    expect(state.head).toBe(0);
    expect(state.locked).toEqual({ query: 1, key: 0 });
    expect(state.modern).toEqual({ ...d.modern, rope: "half" });
    expect(state.mask).toEqual(d.mask);
    expect(state.lesson).toBeNull();
  });

  it("a link the share dialog made, of any example, and a version 1 link ignore nothing", () => {
    for (const example of EXAMPLES) {
      const decoded = decodePermalink(encodePermalink(example.state()));
      expect(decoded && "ignored" in decoded ? decoded.ignored : "error", example.id).toEqual([]);
    }
    expect(read('{"step": 2, "lesson": null, "locked": null, "modern": {"kvHeads": null}}').ignored).toEqual(
      [],
    );
    const v1 = decodePermalink(`s=1.${base64url('{"input":"matrices","score":"dot","step":6}')}`);
    expect(v1 && "ignored" in v1 ? v1.ignored : "error").toEqual([]);
  });

  it("the notice's list: each field with the value refused, quoted and clipped, in English and Chinese", () => {
    const { ignored } = read(
      '{"temperature": -5, "palette": "rainbow", "foo": 1, "theme": "a very long theme name that goes on"}',
    );
    const list = ignoredList(ignored);
    expect(say("en", list)).toBe(
      'Temperature τ (temperature = −5: expected a number from 1e−6 to 1e12), Theme (theme = "a very long theme name t…": expected one of light, dark), Colours (palette = "rainbow": expected one of default, viridis, cividis, grayscale), foo (not a setting this page knows)',
    );
    expect(say("zh-CN", list)).toBe(
      "温度 τ（temperature = −5：应为1e−6 到 1e12 之间的数）；主题（theme = “a very long theme name t…”：应为以下之一：light、dark）；配色（palette = “rainbow”：应为以下之一：default、viridis、cividis、grayscale）；foo（本页面不认识这项设置）",
    );
    expect(say("en", { key: "share.linkIgnored", params: { count: 4, fields: list } })).toMatch(
      /^This link was opened, but 4 of its settings could not be used and have their default values: Temperature τ \(/,
    );
  });

  /** A setting's label in `lang`, or its name in the link where it has none. */
  const labelIn = (lang: "en" | "zh-CN", path: string) => {
    const label = labelOf(path);
    return typeof label === "object" ? say(lang, label) : String(label);
  };

  it("every setting the state reads is named by a label of its own, in English and in Chinese", () => {
    /** `x` with each value of its own replaced by `wrong` (objects `deep` levels down kept, their values replaced). */
    const replaced = (x: unknown, wrong: unknown, deep: number): unknown =>
      deep > 0 && typeof x === "object" && x !== null && !Array.isArray(x)
        ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, replaced(v, wrong, deep - 1)]))
        : wrong;
    const d = createInitialState();
    const paths = new Set<string>();
    for (const deep of [0, 1, 2, 3]) {
      for (const wrong of [{ wrong: 1 }, 0.5]) {
        const json = replaced(d, wrong, deep);
        // Each level's settings, and the fields of a locked cell and a lesson, which a null hides.
        for (const patch of [
          {},
          { locked: { query: "x", key: "x" }, lesson: { example: "pronoun", stop: "x" } },
        ]) {
          for (const f of readExplorerState({ ...(json as object), ...patch }).ignored) {
            if (f.expected) paths.add(f.path);
          }
        }
      }
    }
    // And every label is of a setting the state reads: by a label of its own, or by one the page has.
    const own = Object.keys(shareMessages.en)
      .filter((k) => k.startsWith("share.field."))
      .map((k) => k.slice("share.field.".length));
    const shown = Object.keys(SHOWN_LABELS);
    expect(own.filter((path) => shown.includes(path))).toEqual([]);
    expect([...paths].sort()).toEqual([...own, ...shown].sort());
    // A label the page has is a message of the catalogs the widget holds too (embed/say.ts), which names
    // a link's settings under its figure.
    const widget = [appMessages.en, a11yMessages.en, shareMessages.en];
    for (const key of Object.values(SHOWN_LABELS))
      expect(
        widget.some((catalog) => Object.hasOwn(catalog, key)),
        key,
      ).toBe(true);
    for (const path of paths) {
      expect(typeof labelOf(path), path).toBe("object");
      const [en, zh] = [labelIn("en", path), labelIn("zh-CN", path)];
      expect(en, path).not.toMatch(/^share\./);
      expect(zh, path).not.toMatch(/^share\.|[a-z]{3,} [a-z]{3,}/);
    }
    // A name the state does not have is said as the link spells it.
    expect(labelOf("colour")).toBe("colour");
  });

  it("a setting's label is the one the page shows it under", () => {
    const shown = {
      temperature: ["settings.temperature", appMessages],
      "sequence.dModel": ["model.dModel", appMessages],
      "sequence.seed": ["model.seed", appMessages],
      "sequence.positional": ["model.positional", appMessages],
      "sequence.weights": ["model.weights", appMessages],
      "sequence.tokenizer": ["seq.tokenizer", appMessages],
      "sequence.keyText": ["seq.keyText", appMessages],
      score: ["score.label", appMessages],
      "mask.kind": ["mask.label", appMessages],
      "mask.validLength": ["mask.validLength", appMessages],
      heads: ["heads.label", appMessages],
      mode: ["mode.label", appMessages],
      backend: ["backend.select", appMessages],
      showTables: ["header.tables", appMessages],
      palette: ["palette.label", a11yMessages],
      weightScale: ["weightScale.label", a11yMessages],
      "modern.rope": ["modern.rope", modernMessages],
      "modern.ropeBase": ["modern.ropeBase", modernMessages],
      "modern.kvHeads": ["modern.kvHeads", modernMessages],
      "modern.window": ["modern.window", modernMessages],
      "modern.blockSize": ["online.blockSize", modernMessages],
    } as const;
    for (const [path, [key, catalog]] of Object.entries(shown)) {
      for (const lang of ["en", "zh-CN"] as const) {
        expect(labelIn(lang, path), path).toBe((catalog[lang] as Record<string, string>)[key]);
      }
    }
    expect([labelIn("en", "temperature"), labelIn("zh-CN", "temperature")]).toEqual([
      "Temperature τ",
      "温度 τ",
    ]);
  });

  it("a value refused and a bound are written with minus signs, the exponent's too", () => {
    const { ignored } = read('{"temperature": -1e-7}');
    expect(say("en", ignoredList(ignored))).toBe(
      "Temperature τ (temperature = \u22121e\u22127: expected a number from 1e\u22126 to 1e12)",
    );
  });

  it("past eight fields the notice counts the rest", () => {
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`extra${i + 1}`, i]));
    const { ignored } = read(JSON.stringify(many));
    expect(ignored.length).toBe(11);
    expect(say("en", ignoredList(ignored))).toBe(
      "extra1 (not a setting this page knows), extra2 (not a setting this page knows), extra3 (not a setting this page knows), extra4 (not a setting this page knows), extra5 (not a setting this page knows), extra6 (not a setting this page knows), extra7 (not a setting this page knows), extra8 (not a setting this page knows), and 3 more",
    );
  });
});

describe("hostile links are neutralised", () => {
  it("drops tokens that show nothing, which would be invisible chips (zero-width space, BOM, joiner)", () => {
    const tokens = ["a", "\u200b", "b", "\ufeff\u200d", "👨\u200d👩"];
    const state = opened(link(JSON.stringify({ sequence: { tokens, keyTokens: ["\u2060", "c"] } })));
    expect(state.sequence.tokens).toEqual(["a", "b", "👨\u200d👩"]);
    expect(state.sequence.keyTokens).toEqual(["c"]);
  });

  it("out-of-range and wrongly typed values take their defaults", () => {
    const d = createInitialState();
    const state = opened(
      link(
        JSON.stringify({
          step: -3,
          heads: 1e308,
          temperature: -1,
          head: 1e9,
          locked: { query: -1, key: 1e308 },
          theme: "javascript:alert(1)",
          palette: "constructor",
          weightScale: "toString",
          score: "__proto__",
          mask: {
            kind: "custom",
            validLength: -5,
            painted: [
              [0, 1],
              [-1, 2],
            ],
          },
          matrices: { q: [["1".repeat(1000)]], k: "oops", v: [[1, 2]] },
          sequence: { tokens: Array.from({ length: 100_000 }, () => "x"), dModel: 1e6 },
          lesson: { example: "<img src=x onerror=alert(1)>", stop: 3 },
        }),
      ),
    );
    expect(state.step).toBe(d.step);
    expect(state.heads).toBe(d.heads);
    expect(state.temperature).toBe(d.temperature);
    expect(state.head).toBe(0);
    expect(state.locked).toEqual({ query: 0, key: 0 });
    expect(state.theme).toBe("light");
    expect(state.palette).toBe("default");
    expect(state.weightScale).toBe("domain");
    expect(state.score).toBe(d.score);
    expect(state.mask).toEqual({ kind: "custom", validLength: d.mask.validLength, painted: [] });
    // A cell's text is kept whatever its length, as the grid keeps it (and says it is not a usable number);
    // a matrix that is not text cells takes its default.
    expect(state.matrices).toEqual({ ...d.matrices, q: [["1".repeat(1000)]] });
    expect(state.sequence.tokens).toEqual(d.sequence.tokens);
    expect(state.sequence.dModel).toBe(d.sequence.dModel);
    expect(state.lesson).toBeNull();
  });

  it("a million tokens make a link too long to be read at all", () => {
    const tokens = Array.from({ length: 1_000_000 }, () => "x");
    expect(errorKey(link(JSON.stringify({ sequence: { tokens } })))).toBe("share.error.tooLong");
  });

  it("script tags in tokens stay inert text, exactly as typed", () => {
    const tokens = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&lt;"];
    const state = opened(link(JSON.stringify({ sequence: { tokens } })));
    expect(state.sequence.tokens).toEqual(tokens);
  });

  it("prototype-pollution keys change no prototype and no state", () => {
    const state = opened(
      link('{"__proto__":{"polluted":1,"step":2},"constructor":{"prototype":{"polluted":1}},"step":4}'),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted")).toBe(false);
    expect(state).toEqual({ ...createInitialState(), step: 4 });
    expect(Object.getPrototypeOf(state)).toBe(Object.prototype);
  });

  it("deeply nested JSON is refused or ignored, not a stack overflow", () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const decoded = decodePermalink(link(`{"matrices":{"q":${deep}}}`));
    expect(decoded && "state" in decoded ? decoded.state.matrices.q : decoded).toEqual(
      createInitialState().matrices.q,
    );
  });

  it("never throws on any string, and any state it opens is one maybeExplorerState keeps as it is", () => {
    const check = (fragment: string) => {
      const decoded = decodePermalink(fragment);
      if (decoded && "state" in decoded) {
        expect(maybeExplorerState(JSON.parse(JSON.stringify(decoded.state)))).toEqual(decoded.state);
      }
    };
    fc.assert(
      fc.property(fc.string(), (s) => check(s)),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string(), (s) => check(`s=2.${s}`)),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.base64String(), fc.integer({ min: 0, max: 3 }), (s, v) => check(`s=${v}.${s}`)),
      { numRuns: 300 },
    );
    // JSON of any shape, base64-encoded as a real link would be.
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 2 }), (value, version) =>
        check(link(JSON.stringify(value), version)),
      ),
      { numRuns: 300 },
    );
    // Objects whose keys are the state's own, with values of any kind.
    const field = fc.constantFrom(...Object.keys(createInitialState()), "__proto__", "constructor");
    fc.assert(
      fc.property(fc.dictionary(field, fc.jsonValue()), (value) => check(link(JSON.stringify(value)))),
      { numRuns: 300 },
    );
  });
});
