import { useMemo, useState } from "react";
import type { ImportedAttention } from "../../core/importAttention";
import type { Matrix } from "../../core/types";
import type { PaletteName } from "../../render/scales";
import { MAX_FLOW_TOKENS } from "../../explorer/describe";
import { useT } from "../app/i18n";
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
 * Attention weights brought from elsewhere (a model library's JSON, a NumPy file), browsed by layer and head
 * with the explorer's views and the same linked pointing. Rows are queries, columns are keys.
 */
export function ImportedView({ data, name, width, palette, tables, onClose }: ImportedViewProps) {
  const t = useT();
  const [layer, setLayer] = useState(0);
  const [head, setHead] = useState(0);
  const [pointed, setPointed] = useState<{ query?: number; key?: number } | null>(null);
  const [locked, setLocked] = useState<{ query?: number; key?: number } | null>(null);
  const matrix = useMemo(() => importedMatrix(data, layer, head), [data, layer, head]);
  const weights = useMemo(() => [matrix], [matrix]);
  const selection = locked ?? pointed ?? {};
  const title = t("import.viewTitle", { layer: layer + 1, head: head + 1 });
  const options = (n: number) =>
    Array.from({ length: n }, (_, i) => (
      <option key={i} value={String(i + 1)}>
        {i + 1}
      </option>
    ));
  return (
    <section className="ap-imported" data-testid="imported" aria-labelledby="ap-imported-title">
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
      <div className="ap-views">
        <figure className="ap-figure">
          <HeatmapView
            matrix={matrix}
            rowLabels={data.tokens}
            colLabels={data.keyTokens}
            rowTitle={t("axis.queries")}
            colTitle={t("axis.keys")}
            title={title}
            kind="sequential"
            palette={palette}
            width={Math.min(width, 120 + data.keys * 64)}
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
              rowLabels={data.tokens}
              colLabels={data.keyTokens}
              caption={title}
              rowHeader={t("axis.queries")}
              testId="imported-weights-table"
            />
          )}
        </figure>
        {Math.max(data.queries, data.keys) <= MAX_FLOW_TOKENS && (
          <FlowView
            weights={weights}
            queryLabels={data.tokens}
            keyLabels={data.keyTokens}
            queryTitle={t("axis.queries")}
            keyTitle={t("axis.keys")}
            width={Math.min(width, 720)}
            height={Math.max(160, 28 * Math.max(data.queries, data.keys))}
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
