import {
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ClipboardEvent,
  type CSSProperties,
  type KeyboardEvent,
  type PointerEvent,
} from "react";
import { useSay, useT } from "../app/i18n";
import { type Translate } from "../../i18n/i18n";
import type { Message } from "../../core/messages";
import {
  DEFAULT_GRID_LIMITS,
  cellAfterKey,
  columnChars,
  formatCell,
  insertColumn,
  insertRow,
  isSingleValue,
  parseCell,
  pasteBlock,
  removeColumn,
  removeRow,
  scrubValue,
  setCell,
  showCell,
  type CellAt,
  type CellError,
  type Cells,
  type GridLimits,
} from "../../explorer/grid";
import "./MatrixGrid.css";

export interface MatrixGridProps {
  /** The matrix's name, "Q", "K" or "V": in the caption and in every cell's label. */
  name: string;
  /** Rows of cell texts; rows are queries for Q, keys for K and V. */
  cells: Cells;
  /** Called with the new cells on every keystroke, paste, shape change and scrub frame. */
  onChange(cells: Cells): void;
  /** Row headers, e.g. the tokens ("the", "猫"); rows past the labels are numbered from 1. */
  rowLabels?: string[];
  /** Column headers are this prefix and the column's number from 1: "d" gives d1, d2, … */
  colLabelPrefix?: string;
  /** Cells that are not numbers, from parseCells: marked red, described to screen readers. */
  errors?: CellError[];
  limits?: GridLimits;
  /** Around a drag of a cell's handle, so the app can make the whole drag one undo step. */
  onScrubStart?(): void;
  onScrubEnd?(): void;
}

/** A drag of one cell's handle in progress. */
interface Scrub {
  pointerId: number;
  row: number;
  col: number;
  /** The value and pointer x that dx is measured from; reset when Shift or Alt changes mid-drag. */
  anchorValue: number;
  anchorX: number;
  modifiers: string;
  lastX: number;
  value: number;
  /** A value not yet passed to onChange, and the animation frame that will pass it. */
  dirty: boolean;
  frame: number | null;
}

const cellKey = (row: number, col: number) => `${row},${col}`;

/**
 * A cell error in the reader's language: from its code, else from its message id, else the message as given.
 */
function describeError(
  error: CellError,
  name: string,
  cells: Cells,
  t: Translate,
  say: ReturnType<typeof useSay>,
): string {
  const params = {
    name,
    row: error.row + 1,
    col: error.col + 1,
    text: showCell(cells[error.row]?.[error.col] ?? ""),
  };
  switch (error.code) {
    case "empty":
      return t("grid.cellEmpty", params);
    case "not-a-number":
      return t("grid.cellNotNumber", params);
    case "not-finite":
      return t("grid.cellNotFinite", params);
    default:
      return error.key ? say({ key: error.key, params: error.params ?? {} }) : error.message;
  }
}

/**
 * A spreadsheet-like editor for one matrix, kept as the text of every cell. Arrow keys, Tab and Enter
 * move between cells (see cellAfterKey in grid.ts); pasting a block from a spreadsheet, CSV, JSON or a
 * NumPy printout writes it from the cell pasted into; the handle at a cell's edge drags its value.
 */
