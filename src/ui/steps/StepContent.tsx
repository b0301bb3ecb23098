import { memo, useMemo, useState } from "react";
import type { Dispatch } from "react";
import { layer, subMatrix } from "../../core/matrix";
import type { AttentionTrace, Matrix, Stack } from "../../core/types";
import { HEAD_COLORS, type CellDescription, type PaletteName } from "../../render/index";
import {
  describeFlowToken,
  describeScoreCell,
  headColumns,
  headMatrix,
  MAX_FLOW_TOKENS,
  nameFlowToken,
  shownHead,
  weightLegendKey,
} from "../../explorer/describe";
import { useT } from "../app/i18n";
import { type Translate } from "../../i18n/i18n";
import type { Action, ExplorerState } from "../../explorer/state";
import { ModernPanel } from "./ModernPanel";
import { LongMatrixOverview, useLongMatrix, WINDOW, type WindowStart } from "../views/LongMatrix";
import { DataTableView, FlowView, HeatmapView, VectorsView, type CellPick } from "../views/views";

/** The pointed cell: rows are queries, columns are keys; either may be unknown (pointing at a token). */
export interface Selection {
  readonly query?: number;
  readonly key?: number;
}

interface StepContentProps {
  readonly state: ExplorerState;
  readonly trace: AttentionTrace;
  readonly queryLabels: readonly string[];
  readonly keyLabels: readonly string[];
  readonly selection: Selection;
  readonly onPoint: (selection: Selection | null) => void;
  readonly onPick: (selection: Selection | null) => void;
  readonly dispatch: Dispatch<Action>;
  readonly width: number;
  readonly palette: PaletteName;
}

/** Small multiples show the pattern only: their tokens are on the large view beside them. */
const blank = new WeakMap<readonly string[], string[]>();
function noLabels(labels: readonly string[]): string[] {
  let empty = blank.get(labels);
  if (!empty) {
    empty = labels.map(() => "");
    blank.set(labels, empty);
  }
  return empty;
}

const MAX_THUMBNAIL = 64;

/**
 * Past this many queries or keys (up to the explorer's 4,096), a step shows an overview of the whole and a
 * window of WINDOW tokens at full detail (views/LongMatrix); up to it, every token, as always.
 */
export const LONG_TOKENS = 512;

interface RowWindow {
  readonly offset: number;
  readonly m: Matrix;
  readonly labels: readonly string[];
}
/** Windows made, one per matrix: the same window is the same object, and its view is not rebuilt. */
const rowWindows = new WeakMap<Matrix, RowWindow & { readonly of: readonly string[] }>();

/** WINDOW rows of a per-token matrix from `offset`, with their labels. */
function rowWindow(whole: Matrix, allLabels: readonly string[], offset: number): RowWindow {
  const made = rowWindows.get(whole);
  if (made?.offset === offset && made.of === allLabels) return made;
  const rows = Math.min(WINDOW, whole.rows - offset);
  const window = {
    offset,
    of: allLabels,
    m: subMatrix(whole, offset, 0, rows, whole.cols),
    labels: allLabels.slice(offset, offset + rows),
  };
  rowWindows.set(whole, window);
  return window;
}

/** Token `at` of the whole sequence in a window of `count` tokens from `from`; undefined outside it. */
const inWindow = (at: number | undefined, from: number, count: number): number | undefined =>
  at !== undefined && at >= from && at < from + count ? at - from : undefined;

/** The score stack a step shows, and its mask, if any. */
function stepStack(trace: AttentionTrace, step: number): { stack: Stack; masked?: Uint8Array } {
  if (step === 3) return { stack: trace.scores };
  if (step === 4) return { stack: trace.scaled };
  if (step === 5) return { stack: trace.masked, masked: trace.mask };
  return { stack: trace.weights, masked: trace.mask };
}

