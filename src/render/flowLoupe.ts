import { htmlElement } from "./dom";
import { flowTokenAt, type FlowLayout, type FlowToken } from "./flowLayout";
import {
  createLoupe,
  followFinger,
  hideLoupe,
  LOUPE_BELOW,
  LOUPE_SPAN,
  loupeStart,
  outline,
  placeLoupe,
} from "./loupe";

/**
 * The flow's loupe: 64 tokens on a phone stand 5 px apart, a fingertip covers several, and a tap locked a
 * neighbour of the token meant without showing which. While a finger (or a pen) is down on tokens closer
 * than LOUPE_BELOW, the loupe shows the LOUPE_SPAN tokens around the one under it, a row of FLOW_LOUPE_ROW
 * px each, above the finger (loupe.ts places it), that token outlined and named with its side; moving the
 * finger moves it, lifting it picks that token, as a click on it does.
 */

/** A token's row in the loupe, CSS px: a fingertip's height (render.css .ap-flow-loupe-token). */
const FLOW_LOUPE_ROW = 28;
/** Wide enough for a label as long as the flow draws one (MAX_LABEL, 120 px at 12 px) at 15 px, and its number. */
const FLOW_LOUPE_WIDTH = 200;

/** The tokens the loupe shows for token `index` of a side of `n`: LOUPE_SPAN around it, inside the side. */
export function flowLoupeTokens(index: number, n: number): number[] {
  const first = loupeStart(index, n);
  return Array.from({ length: Math.min(LOUPE_SPAN, n) }, (_, k) => first + k);
}

export interface FlowLoupeOptions {
  readonly token: FlowToken;
  /** The labels of the token's side. */
  readonly labels: readonly string[];
  /** What the token is, in the reader's language: "query 'it'". */
  readonly caption: string;
  /** The finger's point, in client (viewport) px. */
  readonly x: number;
  readonly y: number;
}

/** An empty flow loupe, hidden. */
export function createFlowLoupe(): HTMLElement {
  const tokens = htmlElement("div", "ap-flow-loupe-tokens");
  tokens.style.width = `${FLOW_LOUPE_WIDTH}px`;
  return createLoupe(tokens);
}

/**
 * Shows the tokens around `token` in `loupe`, a row each with its number (counted from 1, as the formula
 * panel counts) and label, placed above the finger.
 */
export function showFlowLoupe(loupe: HTMLElement, { token, labels, caption, x, y }: FlowLoupeOptions): void {
  const [tokens, mark, name] = loupe.children as unknown as [HTMLElement, HTMLElement, HTMLElement];
  const shown = flowLoupeTokens(token.index, labels.length);
  tokens.replaceChildren(
    ...shown.map((k) => {
      const row = htmlElement("div", "ap-flow-loupe-token");
      row.append(
        htmlElement("span", "ap-flow-loupe-index", String(k + 1)),
        htmlElement("span", "ap-flow-loupe-text", labels[k] ?? ""),
      );
      return row;
    }),
  );
  outline(mark, 0, shown.indexOf(token.index) * FLOW_LOUPE_ROW, FLOW_LOUPE_WIDTH, FLOW_LOUPE_ROW);
  name.textContent = caption;
  Object.assign(loupe.dataset, { side: token.side, index: String(token.index) });
  loupe.hidden = false;
  placeLoupe(loupe, x, y, FLOW_LOUPE_WIDTH, shown.length * FLOW_LOUPE_ROW);
}

export interface FingerOptions {
  readonly layout: FlowLayout;
  readonly counts: { readonly queries: number; readonly keys: number };
  readonly labels: { readonly query: readonly string[]; readonly key: readonly string[] };
  /** The loupe's caption for a token: its side and label in the reader's language. */
  readonly name: (token: FlowToken, label: string) => string;
  /** Lights the token under the finger (null: none), as pointing at it does; called at every move. */
  readonly point: (token: FlowToken | null) => void;
  /** Locks the token the finger is lifted from, as a click on it does. */
  readonly pick: (token: FlowToken) => void;
}

/**
 * Magnifies the tokens under a finger on `flow` where they stand closer than LOUPE_BELOW on the screen; a
 * mouse, and a finger on tokens far enough apart, point and click as before. The loupe is made at the first
 * such touch (most flows are never touched), next to the flow: an HTML element shows nowhere inside an SVG.
 */
export function magnifyUnderFinger(flow: SVGSVGElement, options: FingerOptions): void {
  const { layout, counts, labels, name, point, pick } = options;
  let loupe: HTMLElement | undefined;
  /** The flow's px a CSS px on the screen: it may be drawn larger or smaller than its own px (a zoom). */
  const scaleOf = (rect: DOMRect) => layout.width / (rect.width || layout.width);
  const tokenAt = (event: PointerEvent): FlowToken | null => {
    const rect = flow.getBoundingClientRect();
    const scale = scaleOf(rect);
    return flowTokenAt(
      layout,
      counts,
      (event.clientX - rect.left) * scale,
      (event.clientY - rect.top) * scale,
    );
  };
  followFinger(flow, {
    // Off the columns (on the lines), a finger scrolls the page as before.
    magnifies: (event) =>
      layout.step / scaleOf(flow.getBoundingClientRect()) < LOUPE_BELOW && tokenAt(event) !== null,
    at: tokenAt,
    show: (event, token) => {
      if (!loupe) flow.after((loupe = createFlowLoupe()));
      point(token);
      if (!token) return hideLoupe(loupe);
      showFlowLoupe(loupe, {
        token,
        labels: labels[token.side],
        caption: name(token, labels[token.side][token.index] ?? ""),
        x: event.clientX,
        y: event.clientY,
      });
    },
    hide: () => {
      if (loupe) hideLoupe(loupe);
      // Nothing is under a lifted finger: the lock, if any, shows instead.
      point(null);
    },
    pick,
  });
}
