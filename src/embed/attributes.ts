import { clipped, counted, listed, type Message, type MessageParams } from "../core/messages";
import { maybeMatrix } from "../core/parse";
import { tokenize } from "../core/tokenize";
import { SCORE_FUNCTIONS, type ScoreFunction } from "../core/types";
import { langOf, type Lang } from "../i18n/lang";
import { EXAMPLES, exampleById } from "../explorer/examples";
import { ignoredList } from "../explorer/ignored";
import type { DecodedPermalink } from "../explorer/permalink";
import type { IgnoredField } from "../explorer/persist";
import { EXPLORER_LIMITS } from "../explorer/spec";
import { BACKEND_ORDER, type BackendName } from "../engine/names";
import type { PaletteName } from "../render/paletteName";
import { PALETTE_NAMES } from "../render/scales";
import { said, type WidgetKey } from "./say";
import {
  createInitialState,
  reduce,
  STEP_COUNT,
  type Action,
  type Cells,
  type ExplorerState,
} from "../explorer/state";

/** Every attribute <attention-playground> reads (observedAttributes). */
export const ATTRIBUTES = [
  "example",
  "tokens",
  "q",
  "k",
  "v",
  "permalink",
  "step",
  "view",
  "head",
  "heads",
  "score",
  "mask",
  "lang",
  "theme",
  "palette",
  "weight-scale",
  "height",
  "ui",
  "app",
  "backend",
  "rope",
  "alibi",
  "kv-heads",
  "window",
] as const;
export type AttributeName = (typeof ATTRIBUTES)[number];
export type Attributes = Partial<Record<AttributeName, string | null>>;

export type View = "heatmap" | "flow" | "both";
export type Ui = "figure" | "slider" | "full";
export type ThemeChoice = "light" | "dark" | "auto";

/** How the widget shows its state (what the explorer's state does not hold). */
export interface WidgetOptions {
  readonly view: View;
  readonly lang: Lang;
  readonly theme: ThemeChoice;
  /** A CSS length, or undefined: as tall as the figure (the full explorer gets 640px). */
  readonly height?: string;
  readonly ui: Ui;
  /** The `app` attribute resolved against the page: an http(s) URL of the full explorer, or undefined. */
  readonly app?: string;
  /** The TensorFlow.js backend: "auto" measures them and picks the fastest for the problem's size. */
  readonly backend: "auto" | BackendName;
}

export interface WidgetConfig {
  /** The explorer's state the attributes describe; undefined when any attribute is wrong. */
  readonly state?: ExplorerState;
  readonly options: WidgetOptions;
  /** One message per wrong attribute, naming it, what it holds and what was expected (ids of messages/embed.ts). */
  readonly errors: readonly Message<string>[];
  /** What the widget says under its figure: the settings of its permalink that could not be used. */
  readonly notes: readonly Message<string>[];
}

/**
 * Where a widget's settings were written: attributes of <attention-playground> on a page, or the parameters
 * of embed.html's URL (embed-page.ts), which its reader wrote and which have no attributes to speak of.
 */
export type SettingsSource = "attributes" | "url";

export interface AttributeContext {
  /** Where the settings were written, which the messages name (default: attributes). */
  readonly source?: SettingsSource;
  /** Names in embed.html's URL that it does not read (hash.ts readHash): each gets a note. */
  readonly unknownParameters?: readonly string[];
  /** Names embed.html's URL gives more than once (hash.ts readHash): each gets a note saying which is read. */
  readonly repeatedParameters?: readonly {
    readonly name: string;
    readonly count: number;
    readonly used: string;
  }[];
  /** Names whose value in embed.html's URL has escapes that are not UTF-8 (hash.ts readHash): each an error. */
  readonly damagedParameters?: readonly { readonly name: string; readonly escape: string }[];
  /** The `permalink` attribute, decoded by src/ui/permalink.ts (the caller loads it only when one is given). */
  readonly permalink?: DecodedPermalink;
  /** The nearest lang="…" around the element, used when it has none of its own. */
  readonly inheritedLang?: string | null;
  /** Whether the reader's system prefers dark colours (theme="auto"). */
  readonly prefersDark?: boolean;
  /** What a relative `app` URL is relative to (the page's document.baseURI). */
  readonly baseUrl?: string;
}

