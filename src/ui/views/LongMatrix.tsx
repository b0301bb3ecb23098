import { useMemo } from "react";
import { blockAllMasked, blockMax, subMatrix } from "../../core/matrix";
import { counted } from "../../core/messages";
import type { Matrix } from "../../core/types";
import { rowLargest, type PaletteName } from "../../render/scales";
import { useT } from "../app/i18n";
import { HeatmapView, type CellPick } from "./views";

/**
 * A long sequence's [queries, keys] matrix (up to 4,096 × 4,096): an overview of the whole, each cell the
 * largest value of its block of tokens, and a window of WINDOW × WINDOW tokens drawn at full detail by the
 * usual views. Rows are queries, columns are keys. The window starts at `start` (0-based token indices,
 * clamped); picking a block of the overview moves it there.
 */
export const WINDOW = 64;

/** The overview's cells across, at most: a wide screen's, and a phone's (narrower than 560 px). */
const OVERVIEW_CELLS = { wide: 256, narrow: 128 };

export interface WindowStart {
  readonly row: number;
  readonly col: number;
}

export interface LongMatrixWindow {
  /** Whether the matrix is long (past `past` queries or keys): otherwise the window is the whole matrix. */
  readonly long: boolean;
  readonly matrix: Matrix;
  readonly rowLabels: readonly string[];
  readonly colLabels: readonly string[];
  /** The window's part of the mask, [rows, cols], where the matrix has one. */
  readonly masked: Uint8Array | undefined;
  /** The window's first query and key, 0-based. */
  readonly row0: number;
  readonly col0: number;
  /** Tokens per block of the overview, and the overview (undefined when not long). */
  readonly block: number;
  readonly overview: Matrix | undefined;
  /** The overview's mask: a block is masked when every cell of it is. */
  readonly overviewMasked: Uint8Array | undefined;
  /**
   * By row (weight colours "each row: 0 to its largest"): the window's rows' divisors, each row's largest
   * over the whole row, not the window's part of it; the overview then holds those fractions.
   */
  readonly rowDivisors: Float64Array | undefined;
}

const clamp = (x: number, max: number) => Math.max(0, Math.min(x, max));

/** "17–32": the 1-based tokens a block of the overview stands for. */
const blockLabels = (count: number, block: number) =>
  Array.from(
    { length: Math.ceil(count / block) },
    (_, i) => `${i * block + 1}–${Math.min(count, (i + 1) * block)}`,
  );

/** The window of `matrix` at `start`, and its overview, once per matrix, start and width. */
export function useLongMatrix(
  matrix: Matrix,
  rowLabels: readonly string[],
  colLabels: readonly string[],
  {
    start,
    past,
    width,
    masked,
    byRow = false,
  }: { start: WindowStart; past: number; width: number; masked?: Uint8Array; byRow?: boolean },
): LongMatrixWindow {
  const long = Math.max(matrix.rows, matrix.cols) > past;
  const block = Math.ceil(
    Math.max(matrix.rows, matrix.cols) / (width < 560 ? OVERVIEW_CELLS.narrow : OVERVIEW_CELLS.wide),
  );
  const rows = long ? Math.min(WINDOW, matrix.rows) : matrix.rows;
  const cols = long ? Math.min(WINDOW, matrix.cols) : matrix.cols;
  const row0 = long ? clamp(start.row, matrix.rows - rows) : 0;
  const col0 = long ? clamp(start.col, matrix.cols - cols) : 0;
  const divisors = useMemo(
    () => (byRow && long ? rowLargest(matrix, masked) : undefined),
    [byRow, long, matrix, masked],
  );
  const overview = useMemo(
    () => (long ? blockMax(matrix, block, divisors) : undefined),
    [long, matrix, block, divisors],
  );
  const rowDivisors = useMemo(() => divisors?.subarray(row0, row0 + rows), [divisors, row0, rows]);
  const overviewMasked = useMemo(
    () => (masked && long ? blockAllMasked(masked, matrix.rows, matrix.cols, block) : undefined),
    [masked, long, matrix.rows, matrix.cols, block],
  );
  const window = useMemo(
    () => (long ? subMatrix(matrix, row0, col0, rows, cols) : matrix),
    [long, matrix, row0, col0, rows, cols],
  );
  const windowMask = useMemo(() => {
    if (!masked || !long) return masked;
    const out = new Uint8Array(rows * cols);
    for (let i = 0; i < rows; i++)
      out.set(
        masked.subarray((row0 + i) * matrix.cols + col0, (row0 + i) * matrix.cols + col0 + cols),
        i * cols,
      );
    return out;
  }, [masked, long, rows, cols, row0, col0, matrix.cols]);
  const windowRows = useMemo(
    () => (long ? rowLabels.slice(row0, row0 + rows) : rowLabels),
    [long, rowLabels, row0, rows],
  );
  const windowCols = useMemo(
    () => (long ? colLabels.slice(col0, col0 + cols) : colLabels),
    [long, colLabels, col0, cols],
  );
  return {
    long,
    matrix: window,
    rowLabels: windowRows,
    colLabels: windowCols,
    masked: windowMask,
    row0,
    col0,
    block,
    overview,
    overviewMasked,
    rowDivisors,
  };
}

