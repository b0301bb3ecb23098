import { useMemo, useState } from "react";
import type { ImportedAttention } from "../../core/importAttention";
import { counted } from "../../core/messages";
import type { Matrix } from "../../core/types";
import type { PaletteName, ScaleBy } from "../../render/scales";
import { MAX_FLOW_TOKENS, nameFlowToken, weightLegendKey } from "../../explorer/describe";
import { useT } from "../app/i18n";
import { useWidth } from "../app/useWidth";
import { SelectField } from "../inputs/SelectField";
import { LongMatrixOverview, useLongMatrix, type WindowStart } from "../views/LongMatrix";
import { DataTableView, FlowView, HeatmapView } from "../views/views";

interface ImportedViewProps {
  readonly data: ImportedAttention;
  readonly name: string;
  readonly width: number;
  readonly palette: PaletteName;
  /** What the weights' colours stand for: the weight, or the weight ÷ its row's largest. */
  readonly scaleBy: ScaleBy;
  readonly tables: boolean;
  readonly onClose: () => void;
}

/** Head `head` of layer `layer` of imported weights, as a [queries, keys] matrix (a view, not a copy). */
function importedMatrix(data: ImportedAttention, layer: number, head: number): Matrix {
  const size = data.queries * data.keys;
  const start = (layer * data.heads + head) * size;
  return { rows: data.queries, cols: data.keys, data: data.weights.subarray(start, start + size) };
}

/**
 * Attention weights brought from elsewhere (a model library's JSON, a NumPy file), browsed by layer and head
 * with the explorer's views and the same linked pointing. Rows are queries, columns are keys. A long sequence
 * (129 to 4,096 tokens) shows an overview, each cell the largest weight of its block of tokens, and a window of
 * 64 × 64 tokens at full detail, moved by picking a block; pointing in the window lights its block up.
 */
export function ImportedView({
  data,
  name,
  width: pageWidth,
  palette,
  scaleBy,
  tables,
  onClose,
}: ImportedViewProps) {
  const t = useT();
  // Its own width: it takes the place of the explorer's views and formula panel together.
  const [root, measured] = useWidth<HTMLElement>(pageWidth);
  const width = measured > 0 ? measured : pageWidth;
  const [layer, setLayer] = useState(0);
  const [head, setHead] = useState(0);
  const [pointed, setPointed] = useState<{ query?: number; key?: number } | null>(null);
  const [locked, setLocked] = useState<{ query?: number; key?: number } | null>(null);
  const [start, setStart] = useState<WindowStart>({ row: 0, col: 0 });
  const whole = useMemo(() => importedMatrix(data, layer, head), [data, layer, head]);
  // Past MAX_FLOW_TOKENS (as many as the flow draws), an overview and a window (views/LongMatrix).
  const view = useLongMatrix(whole, data.tokens, data.keyTokens, {
    start,
    past: MAX_FLOW_TOKENS,
    width,
    byRow: scaleBy === "row",
  });
  const { long, matrix, rowLabels, colLabels, row0, col0 } = view;
  const rows = matrix.rows;
  const cols = matrix.cols;
  const weights = useMemo(() => [matrix], [matrix]);
  // Pointing and picking in the window's own coordinates (the window moves, and a pick moves with it).
  const selection = locked ?? pointed ?? {};
  const moveTo = (next: WindowStart) => {
    setStart(next);
    setPointed(null);
    setLocked(null);
  };
  const title = t("import.viewTitle", { layer: layer + 1, head: head + 1 });
  const options = (n: number) =>
    Array.from({ length: n }, (_, i) => (
      <option key={i} value={String(i + 1)}>
        {i + 1}
      </option>
    ));
  return (
    <section className="ap-imported" data-testid="imported" aria-labelledby="ap-imported-title" ref={root}>
      <header className="ap-imported-head">
        <h2 id="ap-imported-title">{t("import.title")}</h2>
        <p className="ap-hint">
          {t("import.summary", {
            name,
            layers: counted(data.layers, "count.layer", "count.layers"),
            heads: counted(data.heads, "count.head", "count.heads"),
            queries: counted(data.queries, "count.query", "count.queries"),
            keys: counted(data.keys, "count.key", "count.keys"),
          })}
        </p>
        <div className="ap-imported-controls">
          <SelectField
            label={t("import.layer")}
            value={String(layer + 1)}
            onChange={(v) => setLayer(Number(v) - 1)}
            testId="import-layer"
          >
            {options(data.layers)}
          </SelectField>
          <SelectField
            label={t("import.head")}
            value={String(head + 1)}
            onChange={(v) => setHead(Number(v) - 1)}
            testId="import-head"
          >
            {options(data.heads)}
          </SelectField>
          <button type="button" className="ap-button" onClick={onClose} data-testid="import-close">
            {t("import.close")}
          </button>
        </div>
      </header>
      <LongMatrixOverview
        view={view}
        queries={data.queries}
        keys={data.keys}
        kind="sequential"
        palette={palette}
        width={width}
        legendTitle={t(weightLegendKey(scaleBy))}
        pointed={{
          query: selection.query === undefined ? undefined : row0 + selection.query,
          key: selection.key === undefined ? undefined : col0 + selection.key,
        }}
        onMove={moveTo}
        testId="imported-overview"
      />
      <div className="ap-views">
        <figure className="ap-figure">
          <HeatmapView
            matrix={matrix}
            rowLabels={rowLabels}
            colLabels={colLabels}
            rowTitle={t("axis.queries")}
            colTitle={t("axis.keys")}
            title={title}
            kind="sequential"
            palette={palette}
            scaleBy={scaleBy}
            rowDivisors={view.rowDivisors}
            width={Math.min(width, 120 + cols * 64)}
            legendTitle={t(weightLegendKey(scaleBy))}
            ariaLabel={title}
            highlight={{ row: selection.query, col: selection.key }}
            onPoint={(p) => setPointed(p ? { query: p.row, key: p.col } : null)}
            onPick={(p) => setLocked(p ? { query: p.row, key: p.col } : null)}
            testId="imported-weights"
          />
          {tables && (
            <DataTableView
              matrix={matrix}
              rowLabels={rowLabels}
              colLabels={colLabels}
              caption={title}
              rowHeader={t("axis.queries")}
              testId="imported-weights-table"
            />
          )}
        </figure>
        {/* A phone has no room for a window's 64 lines of flow: its heatmap and overview serve there. */}
        {Math.max(rows, cols) <= MAX_FLOW_TOKENS && !(long && width < 560) && (
          <FlowView
            weights={weights}
            queryLabels={rowLabels}
            keyLabels={colLabels}
            queryTitle={t("axis.queries")}
            keyTitle={t("axis.keys")}
            width={Math.min(width, 720)}
            height={Math.max(160, 28 * Math.max(rows, cols))}
            orientation={width < 560 ? "vertical" : "horizontal"}
            ariaLabel={t("view.flow")}
            nameToken={({ side }, label) => nameFlowToken(t, side, label)}
            highlight={selection}
            onPoint={(p) => setPointed(p)}
            onPick={(p) => setLocked(p)}
          />
        )}
      </div>
    </section>
  );
}
