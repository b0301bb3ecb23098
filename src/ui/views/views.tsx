import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { Matrix } from "../../core/types";
import { followsOffScreen, useHeldMatrices } from "../app/holds";
import { useSettledOffScreen } from "../app/useSettledOffScreen";
import {
  applyFlowHighlight,
  applyHighlight,
  applyVectorHighlight,
  dataTable,
  flow,
  heatmap,
  updateFlow,
  updateHeatmap,
  updateVectorStrips,
  vectorStrips,
  type CellDescription,
  type FlowToken,
  type FlowTokenDescription,
  type PaletteName,
  type ScaleBy,
} from "../../render/index";

/**
 * Thin adapters from React to the render layer: a view is built by a plain function into a DOM node,
 * rebuilt only when its data or options change; pointing is applied to the existing node (applyHighlight),
 * so moving the pointer never rebuilds a canvas.
 */
function useMounted(build: () => Element, deps: readonly unknown[]) {
  const host = useRef<HTMLDivElement>(null);
  const node = useRef<Element | null>(null);
  // Built in the commit itself (a layout effect), not after it: a page never shows, nor measures, a view's
  // empty host. Presenter mode's fit measured such an empty figure when its timer ran between a commit and
  // the passive effects (a busy page), zoomed it up, then had to narrow it, again and again.
  useLayoutEffect(() => {
    const element = build();
    host.current?.replaceChildren(element);
    node.current = element;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return { host, node };
}

export interface CellPick {
  readonly row: number;
  readonly col: number;
}

interface HeatmapProps {
  readonly matrix: Matrix;
  readonly rowLabels: readonly string[];
  readonly colLabels: readonly string[];
  readonly rowTitle: string;
  readonly colTitle: string;
  readonly title?: string;
  readonly kind: "diverging" | "sequential";
  readonly masked?: Uint8Array;
  readonly palette: PaletteName;
  /** What a sequential view's colours stand for: the value (default), or the value ÷ its row's largest. */
  readonly scaleBy?: ScaleBy | undefined;
  /** With scaleBy "row", a window's rows' divisors: each row's largest over the whole row (useLongMatrix). */
  readonly rowDivisors?: ArrayLike<number> | undefined;
  readonly width: number;
  readonly legendTitle?: string;
  readonly ariaLabel: string;
  readonly highlight: { row?: number; col?: number };
  readonly onPoint?: (pick: CellPick | null) => void;
  readonly onPick?: (pick: CellPick | null) => void;
  readonly showValues?: boolean | "auto";
  readonly digits?: number;
  readonly testId?: string;
  /** What a screen reader says of the pointed cell, in the reader's language (see heatmap's describeCell). */
  readonly describeCell?: (cell: CellDescription) => string;
  readonly keyHint?: string;
  /** false: a picture inside a button (a head's thumbnail): not focusable, hidden from screen readers. */
  readonly interactive?: boolean;
}

/**
 * The latest value of a callback, behind a function that never changes: a view built once calls it, and
 * still gets the words of the language chosen since.
 */
function useLatest<A extends unknown[], R>(callback: ((...args: A) => R) | undefined) {
  const latest = useRef(callback);
  useEffect(() => {
    latest.current = callback;
  });
  const stable = useCallback((...args: A) => latest.current?.(...args), []);
  return callback ? stable : undefined;
}

export function HeatmapView(props: HeatmapProps) {
  const {
    matrix,
    rowLabels,
    colLabels,
    rowTitle,
    colTitle,
    title,
    kind,
    masked,
    palette,
    scaleBy,
    width,
    legendTitle,
    ariaLabel,
    keyHint,
    interactive,
  } = props;
  const describeCell = useLatest(props.describeCell) as ((cell: CellDescription) => string) | undefined;
  // Built when the shape or the options change; new numbers of the same shape are painted into the same
  // view (updateHeatmap below), so scrubbing a value never rebuilds labels, canvases or listeners.
  const { host, node } = useMounted(
    () =>
      heatmap(matrix, {
        rowLabels: [...rowLabels],
        colLabels: [...colLabels],
        rowTitle,
        colTitle,
        title,
        kind,
        masked,
        palette,
        ...(scaleBy ? { scaleBy } : {}),
        rowDivisors: props.rowDivisors,
        width,
        legendTitle,
        ariaLabel,
        showValues: props.showValues ?? "auto",
        digits: props.digits ?? 2,
        highlight: props.highlight,
        describeCell,
        keyHint,
        interactive,
      }),
    [
      matrix.rows,
      matrix.cols,
      rowLabels,
      colLabels,
      rowTitle,
      colTitle,
      title,
      kind,
      palette,
      scaleBy,
      width,
      legendTitle,
      ariaLabel,
      props.showValues,
      props.digits,
      keyHint,
      interactive,
      describeCell === undefined,
    ],
  );
  const { rowDivisors } = props;
  useEffect(() => {
    if (node.current) updateHeatmap(node.current, matrix, masked, rowDivisors);
  }, [node, matrix, masked, rowDivisors]);
  const { row, col } = props.highlight;
  useEffect(() => {
    if (node.current) applyHighlight(node.current as HTMLElement, { row, col });
  }, [node, row, col]);
  usePickEvents(host, props.onPoint, props.onPick);
  return <div ref={host} className="ap-view" data-testid={props.testId} />;
}

/** Listens to the render layer's `input` (pointing) and `change` (clicking) events. */
function usePickEvents<T>(
  host: React.RefObject<HTMLDivElement | null>,
  onPoint?: (value: T | null) => void,
  onPick?: (value: T | null) => void,
) {
  const handlers = useRef({ onPoint, onPick });
  useEffect(() => {
    handlers.current = { onPoint, onPick };
  });
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const value = (event: Event) => ((event.target as { value?: T | null }).value ?? null) as T | null;
    const point = (event: Event) => handlers.current.onPoint?.(value(event));
    const pick = (event: Event) => handlers.current.onPick?.(value(event));
    element.addEventListener("input", point);
    element.addEventListener("change", pick);
    return () => {
      element.removeEventListener("input", point);
      element.removeEventListener("change", pick);
    };
  }, [host]);
}

