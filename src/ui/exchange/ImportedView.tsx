import { useMemo, useState } from "react";
import type { ImportedAttention } from "../../core/importAttention";
import { blockMax, subMatrix } from "../../core/matrix";
import type { Matrix } from "../../core/types";
import type { PaletteName } from "../../render/scales";
import { MAX_FLOW_TOKENS } from "../../explorer/describe";
import { useT } from "../app/i18n";
import { useWidth } from "../app/useWidth";
import { SelectField } from "../inputs/SelectField";
import { DataTableView, FlowView, HeatmapView } from "../views/views";

interface ImportedViewProps {
  readonly data: ImportedAttention;
  readonly name: string;
  readonly width: number;
  readonly palette: PaletteName;
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
 * Past MAX_FLOW_TOKENS queries or keys (as many as the flow view draws), the view shows an overview of the
 * whole matrix and a window of WINDOW × WINDOW tokens of it, whose labels stay readable.
 */
const WINDOW = 64;
/** The overview's cells across, at most: a wide screen, and a phone's. */
const OVERVIEW_CELLS = { wide: 256, narrow: 128 };

/** "17–32": the 1-based tokens a block of the overview stands for. */
const blockLabels = (count: number, block: number) =>
  Array.from(
    { length: Math.ceil(count / block) },
    (_, i) => `${i * block + 1}–${Math.min(count, (i + 1) * block)}`,
  );

const clamp = (x: number, max: number) => Math.max(0, Math.min(x, max));

/**
 * Attention weights brought from elsewhere (a model library's JSON, a NumPy file), browsed by layer and head
 * with the explorer's views and the same linked pointing. Rows are queries, columns are keys. A long sequence
 * (129 to 4,096 tokens) shows an overview, each cell the largest weight of its block of tokens, and a window of
 * 64 × 64 tokens at full detail, moved by picking a block; pointing in the window lights its block up.
 */
export function ImportedView({ data, name, width: pageWidth, palette, tables, onClose }: ImportedViewProps) {
  const t = useT();
  // Its own width: it takes the place of the explorer's views and formula panel together.
  const [root, measured] = useWidth<HTMLElement>(pageWidth);
  const width = measured > 0 ? measured : pageWidth;
  const [layer, setLayer] = useState(0);
  const [head, setHead] = useState(0);
  const [pointed, setPointed] = useState<{ query?: number; key?: number } | null>(null);
  const [locked, setLocked] = useState<{ query?: number; key?: number } | null>(null);
  const [start, setStart] = useState({ row: 0, col: 0 });
  const whole = useMemo(() => importedMatrix(data, layer, head), [data, layer, head]);
  const long = Math.max(data.queries, data.keys) > MAX_FLOW_TOKENS;
  const block = Math.ceil(
    Math.max(data.queries, data.keys) / (width < 560 ? OVERVIEW_CELLS.narrow : OVERVIEW_CELLS.wide),
  );
  const overview = useMemo(() => (long ? blockMax(whole, block) : undefined), [long, whole, block]);
  // The window: all of a short matrix; WINDOW × WINDOW tokens of a long one, from `start`.
  const rows = Math.min(WINDOW, data.queries);
  const cols = Math.min(WINDOW, data.keys);
  const row0 = long ? clamp(start.row, data.queries - rows) : 0;
  const col0 = long ? clamp(start.col, data.keys - cols) : 0;
  const matrix = useMemo(
    () => (long ? subMatrix(whole, row0, col0, rows, cols) : whole),
    [long, whole, row0, col0, rows, cols],
  );
  const weights = useMemo(() => [matrix], [matrix]);
  const rowLabels = useMemo(() => data.tokens.slice(row0, row0 + rows), [data.tokens, row0, rows]);
  const colLabels = useMemo(() => data.keyTokens.slice(col0, col0 + cols), [data.keyTokens, col0, cols]);
  // Pointing and picking in the window's own coordinates (the window moves, and a pick moves with it).
  const selection = locked ?? pointed ?? {};
  const pointedBlock =
    selection.query !== undefined || selection.key !== undefined
      ? {
          row: selection.query === undefined ? undefined : Math.floor((row0 + selection.query) / block),
          col: selection.key === undefined ? undefined : Math.floor((col0 + selection.key) / block),
        }
      : { row: Math.floor(row0 / block), col: Math.floor(col0 / block) };
  const moveTo = (cell: { row: number; col: number }) => {
    setStart({ row: cell.row * block, col: cell.col * block });
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
            layers: data.layers,
            heads: data.heads,
            queries: data.queries,
            keys: data.keys,
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
      {overview && (
        <figure className="ap-figure" data-testid="imported-overview">
          <p className="ap-hint">{t("import.overview", { block, queries: data.queries, keys: data.keys })}</p>
          <HeatmapView
            matrix={overview}
            rowLabels={blockLabels(data.queries, block)}
            colLabels={blockLabels(data.keys, block)}
            rowTitle={t("axis.queries")}
            colTitle={t("axis.keys")}
            title={t("import.overviewTitle", { block })}
            kind="sequential"
            palette={palette}
            width={Math.min(width, 120 + overview.cols * 4)}
            legendTitle={t("view.weight")}
            ariaLabel={t("import.overviewTitle", { block })}
            highlight={pointedBlock}
            onPick={(p) => p && moveTo(p)}
            testId="imported-overview-heatmap"
          />
          <p className="ap-hint" data-testid="imported-window">
            {t("import.window", {
              r0: row0 + 1,
              r1: row0 + rows,
              c0: col0 + 1,
              c1: col0 + cols,
            })}
          </p>
        </figure>
      )}
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
            width={Math.min(width, 120 + cols * 64)}
            legendTitle={t("view.weight")}
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
            highlight={selection}
            onPoint={(p) => setPointed(p)}
            onPick={(p) => setLocked(p)}
          />
        )}
      </div>
    </section>
  );
}