export function MatrixGrid({
  name,
  cells,
  onChange,
  rowLabels,
  colLabelPrefix = "",
  errors = [],
  limits = DEFAULT_GRID_LIMITS,
  onScrubStart,
  onScrubEnd,
}: MatrixGridProps) {
  const t = useT();
  const say = useSay();
  const id = useId();
  const rows = cells.length;
  const cols = cells[0]?.length ?? 0;
  const inputs = useRef(new Map<string, HTMLInputElement>());
  const [pasteError, setPasteError] = useState<string | null>(null);
  /** How the last paste's commas were read, where the text left it in doubt, and the paste read otherwise. */
  const [pasteNote, setPasteNote] = useState<{ said: Message<string>; otherwise?: Cells } | null>(null);
  const [focused, setFocused] = useState<CellAt | null>(null);
  /** The text of the focused cell when it was focused, so Escape can put it back. */
  const before = useRef<CellAt & { text: string }>(null);
  /** Set when a click focuses a cell, so the mouseup that follows does not undo select-on-focus. */
  const selectOnUp = useRef(false);
  const scrub = useRef<Scrub>(null);
  // Animation-frame callbacks run after renders: they read the latest props from here.
  const latest = useRef({ cells, onChange, onScrubEnd });
  useLayoutEffect(() => {
    latest.current = { cells, onChange, onScrubEnd };
  });
  useEffect(
    () => () => {
      const drag = scrub.current;
      if (!drag) return;
      if (drag.frame !== null) cancelAnimationFrame(drag.frame);
      scrub.current = null;
      latest.current.onScrubEnd?.();
    },
    [],
  );

  const errorAt = new Map(errors.map((e) => [cellKey(e.row, e.col), describeError(e, name, cells, t, say)]));

  const change = (next: Cells) => {
    setPasteError(null);
    setPasteNote(null); // any edit after a paste leaves the note's other reading behind
    if (next !== cells) onChange(next);
  };

  const focusCell = ({ row, col }: CellAt) => inputs.current.get(cellKey(row, col))?.focus();

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>, row: number, col: number) => {
    // Keys pressed while an IME composes (Enter picks a candidate) belong to the IME; Safari reports
    // the Enter that ends a composition only through keyCode 229.
    if (event.nativeEvent.isComposing || event.keyCode === 229) return;
    const input = event.currentTarget;
    if (event.key === "Escape") {
      const start = before.current;
      if (start && start.row === row && start.col === col && start.text !== cells[row]?.[col]) {
        event.preventDefault();
        change(setCell(cells, row, col, start.text));
      }
      return;
    }
    const caret = {
      start: input.selectionStart ?? 0,
      end: input.selectionEnd ?? 0,
      length: input.value.length,
    };
    const to = cellAfterKey(event, { row, col }, rows, cols, caret);
    if (!to) return;
    event.preventDefault();
    if (to.row === row && to.col === col) input.select();
    else focusCell(to);
  };

  const onPaste = (event: ClipboardEvent<HTMLInputElement>, row: number, col: number) => {
    const text = event.clipboardData.getData("text/plain") || event.clipboardData.getData("text");
    // One entry pastes as text does, at the caret; the typed text is then checked like any other.
    if (text.trim() === "" || isSingleValue(text)) return;
    event.preventDefault();
    const result = pasteBlock(cells, text, row, col, name, limits);
    if ("error" in result) {
      setPasteError(
        // A block refused before it was read (past the limits as text) has no size to say: its own message says why.
        result.code === "too-large" && result.rows !== undefined
          ? t("grid.pasteTooLarge", {
              name,
              rows: result.rows ?? 0,
              cols: result.cols ?? 0,
              needRows: result.needRows ?? 0,
              needCols: result.needCols ?? 0,
              maxRows: limits.maxRows,
              maxCols: limits.maxCols,
            })
          : t("grid.pasteError", { name, message: say(result.said) }),
      );
      return;
    }
    change(result.cells);
    if (result.note) setPasteNote({ said: result.note, otherwise: result.otherwise });
  };

  const flushScrub = () => {
    const drag = scrub.current;
    if (!drag) return;
    drag.frame = null;
    if (!drag.dirty) return;
    drag.dirty = false;
    const { cells: now, onChange: emit } = latest.current;
    const next = setCell(now, drag.row, drag.col, formatCell(drag.value));
    if (next !== now) emit(next);
  };

  const onScrubDown = (event: PointerEvent<HTMLElement>, row: number, col: number) => {
    if (event.button !== 0 || scrub.current) return;
    event.preventDefault(); // no text selection, no focus change
    const start = parseCell(cells[row]?.[col] ?? "", name, row, col);
    const value = "value" in start ? start.value : 0;
    try {
      event.currentTarget.setPointerCapture(event.pointerId);
    } catch {
      // A pointer that is already gone cannot be captured; the drag still works while over the handle.
    }
    scrub.current = {
      pointerId: event.pointerId,
      row,
      col,
      anchorValue: value,
      anchorX: event.clientX,
      modifiers: "",
      lastX: event.clientX,
      value,
      dirty: false,
      frame: null,
    };
    setPasteError(null);
    onScrubStart?.();
  };

  const onScrubMove = (event: PointerEvent<HTMLElement>) => {
    const drag = scrub.current;
    if (!drag || drag.pointerId !== event.pointerId) return;
    const modifiers = { shift: event.shiftKey, alt: event.altKey };
    const pressed = `${modifiers.shift}${modifiers.alt}`;
    if (drag.modifiers && pressed !== drag.modifiers) {
      // A new step size applies from here on, not retroactively to the whole drag.
      drag.anchorValue = drag.value;
      drag.anchorX = drag.lastX;
    }
    drag.modifiers = pressed;
    drag.lastX = event.clientX;
    const value = scrubValue(drag.anchorValue, event.clientX - drag.anchorX, modifiers);
    if (value === drag.value) return;
    drag.value = value;
    drag.dirty = true;
    drag.frame ??= requestAnimationFrame(flushScrub);
  };

  const onScrubUp = (event: PointerEvent<HTMLElement>) => {
    const drag = scrub.current;
    if (!drag || drag.pointerId !== event.pointerId) return;
    if (drag.frame !== null) cancelAnimationFrame(drag.frame);
    flushScrub(); // the last value lands before the app closes the undo step
    scrub.current = null;
    if (event.currentTarget.hasPointerCapture?.(event.pointerId)) {
      event.currentTarget.releasePointerCapture(event.pointerId);
    }
    latest.current.onScrubEnd?.();
  };

  const focusedError = focused ? errorAt.get(cellKey(focused.row, focused.col)) : undefined;
  const canAddRow = rows < limits.maxRows;
  const canAddCol = cols < limits.maxCols;
  // Each column as wide as its longest text (MatrixGrid.css reads --ap-grid-chars): read again when a cell
  // changes, not at every render of the page (a grid may hold 512 rows).
  const chars = useMemo(() => columnChars(cells), [cells]);

  return (
    <div className="ap-grid">
      <div className="ap-grid__scroll">
        <table role="grid" className="ap-grid__table">
          <caption className="ap-grid__caption">{t("grid.caption", { name, rows, cols })}</caption>
          <thead>
            <tr>
              <td className="ap-grid__corner" />
              {Array.from({ length: cols }, (_, col) => (
                <th key={col} scope="col" className="ap-grid__head ap-grid__head--col" tabIndex={-1}>
                  <span className="ap-grid__label">{`${colLabelPrefix}${col + 1}`}</span>
                  <HeaderOps
                    insertLabel={t("grid.insertColumnBefore", { col: col + 1 })}
                    deleteLabel={t("grid.deleteColumn", { col: col + 1 })}
                    canInsert={canAddCol}
                    canDelete={cols > 1}
                    onInsert={() => change(insertColumn(cells, col))}
                    onDelete={() => change(removeColumn(cells, col))}
                  />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {cells.map((cellsOfRow, row) => (
              <tr key={row}>
                <th scope="row" className="ap-grid__head ap-grid__head--row" tabIndex={-1}>
                  <span className="ap-grid__label" title={rowLabels?.[row]}>
                    {rowLabels?.[row] ?? String(row + 1)}
                  </span>
                  <HeaderOps
                    insertLabel={t("grid.insertRowAbove", { row: row + 1 })}
                    deleteLabel={t("grid.deleteRow", { row: row + 1 })}
                    canInsert={canAddRow}
                    canDelete={rows > 1}
                    onInsert={() => change(insertRow(cells, row))}
                    onDelete={() => change(removeRow(cells, row))}
                  />
                </th>
                {cellsOfRow.map((text, col) => {
                  const key = cellKey(row, col);
                  const error = errorAt.get(key);
                  const errorId = `${id}-error-${row}-${col}`;
                  return (
                    <td
                      key={col}
                      className={error ? "ap-grid__cell ap-grid__cell--error" : "ap-grid__cell"}
                      style={{ "--ap-grid-chars": chars[col] } as CSSProperties}
                    >
                      <input
                        ref={(input) => {
                          if (input) inputs.current.set(key, input);
                          else inputs.current.delete(key);
                        }}
                        className="ap-grid__input"
                        type="text"
                        inputMode="decimal"
                        enterKeyHint="next"
                        autoComplete="off"
                        autoCorrect="off"
                        autoCapitalize="off"
                        spellCheck={false}
                        value={text}
                        aria-label={t("grid.cell", { name, row: row + 1, col: col + 1 })}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={error ? errorId : undefined}
                        title={error}
                        onChange={(event) => change(setCell(cells, row, col, event.currentTarget.value))}
                        onKeyDown={(event) => onKeyDown(event, row, col)}
                        onPaste={(event) => onPaste(event, row, col)}
                        onPointerDown={(event) => {
                          selectOnUp.current = document.activeElement !== event.currentTarget;
                        }}
                        onMouseUp={(event) => {
                          if (selectOnUp.current) event.preventDefault();
                          selectOnUp.current = false;
                        }}
                        onFocus={(event) => {
                          event.currentTarget.select();
                          before.current = { row, col, text: event.currentTarget.value };
                          setFocused({ row, col });
                        }}
                        onBlur={() => setFocused(null)}
                      />
                      <span
                        className="ap-grid__scrub"
                        aria-hidden="true"
                        title={t("grid.scrubHint")}
                        onPointerDown={(event) => onScrubDown(event, row, col)}
                        onPointerMove={onScrubMove}
                        onPointerUp={onScrubUp}
                        onPointerCancel={onScrubUp}
                        onLostPointerCapture={onScrubUp}
                      />
                      {error && (
                        <span id={errorId} className="ap-grid__sr-only">
                          {error}
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {errors.length > 0 && (
        <p className="ap-grid__status">{focusedError ?? t("grid.errorCount", { count: errors.length })}</p>
      )}
      {pasteNote && (
        <div role="status" className="ap-grid__note" data-testid="paste-note">
          <span>{say(pasteNote.said)}</span>
          {pasteNote.otherwise && (
            <button
              type="button"
              className="ap-grid__dismiss"
              data-testid="paste-otherwise"
              onClick={() => pasteNote.otherwise && change(pasteNote.otherwise)}
            >
              {t("grid.pasteOtherwise")}
            </button>
          )}
          <button type="button" className="ap-grid__dismiss" onClick={() => setPasteNote(null)}>
            {t("grid.dismiss")}
          </button>
        </div>
      )}
      {pasteError && (
        <div role="alert" className="ap-grid__alert">
          <span>{pasteError}</span>
          <button type="button" className="ap-grid__dismiss" onClick={() => setPasteError(null)}>
            {t("grid.dismiss")}
          </button>
        </div>
      )}
      <div role="group" className="ap-grid__toolbar" aria-label={t("grid.toolbar", { name })}>
        <button
          type="button"
          className="ap-grid__button"
          disabled={!canAddRow}
          title={canAddRow ? undefined : t("grid.maxRows", { name, max: limits.maxRows })}
          onClick={() => change(insertRow(cells, rows))}
        >
          <PlusIcon />
          {t("grid.addRow")}
        </button>
        <button
          type="button"
          className="ap-grid__button"
          disabled={rows <= 1}
          title={rows > 1 ? undefined : t("grid.minRows", { name })}
          onClick={() => change(removeRow(cells, rows - 1))}
        >
          <MinusIcon />
          {t("grid.removeRow")}
        </button>
        <button
          type="button"
          className="ap-grid__button"
          disabled={!canAddCol}
          title={canAddCol ? undefined : t("grid.maxColumns", { name, max: limits.maxCols })}
          onClick={() => change(insertColumn(cells, cols))}
        >
          <PlusIcon />
          {t("grid.addColumn")}
        </button>
        <button
          type="button"
          className="ap-grid__button"
          disabled={cols <= 1}
          title={cols > 1 ? undefined : t("grid.minColumns", { name })}
          onClick={() => change(removeColumn(cells, cols - 1))}
        >
          <MinusIcon />
          {t("grid.removeColumn")}
        </button>
      </div>
    </div>
  );
}

function Icon({ d }: { d: string }) {
  return (
    <svg
      className="ap-grid__icon"
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
    >
      <path d={d} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

const PlusIcon = () => <Icon d="M8 3v10M3 8h10" />;
const MinusIcon = () => <Icon d="M3 8h10" />;
const CrossIcon = () => <Icon d="M4 4l8 8M12 4l-8 8" />;

interface HeaderOpsProps {
  readonly insertLabel: string;
  readonly deleteLabel: string;
  readonly canInsert: boolean;
  readonly canDelete: boolean;
  readonly onInsert: () => void;
  readonly onDelete: () => void;
}

/** Insert and delete buttons of a row or column header; out of the Tab order, which moves between cells. */
function HeaderOps({ insertLabel, deleteLabel, canInsert, canDelete, onInsert, onDelete }: HeaderOpsProps) {
  return (
    <span className="ap-grid__ops">
      <button
        type="button"
        tabIndex={-1}
        className="ap-grid__op"
        aria-label={insertLabel}
        title={insertLabel}
        disabled={!canInsert}
        onClick={onInsert}
      >
        <PlusIcon />
      </button>
      <button
        type="button"
        tabIndex={-1}
        className="ap-grid__op"
        aria-label={deleteLabel}
        title={deleteLabel}
        disabled={!canDelete}
        onClick={onDelete}
      >
        <CrossIcon />
      </button>
    </span>
  );
}