/**
 * The messages that name a wrong setting where its author wrote it: "Attribute step="9"…" for the element,
 * "URL parameter step=9…" and "The link's permalink (#s=…)…" for embed.html (ids of messages/embed.ts).
 */
export function settingMessages(source: SettingsSource = "attributes") {
  const url = source === "url";
  const bad = (name: AttributeName, value: string, expected: Message<string>) =>
    said(url ? "embed.url.bad" : "embed.bad", { name, value: clip(value), expected });
  const nested = (name: string, message: Message<string>) =>
    said(url ? "embed.url.badNested" : "embed.badNested", { name, message });
  return {
    bad,
    nested,
    missing: (name: AttributeName) => said(url ? "embed.url.missing" : "embed.missing", { name }),
    labels: (params: MessageParams) => said(url ? "embed.url.labels" : "embed.labels", params),
    fullNeedsApp: () => said(url ? "embed.url.fullNeedsApp" : "embed.fullNeedsApp"),
    /** A permalink that cannot be read at all (share.error.*). */
    unreadablePermalink: (value: string, message: Message<string>) =>
      url ? said("embed.url.permalink", { value: clipped(value), message }) : nested("permalink", message),
    /** A permalink that opened with settings it could not use, which have their defaults: each named. */
    ignoredInPermalink: (value: string, ignored: readonly IgnoredField[]) => {
      const params = { value: clipped(value), count: ignored.length, fields: ignoredList(ignored) };
      const one = ignored.length === 1;
      if (url) return said(one ? "embed.url.permalinkIgnoredOne" : "embed.url.permalinkIgnored", params);
      return said(one ? "embed.permalinkIgnoredOne" : "embed.permalinkIgnored", params);
    },
    /** A permalink that was read, but holds a value the figure cannot be drawn from (buildSpec's errors). */
    inPermalink: (value: string, message: Message<string>) =>
      url ? said("embed.url.inPermalink", { value: clipped(value), message }) : nested("permalink", message),
  };
}

/**
 * One of buildSpec's errors, said of the setting it came from: the attribute (or URL parameter) that gave
 * the field (Q → q, tokens → tokens), else the permalink that carried the state, else the field's name.
 */
export function specErrorMessage(
  field: string,
  problem: Message<string>,
  attrs: Attributes,
  source: SettingsSource = "attributes",
): Message<string> {
  const words = settingMessages(source);
  const names: Record<string, AttributeName> = { Q: "q", K: "k", V: "v", keyTokens: "tokens" };
  const written = (a: AttributeName | undefined) => a !== undefined && !!attrs[a]?.trim();
  const named = names[field] ?? ATTRIBUTES.find((a) => a === field);
  // A matrix the page did not write (an example's) that cannot be split into the heads the page asked
  // for is the heads attribute's doing: naming q sent the writer to an attribute they never wrote.
  const name = problem.key === "error.heads.divide" && !written(named) && written("heads") ? "heads" : named;
  const given = written(name);
  const link = attrs.permalink?.trim();
  if (!given && link) return words.inPermalink(link, problem);
  return words.nested(name ?? field, problem);
}

/**
 * A URL parameter embed.html does not read, named, with the one it reads that is spelt most like it (at
 * most two letters added, dropped or changed: `exmple` → example), if any.
 */
export function unknownParameter(name: string): Message<string> {
  const like = ATTRIBUTES.map((known) => ({ known, distance: editDistance(name.toLowerCase(), known) }))
    .filter(({ distance }) => distance <= 2)
    .sort((a, b) => a.distance - b.distance)[0]?.known;
  const shown = clipped(name);
  return like
    ? said("embed.url.unknownLike", { name: shown, like })
    : said("embed.url.unknown", { name: shown });
}

/** Letters to add, drop or change to turn a into b (Levenshtein); names here are a few letters long. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        previous[j]! + 1,
        row[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * The `app` attribute as a URL the widget may put in a link and an iframe: http(s), absolute or relative
 * to the page, and nothing else. A `javascript:` or `data:` URL there would run script in the host page.
 */
