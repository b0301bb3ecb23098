import { createElement, version, type ReactElement } from "react";
import type { ScoreFunction } from "../core/types";
import type { Lang } from "../i18n/lang";
import type { BackendName } from "../engine/names";
import type { PaletteName } from "../render/paletteName";
import { ATTRIBUTES, type ThemeChoice, type Ui, type View } from "./attributes";
import "./widget";

/**
 * <AttentionPlayground/> for React and MDX sites: renders the custom element <attention-playground>, whose
 * attributes the props mirror (arrays and matrices may be given as values; they are written as JSON).
 * The element keeps its own state; new props re-render it like new attributes.
 */
export interface AttentionPlaygroundProps {
  /** A worked example's id (src/ui/examples.ts): "five-values", "pronoun", "causal"… */
  readonly example?: string;
  /** Tokens: an array, or text split into words as the explorer does. With q/k/v they name the rows. */
  readonly tokens?: string | readonly string[];
  /** Q, K, V: rows are tokens (V defaults to K). Arrays, or text in JSON, CSV or NumPy form. */
  readonly q?: string | readonly (readonly number[])[];
  readonly k?: string | readonly (readonly number[])[];
  readonly v?: string | readonly (readonly number[])[];
  /** A permalink fragment from the explorer's share dialog: "s=2.…". */
  readonly permalink?: string;
  /** 1 … 8. */
  readonly step?: number;
  readonly view?: View;
  /** 1-based head, or "mean". */
  readonly head?: number | "mean";
  readonly heads?: number;
  readonly score?: ScoreFunction;
  readonly mask?: "none" | "causal";
  readonly lang?: Lang;
  readonly theme?: ThemeChoice;
  /** The heatmap's colours, as the explorer's Colours setting. */
  readonly palette?: PaletteName;
  /** Weights on one 0–1 scale ("weight", default), or each row from 0 to its largest weight ("row"). */
  readonly "weight-scale"?: "weight" | "row";
  /** A CSS length: "480px", "30rem". */
  readonly height?: string;
  readonly ui?: Ui;
  /** Where the full explorer is served (for "Open in Attention Playground" and ui="full"): http(s) only. */
  readonly app?: string;
  /** The TensorFlow.js backend; "auto" (default) measures them and picks the fastest. */
  readonly backend?: "auto" | BackendName;
  /** Modern attention: RoPE's pair layout, ALiBi, key/value heads (dividing heads), a sliding window. */
  readonly rope?: "half" | "interleaved" | "off";
  readonly alibi?: "true" | "false";
  readonly "kv-heads"?: number;
  readonly window?: number;
  readonly id?: string;
  readonly className?: string;
}

/**
 * An attribute's text: numbers as written, token arrays as JSON, and matrices as JSON whose numbers are
 * written as String() writes them, so that a NaN or an Infinity reaches the widget's message as itself:
 * JSON.stringify writes both as null, and the page's author read '"null" is not a number' of a matrix that
 * held none.
 */
const attributeText = (value: string | number | readonly unknown[] | undefined) =>
  value === undefined || typeof value === "string"
    ? value
    : typeof value === "number"
      ? String(value)
      : isNumberMatrix(value)
        ? `[${value.map((row) => `[${row.map(String).join(",")}]`).join(",")}]`
        : JSON.stringify(value);

const isNumberMatrix = (value: readonly unknown[]): value is readonly (readonly number[])[] =>
  value.every((row) => Array.isArray(row) && row.every((x) => typeof x === "number"));

/** React 19 writes `className` as a custom element's class; React 18 writes the prop's name as it is. */
const CLASS_PROP = Number(version.split(".")[0]) >= 19 ? "className" : "class";

export function AttentionPlayground(props: AttentionPlaygroundProps): ReactElement {
  // Every attribute the element reads is a prop of the same name (a missing one fails to compile here).
  const attributes: Record<string, string | undefined> = {};
  for (const name of ATTRIBUTES) attributes[name] = attributeText(props[name]);
  attributes.id = props.id;
  attributes[CLASS_PROP] = props.className;
  const defined = Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined));
  return createElement("attention-playground", defined);
}

// The engine's API and types, for pages that compute with it directly (the engine itself loads tfjs: import
// it from the package's main entry, or lazily, where it is needed).
export type * from "../core/types";
export type {
  AttentionEngine,
  BackendReport,
  EngineNotice,
  EngineOptions,
  EngineResult,
} from "../engine/engine";
export type { BackendName } from "../engine/names";
export { attentionReference } from "../core/reference";
export type { View, Ui, ThemeChoice } from "./attributes";