/** Column labels 1…n of a [tokens, dimensions] matrix, one array per n: a new array would rebuild the view. */
const dimensionLabels = new Map<number, string[]>();
function dims(n: number): string[] {
  let labels = dimensionLabels.get(n);
  if (!labels) {
    labels = Array.from({ length: n }, (_, c) => String(c + 1));
    dimensionLabels.set(n, labels);
  }
  return labels;
}

/** One colour list per head, made once: a new array on every render would rebuild the flow each time. */
const SINGLE_HEAD_COLORS = HEAD_COLORS.map((color) => [color]);

/** The quantity a score stack holds, as a screen reader names it: a step's own word. */
const QUANTITY = { 3: "a11y.score", 4: "a11y.scaled", 5: "a11y.masked", 6: "a11y.weight" } as const;

/** A cell of a [tokens, dimensions] matrix: "token 'it', dimension 3, value 0.41". */
export function describeTokenCell(t: Translate, cell: CellDescription): string {
  return t("a11y.tokenCell", {
    token: cell.rowLabel,
    dim: cell.colLabel,
    quantity: t("a11y.value"),
    value: cell.text,
  });
}

/**
 * The fields of the explorer's state that the views read themselves. Every other field reaches them through
 * the trace, so an edit of one (τ, a token) leaves the views as they are until its result comes: the page
 * is not drawn twice per edit, once with the old trace and once with the new.
 */
const SHOWN_FIELDS = ["step", "head", "locked", "showTables", "weightScale", "mask", "modern"] as const;

function sameViews(before: StepContentProps, after: StepContentProps): boolean {
  for (const name of Object.keys(after) as (keyof StepContentProps)[])
    if (name !== "state" && before[name] !== after[name]) return false;
  return SHOWN_FIELDS.every((field) => before.state[field] === after.state[field]);
}

/** The step's views, then what modern attention adds to the step (ModernPanel), when it is switched on. */
export const StepContent = memo(function StepContent(props: StepContentProps) {
  const { state, selection } = props;
  return (
    <>
      <ClassicStepContent {...props} />
      <ModernPanel
        state={state}
        trace={props.trace}
        queryLabels={props.queryLabels}
        keyLabels={props.keyLabels}
        query={selection.query ?? state.locked?.query}
        pointedKey={selection.key ?? state.locked?.key}
        dispatch={props.dispatch}
      />
    </>
  );
}, sameViews);