interface FlowProps {
  readonly weights: readonly Matrix[];
  readonly queryLabels: readonly string[];
  readonly keyLabels: readonly string[];
  readonly queryTitle: string;
  readonly keyTitle: string;
  readonly width: number;
  readonly height: number;
  readonly orientation: "horizontal" | "vertical";
  readonly ariaLabel: string;
  readonly headColors?: readonly string[];
  readonly highlight: { query?: number; key?: number };
  readonly onPoint?: (pick: { query?: number; key?: number } | null) => void;
  readonly onPick?: (pick: { query?: number; key?: number } | null) => void;
  /** Each token's accessible name, in the reader's language (see flow's describeToken). */
  readonly describeToken?: (token: FlowTokenDescription) => string;
  /** A token's side and label in the reader's language, the caption of its loupe (see flow's nameToken). */
  readonly nameToken?: (token: FlowToken, label: string) => string;
}

/**
 * The flow diagram. Off the screen it shows what it showed when it left until the edits pause
 * (useSettledOffScreen): while τ was scrubbed at 64 tokens, a flow just below the screen drew its lines
 * again at every edit, 3.7 ms of the page's main thread an edit here and as much in the flow painter's worker.
 * Weights of FOLLOW_CELLS or more it follows off the screen too, so as not to hold a replaced trace (holds.ts).
 */
export function FlowView(props: FlowProps) {
  const [node, setNode] = useState<HTMLDivElement | null>(null);
  const cells = props.weights.reduce((sum, m) => sum + m.rows * m.cols, 0);
  const shown = useSettledOffScreen(props, node, undefined, followsOffScreen(cells));
  // The weights shown may be a replaced trace's (off the screen): its buffers stay until they are not.
  useHeldMatrices(shown.weights);
  return <FlowFigure props={shown} box={setNode} />;
}