export function maybeAppUrl(text: string, baseUrl: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text, baseUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  return url.pathname.endsWith("/") ? new URL("index.html", url) : url;
}

/**
 * The widget's attributes → the explorer's state and the widget's options. The state starts from a
 * permalink, an example or the explorer's default, and every attribute is then applied through the
 * explorer's own reducer with its named actions, so that the widget and the explorer agree on what a
 * setting means. Nothing throws: each wrong attribute becomes a message.
 */
export function readAttributes(attrs: Attributes, context: AttributeContext = {}): WidgetConfig {
  const errors: Message<string>[] = [];
  const notes: Message<string>[] = [];
  const value = (name: AttributeName): string | undefined => {
    const raw = attrs[name];
    return raw === null || raw === undefined ? undefined : raw.trim();
  };
  const words = settingMessages(context.source);
  const bad = (name: AttributeName, expected: Message<string>) =>
    errors.push(words.bad(name, attrs[name] ?? "", expected));
  const nested = (name: AttributeName, problem: Message<string>) => errors.push(words.nested(name, problem));
  const oneOf = <T extends string>(
    name: AttributeName,
    allowed: readonly T[],
    fallback: T,
    expected: WidgetKey,
  ) => {
    const given = value(name);
    if (given === undefined || given === "") return fallback;
    if ((allowed as readonly string[]).includes(given)) return given as T;
    bad(name, said(expected));
    return fallback;
  };

  const lang = readLang(value("lang"), context.inheritedLang, () => bad("lang", said("embed.expect.lang")));
  const view = oneOf<View>("view", ["heatmap", "flow", "both"], "both", "embed.expect.view");
  const ui = oneOf<Ui>("ui", ["figure", "slider", "full"], "figure", "embed.expect.ui");
  const theme = oneOf<ThemeChoice>("theme", ["light", "dark", "auto"], "light", "embed.expect.theme");
  const backend = oneOf<"auto" | BackendName>(
    "backend",
    ["auto", ...BACKEND_ORDER],
    "auto",
    "embed.expect.backend",
  );
  const heightText = value("height");
  let height: string | undefined;
  if (heightText) {
    if (isCssLength(heightText)) height = heightText;
    else bad("height", said("embed.expect.height"));
  }

  const appText = value("app");
  let app: string | undefined;
  if (appText) {
    app = maybeAppUrl(appText, context.baseUrl ?? "https://invalid.invalid/")?.href;
    if (!app) bad("app", said("embed.expect.app"));
  }

  // Where the state starts: a shared link, a worked example, or the explorer's default.
  let state = createInitialState();
  const exampleId = value("example");
  if (exampleId) {
    const example = exampleById(exampleId);
    if (example) state = example.state();
    else bad("example", said("embed.expect.example", { list: listed(EXAMPLES.map((e) => e.id)) }));
  }
  const link = value("permalink");
  if (link) {
    const decoded = context.permalink;
    if (!decoded) bad("permalink", said("embed.expect.permalink"));
    else if ("error" in decoded)
      errors.push(
        words.unreadablePermalink(link, { key: decoded.error.key, params: decoded.error.params ?? {} }),
      );
    else {
      state = decoded.state;
      if (decoded.ignored.length > 0) notes.push(words.ignoredInPermalink(link, decoded.ignored));
    }
  }
  for (const name of context.unknownParameters ?? []) notes.push(unknownParameter(name));
  for (const { name, count, used } of context.repeatedParameters ?? []) {
    notes.push(said("embed.url.repeated", { name, count, value: clip(used) }));
  }
  // Drawn as it reads, the value would show U+FFFD where the reader wrote a character: an error instead.
  for (const { name, escape } of context.damagedParameters ?? []) {
    errors.push(said("embed.url.damaged", { name, escape: clip(escape) }));
  }
  const apply = (action: Action) => (state = reduce(state, action));

  // Inline data: Q and K (V defaults to K), with tokens naming their rows; or tokens alone.
  const tokensText = value("tokens");
  const tokens = tokensText === undefined ? undefined : readTokens(tokensText);
  if (tokens === "bad") bad("tokens", said("embed.expect.tokens"));
  const given = (["q", "k", "v"] as const).filter((name) => value(name) !== undefined);
  if (given.length > 0) {
    const parsed: Partial<Record<"q" | "k" | "v", number[][]>> = {};
    for (const name of given) {
      const result = maybeMatrix(value(name) ?? "", name.toUpperCase());
      if (result.ok) parsed[name] = result.value;
      else nested(name, { key: result.error.key, params: result.error.params });
    }
    for (const name of ["q", "k"] as const) {
      if (value(name) === undefined) errors.push(words.missing(name));
    }
    const { q, k } = parsed;
    const v = parsed.v ?? (value("v") === undefined ? k : undefined);
    if (q && k && v) {
      const labels = { queries: [] as string[], keys: [] as string[] };
      if (Array.isArray(tokens)) {
        if (tokens.length === q.length) labels.queries = tokens;
        if (tokens.length === k.length) labels.keys = tokens;
        if (tokens.length !== q.length && tokens.length !== k.length) {
          errors.push(
            words.labels({
              count: counted(tokens.length, "count.label", "count.labels"),
              queries: counted(q.length, "count.row", "count.rows"),
              keys: counted(k.length, "count.row", "count.rows"),
            }),
          );
        }
      }
      apply({ type: "setInput", input: "matrices" });
      apply({ type: "setMatrix", name: "q", cells: toCells(q) });
      apply({ type: "setMatrix", name: "k", cells: toCells(k) });
      apply({ type: "setMatrix", name: "v", cells: toCells(v) });
      apply({ type: "load", state: { ...state, matrices: { ...state.matrices, labels } } });
      // Hand-given matrices are one head unless the page says otherwise (the default state has two).
      apply({ type: "setHeads", heads: 1 });
      apply({ type: "setHead", head: 0 });
    }
  } else if (Array.isArray(tokens)) {
    apply({ type: "setInput", input: "sequence" });
    apply({ type: "setCross", cross: false });
    if (tokensText?.startsWith("[")) apply({ type: "setTokens", tokens });
    else {
      apply({ type: "setTokenizer", tokenizer: "words" });
      apply({ type: "setText", text: tokensText ?? "" });
    }
  }

  const headsText = value("heads");
  if (headsText) {
    const heads = wholeNumber(headsText);
    if (heads === undefined || heads < 1 || heads > EXPLORER_LIMITS.maxHeads) {
      bad("heads", said("embed.expect.heads", { max: EXPLORER_LIMITS.maxHeads }));
    } else {
      apply({ type: "setHeads", heads });
      // One head drawn large by default; "mean" on request.
      if (state.head === "mean" || state.head >= heads) apply({ type: "setHead", head: 0 });
    }
  }
  const headText = value("head");
  if (headText) {
    const head = headText === "mean" ? "mean" : wholeNumber(headText);
    if (head === "mean") apply({ type: "setHead", head });
    else if (head === undefined || head < 1 || head > state.heads) {
      bad("head", said("embed.expect.head", { heads: state.heads }));
    } else apply({ type: "setHead", head: head - 1 });
  }
  const score = value("score");
  if (score) {
    if ((SCORE_FUNCTIONS as readonly string[]).includes(score)) {
      apply({ type: "setScore", score: score as ScoreFunction });
    } else bad("score", said("embed.expect.score", { list: listed(SCORE_FUNCTIONS) }));
  }
  const mask = value("mask");
  if (mask) {
    if (mask === "none" || mask === "causal") apply({ type: "setMaskKind", kind: mask });
    else bad("mask", said("embed.expect.mask"));
  }
  readModernAttributes(value, apply, bad, () => state.heads);
  const stepText = value("step");
  if (stepText) {
    const step = wholeNumber(stepText);
    if (step === undefined || step < 1 || step > STEP_COUNT) {
      bad("step", said("embed.expect.step", { max: STEP_COUNT }));
    } else apply({ type: "setStep", step });
  }
  const palette = value("palette");
  if (palette) {
    if ((PALETTE_NAMES as readonly string[]).includes(palette))
      apply({ type: "setPalette", palette: palette as PaletteName });
    else bad("palette", said("embed.expect.palette"));
  }
  // As the explorer's setting: "weight" colours every weight on one 0–1 scale, "row" each row from 0 to its
  // largest weight (the state's "domain" and "row").
  const weightScale = value("weight-scale");
  if (weightScale) {
    if (weightScale === "weight" || weightScale === "row")
      apply({ type: "setWeightScale", weightScale: weightScale === "row" ? "row" : "domain" });
    else bad("weight-scale", said("embed.expect.weightScale"));
  }
  // The state carries a concrete theme, so that "Open in Attention Playground" opens in the colours shown.
  apply({ type: "setTheme", theme: theme === "auto" ? (context.prefersDark ? "dark" : "light") : theme });
  apply({ type: "setLesson", lesson: null });
  apply({ type: "unlock" });

  const options: WidgetOptions = { view, lang, theme, height, ui, app, backend };
  return errors.length > 0 ? { options, errors, notes } : { state, options, errors, notes };
}

