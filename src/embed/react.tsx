import { createElement } from "react";
import type { ScoreFunction } from "../core/types";
import type { Lang } from "../ui/i18n";
import type { ThemeChoice, Ui, View } from "./attributes";
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
  /** A CSS length: "480px", "30rem". */
  readonly height?: string;
  readonly ui?: Ui;
  /** Where the full explorer is served (for "Open in Attention Playground" and ui="full"). */
  readonly app?: string;
  readonly id?: string;
  readonly className?: string;
}

const json = (value: string | readonly unknown[] | undefined) =>
  value === undefined || typeof value === "string" ? value : JSON.stringify(value);
const text = (value: number | string | undefined) => (value === undefined ? undefined : String(value));

export function AttentionPlayground(props: AttentionPlaygroundProps) {
  const attributes: Record<string, string | undefined> = {
    example: props.example,
    tokens: json(props.tokens),
    q: json(props.q),
    k: json(props.k),
    v: json(props.v),
    permalink: props.permalink,
    step: text(props.step),
    view: props.view,
    head: text(props.head),
    heads: text(props.heads),
    score: props.score,
    mask: props.mask,
    lang: props.lang,
    theme: props.theme,
    height: props.height,
    ui: props.ui,
    app: props.app,
    id: props.id,
    className: props.className,
  };
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
