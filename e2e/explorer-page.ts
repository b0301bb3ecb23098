import type { Page } from "@playwright/test";
import { TYPED_QKV as TYPED_NUMBERS } from "../src/core/fixtures/typedQkv";
import { layer } from "../src/core/matrix";
import { attentionReference } from "../src/core/reference";
import type { AttentionTrace, Matrix, Stack } from "../src/core/types";
import { encodePermalink } from "../src/explorer/permalink";
import { SAVE_KEY } from "../src/explorer/persist";
import { buildSpec } from "../src/explorer/spec";
import { createInitialState, type ExplorerState } from "../src/explorer/state";
import { expect } from "./fixtures";

/**
 * What the explorer's browser tests share: the float64 reference computed in the test process from the
 * same state the page holds, and the numbers the page shows, read exactly from its data tables.
 * Rows are queries, columns are keys.
 */
export const TOLERANCE = 1e-5;

/**
 * Q, K and V typed by hand (src/core/fixtures/typedQkv.ts, which the unit tests compute from), as the grids
 * hold them: text. The tests that use them have their expected numbers worked out from these by numpy.
 */
const typed = (m: readonly (readonly number[])[]) => m.map((row) => row.map(String));
export const TYPED_QKV: ExplorerState["matrices"] = {
  q: typed(TYPED_NUMBERS.q),
  k: typed(TYPED_NUMBERS.k),
  v: typed(TYPED_NUMBERS.v),
  labels: { queries: [], keys: [] },
};

/**
 * The explorer on TYPED_QKV, as the tests that use them set it: scaled dot product, τ = 1, the mask `mask`
 * (none unless given), on wasm, with `changes` (heads, head, step, tables…) on top.
 */
export function typedState(
  changes: Partial<ExplorerState> = {},
  mask: ExplorerState["mask"]["kind"] = "none",
): ExplorerState {
  const initial = createInitialState();
  return {
    ...initial,
    input: "matrices",
    matrices: TYPED_QKV,
    score: "scaled-dot",
    mask: { ...initial.mask, kind: mask },
    backend: "wasm",
    ...changes,
  };
}

/** The explorer on n tokens t0 … t(n−1), split at spaces, one head, on wasm, at step `step`. */
export function wordsState(n: number, step: number): ExplorerState {
  const tokens = Array.from({ length: n }, (_, i) => `t${i}`);
  const initial = createInitialState();
  return {
    ...initial,
    sequence: { ...initial.sequence, text: tokens.join(" "), tokenizer: "whitespace", tokens },
    heads: 1,
    head: 0,
    step,
    backend: "wasm",
  };
}

// ---- the reference, in the test process -------------------------------------------------------------

export function referenceOf(state: ExplorerState): AttentionTrace {
  const built = buildSpec(state);
  if (!built.spec) throw new Error(`the test's state is invalid: ${JSON.stringify(built.errors)}`);
  return attentionReference(built.spec);
}

export function rowsOf(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

/** Head h of a [heads, queries, keys] stack as rows (queries) of columns (keys). */
export const headRows = (stack: Stack, head = 0): number[][] => rowsOf(layer(stack, head));

/** The largest |a − b| over two matrices; Infinity when their shapes differ; equal infinities differ by 0. */
export function maxDiff(actual: number[][], expected: number[][]): number {
  if (actual.length !== expected.length) return Infinity;
  let max = 0;
  for (const [i, row] of expected.entries()) {
    const got = actual[i] ?? [];
    if (got.length !== row.length) return Infinity;
    for (const [j, x] of row.entries()) {
      const y = got[j] as number;
      const d = x === y ? 0 : Math.abs(x - y);
      max = Math.max(max, Number.isNaN(d) ? Infinity : d);
    }
  }
  return max;
}

// ---- the page -----------------------------------------------------------------------------------------

/** Opens the explorer on the wasm backend (fast, deterministic) and waits for its first wasm result. */
export async function openApp(page: Page, query = ""): Promise<void> {
  await page.goto(`/?backend=wasm${query}`);
  await expect(page.getByTestId("backend-name")).toHaveText("wasm");
}

/**
 * Opens the explorer as someone comes back to their own work, here the sentence "The animal didn't cross
 * the street because it was too tired" with seeded random weights (createInitialState), instead of the
 * worked example a first visit opens on. The work is put where autosave keeps it, before the page's first
 * script runs and only if nothing is saved yet, so that a reload finds what the test did. A theme left out
 * follows the system's colour scheme, as it does on a first visit.
 */
/** Opens the explorer on `state` by its permalink, computed on wasm, once wasm has started (`query`: "&lang=…"). */
export async function openOnWasm(page: Page, state: ExplorerState, query = ""): Promise<void> {
  await page.goto(`/?backend=wasm${query}#${encodePermalink(state)}`);
  await expect(page.getByTestId("backend-name")).toHaveText("wasm");
}

export async function openOwnWork(page: Page, query = "", state: Partial<ExplorerState> = {}): Promise<void> {
  await seedOwnWork(page, state);
  await openApp(page, query);
}

/** openOwnWork's first half: the work saved before the page loads; the test then goes where it likes. */
export async function seedOwnWork(page: Page, state: Partial<ExplorerState> = {}): Promise<void> {
  await page.addInitScript(
    ([key, saved, dark]) => {
      if (localStorage.getItem(key) !== null) return;
      const theme = dark && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : undefined;
      localStorage.setItem(key, JSON.stringify({ ...JSON.parse(saved), ...(theme ? { theme } : {}) }));
    },
    [SAVE_KEY, JSON.stringify({ ...createInitialState(), ...state }), state.theme === undefined] as const,
  );
}

/** Types n numbered words as the sequence ("t0 t1 …", or another prefix), in place of what was there. */
export async function typeWords(page: Page, n: number, prefix = "t"): Promise<void> {
  await page
    .getByTestId("sequence-text")
    .fill(Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(" "));
}

export async function showTables(page: Page): Promise<void> {
  await page.getByTestId("tables").check();
  await expect(page.getByTestId("tables")).toBeChecked();
}

/** The numbers of a data table (`${view}-table`), exact, from data-value: rows are queries, columns keys. */
export async function readTable(page: Page, view: string): Promise<number[][]> {
  const cells = page.getByTestId(`${view}-table`).locator("td[data-row]");
  return cells.evaluateAll((tds) => {
    const rows: number[][] = [];
    for (const td of tds as HTMLElement[]) {
      const row = (rows[Number(td.dataset.row)] ??= []);
      row[Number(td.dataset.col)] = Number(td.dataset.value);
    }
    return rows;
  });
}

/** Waits until the table of `view` shows `expected` within the tolerance (views update asynchronously). */
export async function expectTable(page: Page, view: string, expected: number[][], tolerance = TOLERANCE) {
  await expect
    .poll(async () => maxDiff(await readTable(page, view), expected), {
      message: `${view}-table matches the float64 reference within ${tolerance}`,
    })
    .toBeLessThanOrEqual(tolerance);
}

/** Every row of weights (rows are queries) sums to 1 within the tolerance. */
export function expectRowsSumToOne(rows: readonly (readonly number[])[]): void {
  for (const [i, row] of rows.entries()) {
    expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1), `row ${i + 1} sums to 1`).toBeLessThanOrEqual(
      TOLERANCE,
    );
  }
}