/**
 * Modern attention: rope="half|interleaved|off", alibi="true|false", kv-heads="N" (dividing heads),
 * window="W" (a causal sliding window of W keys).
 */
function readModernAttributes(
  value: (name: AttributeName) => string | undefined,
  apply: (action: Action) => void,
  bad: (name: AttributeName, expected: Message<string>) => void,
  heads: () => number,
): void {
  const rope = value("rope");
  if (rope) {
    if (rope === "half" || rope === "interleaved" || rope === "off")
      apply({ type: "setModern", modern: { rope } });
    else bad("rope", said("embed.expect.rope"));
  }
  const alibi = value("alibi");
  if (alibi) {
    if (alibi === "true" || alibi === "false")
      apply({ type: "setModern", modern: { alibi: alibi === "true" } });
    else bad("alibi", said("embed.expect.alibi"));
  }
  const kvText = value("kv-heads");
  if (kvText) {
    const kvHeads = wholeNumber(kvText);
    if (kvHeads === undefined || kvHeads < 1 || heads() % kvHeads !== 0) {
      bad("kv-heads", said("embed.expect.kvHeads", { heads: heads() }));
    } else apply({ type: "setModern", modern: { kvHeads } });
  }
  const windowText = value("window");
  if (windowText) {
    const window = wholeNumber(windowText);
    if (window === undefined || window < 1) bad("window", said("embed.expect.window"));
    else {
      apply({ type: "setModern", modern: { window } });
      apply({ type: "setMaskKind", kind: "sliding" });
    }
  }
}