function ClassicStepContent(props: StepContentProps) {
  const { state, trace, queryLabels, keyLabels, selection, onPoint, onPick, dispatch, width, palette } =
    props;
  const t = useT();
  const step = state.step;
  // The mean of the heads is a view of the weights (step 6); the other steps show head 1 (shownHead).
  const head = shownHead(step, state.head, trace.heads);
  const highlight = { row: selection.query, col: selection.key };
  const tables = state.showTables;
  // A long sequence: the score stacks' window (its first query and key), shared by every step's views.
  const [start, setStart] = useState<WindowStart>({ row: 0, col: 0 });
  const { stack: shownStack, masked: shownMask } = stepStack(trace, step);
  const shownMatrix = useMemo(() => headMatrix(shownStack, head), [shownStack, head]);
  const long = useLongMatrix(shownMatrix, queryLabels, keyLabels, {
    start,
    past: LONG_TOKENS,
    width,
    masked: shownMask,
    byRow: state.weightScale === "row" && shownStack === trace.weights,
  });
  const { row0, col0 } = long;
  /**
   * The window's rows of a per-token matrix, queries' from row0 and keys' from col0, and their labels; made
   * once per matrix and window, so that pointing (a re-render) does not rebuild the view.
   */
  const tokenWindow = (whole: Matrix, allLabels: readonly string[], side: "query" | "key") =>
    long.long
      ? rowWindow(whole, allLabels, side === "query" ? row0 : col0)
      : { m: whole, labels: allLabels, offset: 0 };
  /** A pick in the window → the whole matrix's query and key. */
  const fromWindow = (pick: CellPick | null): Selection | null =>
    pick ? { query: pick.row + row0, key: pick.col + col0 } : null;
  // One array per trace and head, so that pointing (a re-render) does not redraw the flow's lines.
  const flowWeights = useMemo(
    () =>
      head === "mean"
        ? Array.from({ length: trace.heads }, (_, h) => layer(trace.weights, h))
        : [layer(trace.weights, head)],
    [trace, head],
  );

  /** A view's title with whose numbers it shows, head 2's or the mean of the heads, where there are several. */
  const ofHead = (title: string) =>
    trace.heads > 1
      ? `${title} · ${head === "mean" ? t("view.mean") : t("view.head", { n: head + 1 })}`
      : title;

  /** Where "Mean of heads" was chosen and this step shows a head instead, a line that says which, and why. */
  const meanNote =
    state.head === "mean" && head !== "mean" && trace.heads > 1 ? (
      <p className="ap-hint" data-testid="mean-note">
        {t("view.meanOfWeights", { n: head + 1 })}
      </p>
    ) : null;

  /** Pointing at row `row` of a per-token matrix points at that query (or key, on the keys' side). */
  const tokenAt = (labels: readonly string[], row: number): Selection =>
    labels === queryLabels ? { query: row } : { key: row };

  const tokenTable = (m: Matrix, title: string, labels: readonly string[], testId: string) => (
    <DataTableView
      matrix={m}
      rowLabels={labels}
      colLabels={dims(m.cols)}
      caption={title}
      rowHeader={t("axis.tokens")}
      testId={`${testId}-table`}
    />
  );

  const tokenMatrix = (
    whole: Matrix,
    title: string,
    allLabels: readonly string[],
    testId: string,
    row: number | undefined,
    side: "query" | "key",
  ) => {
    const { m, labels, offset } = tokenWindow(whole, allLabels, side);
    return (
      <figure className="ap-figure" key={testId}>
        <HeatmapView
          matrix={m}
          rowLabels={labels}
          colLabels={dims(m.cols)}
          rowTitle={t("axis.tokens")}
          colTitle={t("axis.dims")}
          title={title}
          kind="diverging"
          palette={palette}
          width={Math.min(width, 80 + m.cols * 44)}
          legendTitle={t("view.value")}
          ariaLabel={title}
          describeCell={(cell) => describeTokenCell(t, cell)}
          keyHint={t("a11y.heatmapKeys")}
          highlight={{
            row: inWindow(row, offset, m.rows),
          }}
          onPoint={(p) => onPoint(p ? tokenAt(allLabels, p.row + offset) : null)}
          testId={testId}
        />
        {tables && tokenTable(m, title, labels, testId)}
      </figure>
    );
  };

  const scoreStack = (
    stack: Stack,
    kind: "diverging" | "sequential",
    title: string,
    testId: string,
    masked?: Uint8Array,
  ) => {
    // The step's own stack is the one windowed above (`long`); the window when the sequence is long.
    const own = stack === shownStack;
    const main = own ? long.matrix : headMatrix(stack, head);
    const rowLabels = own ? long.rowLabels : queryLabels;
    const colLabels = own ? long.colLabels : keyLabels;
    const mainMask = own ? long.masked : masked;
    // The pointed query and key in the window's own coordinates, when they are in it.
    const windowHighlight = {
      row: inWindow(selection.query, row0, rowLabels.length),
      col: inWindow(selection.key, col0, colLabels.length),
    };
    // Past 64 tokens a thumbnail is a blur of 2-pixel cells that costs as much to paint as the large view:
    // the heads are then plain buttons.
    const thumbnails = queryLabels.length <= MAX_THUMBNAIL && keyLabels.length <= MAX_THUMBNAIL;
    const shownTitle = ofHead(title);
    // Weights only: scores are coloured on a diverging scale centred on 0.
    const scaleBy = kind === "sequential" ? state.weightScale : undefined;
    const weightTitle = t(weightLegendKey(scaleBy));
    const quantity = t(QUANTITY[step as keyof typeof QUANTITY] ?? "a11y.value");
    return (
      <>
        {meanNote}
        {trace.heads > 1 && (
          <div className="ap-multiples" role="group" aria-label={t("view.heads")}>
            {[
              ...Array.from({ length: trace.heads }, (_, h) => h),
              ...(kind === "sequential" ? (["mean"] as const) : []),
            ].map((h) => (
              <button
                key={h}
                type="button"
                className="ap-multiple"
                aria-pressed={head === h}
                data-testid={`head-${h === "mean" ? "mean" : h + 1}`}
                onClick={() => dispatch({ type: "setHead", head: h })}
              >
                <span>{h === "mean" ? t("view.mean") : t("view.head", { n: h + 1 })}</span>
                {thumbnails && (
                  <HeatmapView
                    matrix={headMatrix(stack, h)}
                    rowLabels={noLabels(queryLabels)}
                    colLabels={noLabels(keyLabels)}
                    rowTitle=""
                    colTitle=""
                    kind={kind}
                    masked={masked}
                    palette={palette}
                    scaleBy={scaleBy}
                    width={120}
                    showValues={false}
                    interactive={false}
                    ariaLabel={`${title}, ${h === "mean" ? t("view.mean") : t("view.head", { n: h + 1 })}`}
                    highlight={highlight}
                  />
                )}
              </button>
            ))}
          </div>
        )}
        <LongMatrixOverview
          view={long}
          queries={queryLabels.length}
          keys={keyLabels.length}
          kind={kind}
          palette={palette}
          width={width}
          legendTitle={kind === "sequential" ? weightTitle : t("view.score")}
          pointed={selection}
          onMove={setStart}
          testId={`${testId}-overview`}
        />
        <figure className="ap-figure">
          <HeatmapView
            matrix={main}
            rowLabels={rowLabels}
            colLabels={colLabels}
            rowTitle={t("axis.queries")}
            colTitle={t("axis.keys")}
            title={shownTitle}
            kind={kind}
            masked={mainMask}
            palette={palette}
            scaleBy={scaleBy}
            rowDivisors={own ? long.rowDivisors : undefined}
            width={Math.min(width, 120 + colLabels.length * 64)}
            legendTitle={kind === "sequential" ? weightTitle : t("view.score")}
            ariaLabel={title}
            describeCell={(cell) => describeScoreCell(t, quantity, cell)}
            keyHint={t("a11y.heatmapKeys")}
            highlight={windowHighlight}
            onPoint={(p) => onPoint(fromWindow(p))}
            onPick={(p) => onPick(fromWindow(p))}
            testId={testId}
          />
          {tables && (
            <DataTableView
              matrix={main}
              rowLabels={rowLabels}
              colLabels={colLabels}
              caption={shownTitle}
              rowHeader={t("axis.queries")}
              masked={mainMask}
              testId={`${testId}-table`}
            />
          )}
        </figure>
      </>
    );
  };

  const flowView = () => {
    const heads = flowWeights;
    const narrow = width < 560;
    if (Math.max(queryLabels.length, keyLabels.length) > MAX_FLOW_TOKENS) {
      return (
        <figure className="ap-figure">
          <figcaption>{t("view.flow")}</figcaption>
          <p className="ap-hint">{t("view.flowTooLarge", { max: MAX_FLOW_TOKENS })}</p>
        </figure>
      );
    }
    return (
      <figure className="ap-figure">
        <figcaption>{t("view.flow")}</figcaption>
        <FlowView
          weights={heads}
          queryLabels={queryLabels}
          keyLabels={keyLabels}
          queryTitle={t("axis.queries")}
          keyTitle={t("axis.keys")}
          width={Math.min(width, 640)}
          height={narrow ? 260 : Math.max(220, 30 * Math.max(queryLabels.length, keyLabels.length) + 40)}
          orientation={narrow ? "vertical" : "horizontal"}
          ariaLabel={t("view.flow")}
          headColors={
            head === "mean" ? HEAD_COLORS : (SINGLE_HEAD_COLORS[head % HEAD_COLORS.length] as string[])
          }
          highlight={selection}
          onPoint={(p) => onPoint(p ?? null)}
          onPick={(p) => onPick(p ?? null)}
          describeToken={(token) => describeFlowToken(t, token, heads.length)}
          nameToken={({ side }, label) => nameFlowToken(t, side, label)}
        />
      </figure>
    );
  };

  const vectors = (
    whole: Matrix,
    title: string,
    allLabels: readonly string[],
    testId: string,
    side: "query" | "key",
  ) => {
    const { m, labels, offset } = tokenWindow(whole, allLabels, side);
    // By side, not by label identity: in self-attention queries and keys share one label list.
    const pointed = side === "query" ? selection.query : selection.key;
    return (
      <figure className="ap-figure" key={testId}>
        <VectorsView
          matrix={m}
          labels={labels}
          title={title}
          palette={palette}
          highlight={inWindow(pointed, offset, m.rows)}
          ariaLabel={title}
          onPoint={(p) => onPoint(p ? tokenAt(allLabels, p.row + offset) : null)}
          testId={testId}
        />
        {tables && tokenTable(m, title, labels, testId)}
      </figure>
    );
  };

  switch (step) {
    case 1:
      return (
        <div className="ap-views">
          {trace.x ? (
            <>
              {tokenMatrix(trace.x, t("view.X"), queryLabels, "view-x", selection.query, "query")}
              {trace.positional &&
                tokenMatrix(trace.positional, t("view.PE"), queryLabels, "view-pe", selection.query, "query")}
              {trace.xKV &&
                tokenMatrix(trace.xKV, `${t("view.X")} (K, V)`, keyLabels, "view-xkv", selection.key, "key")}
            </>
          ) : (
            <>
              {tokenMatrix(trace.q, t("view.Q"), queryLabels, "view-q", selection.query, "query")}
              {tokenMatrix(trace.k, t("view.K"), keyLabels, "view-k", selection.key, "key")}
              {tokenMatrix(trace.v, t("view.V"), keyLabels, "view-v", selection.key, "key")}
            </>
          )}
        </div>
      );
    case 2:
      return (
        <div className="ap-views ap-views-row">
          {vectors(trace.q, t("view.Q"), queryLabels, "view-q", "query")}
          {vectors(trace.k, t("view.K"), keyLabels, "view-k", "key")}
          {vectors(trace.v, t("view.V"), keyLabels, "view-v", "key")}
        </div>
      );
    case 3:
      return (
        <div className="ap-views">
          {scoreStack(trace.scores, "diverging", t("view.scores"), "view-scores")}
        </div>
      );
    case 4:
      return (
        <div className="ap-views">
          {scoreStack(trace.scaled, "diverging", t("view.scaled"), "view-scaled")}
        </div>
      );
    case 5:
      return (
        <div className="ap-views">
          {scoreStack(trace.masked, "diverging", t("view.masked"), "view-masked", trace.mask)}
        </div>
      );
    case 6:
      return (
        <div className="ap-views">
          {scoreStack(trace.weights, "sequential", t("view.weights"), "view-weights", trace.mask)}
          {flowView()}
        </div>
      );
    case 7:
      return (
        <div className="ap-views">
          {meanNote}
          {flowView()}
          <div className="ap-views-row">
            {vectors(
              headMatrix(trace.headOutputs, head),
              ofHead(t("view.headOutput")),
              queryLabels,
              "view-head-output",
              "query",
            )}
            {/* The V this head weighs: its own columns. */}
            {head !== "mean" &&
              vectors(
                headColumns(trace.v, head, trace.dV),
                t("view.headV", { n: head + 1, from: head * trace.dV + 1, to: (head + 1) * trace.dV }),
                keyLabels,
                "view-v",
                "key",
              )}
          </div>
        </div>
      );
    default:
      return (
        <div className="ap-views ap-views-row">
          {vectors(trace.concat, t("view.concat"), queryLabels, "view-concat", "query")}
          {vectors(trace.output, t("view.output"), queryLabels, "view-output", "query")}
        </div>
      );
  }
}