interface OverviewProps {
  readonly view: LongMatrixWindow;
  /** The whole matrix's size, for the words. */
  readonly queries: number;
  readonly keys: number;
  readonly kind: "diverging" | "sequential";
  readonly palette: PaletteName;
  readonly width: number;
  readonly legendTitle: string;
  /** A query and/or key pointed at in the whole matrix (0-based): its block is outlined. */
  readonly pointed: { readonly query?: number | undefined; readonly key?: number | undefined };
  readonly onMove: (start: WindowStart) => void;
  readonly testId: string;
}

/** The overview of a long matrix, with what it shows in words; picking a block moves the window there. */
export function LongMatrixOverview({
  view,
  queries,
  keys,
  kind,
  palette,
  width,
  legendTitle,
  pointed,
  onMove,
  testId,
}: OverviewProps) {
  const t = useT();
  const { overview, overviewMasked, block, row0, col0, matrix } = view;
  // Made once per size and block: new label arrays would rebuild the overview at every pointing.
  const rowLabels = useMemo(() => blockLabels(queries, block), [queries, block]);
  const colLabels = useMemo(() => blockLabels(keys, block), [keys, block]);
  if (!overview) return null;
  const title = t("view.longOverviewTitle", { block });
  // The pointed block, or the window's first one.
  const highlight =
    pointed.query !== undefined || pointed.key !== undefined
      ? {
          row: pointed.query === undefined ? undefined : Math.floor(pointed.query / block),
          col: pointed.key === undefined ? undefined : Math.floor(pointed.key / block),
        }
      : { row: Math.floor(row0 / block), col: Math.floor(col0 / block) };
  return (
    <figure className="ap-figure" data-testid={testId}>
      <p className="ap-hint">
        {t("view.longOverview", {
          block,
          queries: counted(queries, "count.query", "count.queries"),
          keys: counted(keys, "count.key", "count.keys"),
        })}
      </p>
      <HeatmapView
        matrix={overview}
        rowLabels={rowLabels}
        colLabels={colLabels}
        rowTitle={t("axis.queries")}
        colTitle={t("axis.keys")}
        title={title}
        kind={kind}
        masked={overviewMasked}
        palette={palette}
        width={Math.min(width, 120 + overview.cols * 4)}
        legendTitle={legendTitle}
        ariaLabel={title}
        highlight={highlight}
        onPick={(p: CellPick | null) => p && onMove({ row: p.row * block, col: p.col * block })}
        testId={`${testId}-heatmap`}
      />
      <p className="ap-hint" data-testid={`${testId}-window`}>
        {t("view.longWindow", {
          r0: row0 + 1,
          r1: row0 + matrix.rows,
          c0: col0 + 1,
          c1: col0 + matrix.cols,
        })}
      </p>
    </figure>
  );
}