/** en, zh-CN (any en-… or zh-… too); without the attribute, the nearest lang around the widget, else en. */
function readLang(own: string | undefined, inherited: string | null | undefined, onBad: () => void): Lang {
  if (own) {
    const lang = langOf(own);
    if (!lang) onBad();
    return lang ?? langOf(inherited) ?? "en";
  }
  return langOf(inherited) ?? "en";
}

/** A JSON array of strings, or plain text split into words as the explorer does; "bad" for anything else. */
function readTokens(text: string): string[] | "bad" {
  if (text.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (
        Array.isArray(parsed) &&
        parsed.length > 0 &&
        parsed.every((t) => typeof t === "string" && t.trim())
      ) {
        return parsed.map((t: string) => t.trim());
      }
    } catch {
      // Reported below as "expected a JSON array of strings, or plain text".
    }
    return "bad";
  }
  const tokens = tokenize(text, "words");
  return tokens.length > 0 ? tokens : "bad";
}

function wholeNumber(text: string): number | undefined {
  return /^\d{1,4}$/.test(text) ? Number(text) : undefined;
}

const LENGTH = /^(\d+(\.\d+)?|\.\d+)(px|em|rem|vh|vw|vmin|vmax|svh|dvh|lvh|ch|ex|lh|cm|mm|in|pt|pc)$/;

/** A CSS length (no percentages: the widget's container rarely has a height to take a share of). */
function isCssLength(text: string): boolean {
  if (!LENGTH.test(text)) return false;
  return typeof CSS === "undefined" || typeof CSS.supports !== "function" || CSS.supports("height", text);
}

const toCells = (rows: readonly (readonly number[])[]): Cells => rows.map((row) => row.map(String));

/** A long attribute (a matrix) is quoted by its start only. */
function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