/** The flow of `props`, drawn again only for new props (memo): the same props while they wait off the screen. */
const FlowFigure = memo(function FlowFigure({
  props,
  box,
}: {
  props: FlowProps;
  box: (node: HTMLDivElement | null) => void;
}) {
  const {
    weights,
    queryLabels,
    keyLabels,
    queryTitle,
    keyTitle,
    width,
    height,
    orientation,
    ariaLabel,
    headColors,
  } = props;
  const describeToken = useLatest(props.describeToken) as
    ((token: FlowTokenDescription) => string) | undefined;
  const nameToken = useLatest(props.nameToken) as ((token: FlowToken, label: string) => string) | undefined;
  const { host: hostRef, node } = useMounted(
    () =>
      flow(weights, {
        queryLabels: [...queryLabels],
        keyLabels: [...keyLabels],
        queryTitle,
        keyTitle,
        width,
        height,
        orientation,
        ariaLabel,
        headColors: headColors ? [...headColors] : undefined,
        highlight: props.highlight,
        describeToken,
        nameToken,
      }),
    [
      weights.length,
      weights[0]?.rows,
      weights[0]?.cols,
      queryLabels,
      keyLabels,
      queryTitle,
      keyTitle,
      width,
      height,
      orientation,
      ariaLabel,
      headColors,
      describeToken === undefined,
      nameToken === undefined,
    ],
  );
  useEffect(() => {
    if (node.current) updateFlow(node.current, weights);
  }, [node, weights]);
  const { query, key } = props.highlight;
  useEffect(() => {
    if (node.current) applyFlowHighlight(node.current as SVGSVGElement, { query, key });
  }, [node, query, key]);
  usePickEvents(hostRef, props.onPoint, props.onPick);
  const ref = useCallback(
    (element: HTMLDivElement | null) => {
      hostRef.current = element;
      box(element);
    },
    [hostRef, box],
  );
  return <div ref={ref} className="ap-view" data-testid="flow" />;
});

interface VectorsProps {
  readonly matrix: Matrix;
  readonly labels: readonly string[];
  readonly title: string;
  readonly palette: PaletteName;
  readonly highlight?: number;
  readonly ariaLabel: string;
  readonly onPoint?: (pick: { row: number } | null) => void;
  readonly testId?: string;
}

export function VectorsView(props: VectorsProps) {
  const { matrix, labels, title, palette, highlight, ariaLabel } = props;
  const { host, node } = useMounted(
    () => vectorStrips(matrix, { labels: [...labels], title, palette, highlight, ariaLabel }),
    // Not the highlight: it moves below, without a rebuild. Nor new numbers of the same shape: they are
    // painted into the strips there are (below).
    [matrix.rows, matrix.cols, labels, title, palette, ariaLabel],
  );
  useEffect(() => {
    // Strips of the same shape are drawn alike (rects or pixels): they take any numbers, and draw nothing
    // for the same ones (each edit of τ brings new arrays of the same Q, K and V).
    if (node.current) updateVectorStrips(node.current, matrix);
  }, [node, matrix]);
  useEffect(() => {
    if (node.current) applyVectorHighlight(node.current, { row: highlight });
  }, [node, highlight]);
  usePickEvents(host, props.onPoint);
  return <div ref={host} className="ap-view" data-testid={props.testId} />;
}

interface TableProps {
  readonly matrix: Matrix;
  readonly rowLabels: readonly string[];
  readonly colLabels: readonly string[];
  readonly caption: string;
  readonly rowHeader: string;
  readonly masked?: Uint8Array;
  readonly testId?: string;
}

export function DataTableView(props: TableProps) {
  const { matrix, rowLabels, colLabels, caption, rowHeader, masked } = props;
  const { host } = useMounted(
    () =>
      dataTable(matrix, {
        rowLabels: [...rowLabels],
        colLabels: [...colLabels],
        caption,
        rowHeader,
        digits: 4,
        masked,
      }),
    [matrix, rowLabels, colLabels, caption, rowHeader, masked],
  );
  // A table wider than its column scrolls sideways: it then takes keyboard focus, so that arrow keys can
  // scroll it, and is named by its caption (WCAG 2.1.1; axe's scrollable-region-focusable).
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = host.current;
    if (!element || typeof ResizeObserver !== "function") return;
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth + 1);
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    measure();
    return () => observer.disconnect();
  }, [host, matrix, rowLabels, colLabels]);
  return (
    <div
      ref={host}
      className="ap-table-wrap"
      data-testid={props.testId}
      tabIndex={scrolls ? 0 : undefined}
      role={scrolls ? "region" : undefined}
      aria-label={scrolls ? caption : undefined}
    />
  );
}
