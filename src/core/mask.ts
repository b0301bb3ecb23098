import { fail, ok, type Result } from "./errors";
import { counted, message, place } from "./messages";
import { maybeSlidingMask } from "./sliding";
import type { MaskSpec } from "./types";

/**
 * The mask as [queries, keys] bytes, 1 where key j is hidden from query i.
 * Causal: j > i is hidden (for cross-attention too: query i sees keys 0…i).
 * Padding: keys j ≥ validLength are hidden from every query.
 * Sliding: see maybeSlidingMask.
 */
export function maybeMask(spec: MaskSpec | undefined, queries: number, keys: number): Result<Uint8Array> {
  const mask = new Uint8Array(queries * keys);
  const kind = spec?.kind ?? "none";
  if (spec === undefined || spec.kind === "none") return ok(mask);
  if (spec.kind === "causal") {
    for (let i = 0; i < queries; i++) for (let j = i + 1; j < keys; j++) mask[i * keys + j] = 1;
    return ok(mask);
  }
  if (spec.kind === "padding") {
    const valid = spec.validLength;
    if (!Number.isInteger(valid) || valid < 0 || valid > keys) {
      return fail(message("error.mask.paddingLength", { value: String(valid), keys }), {
        code: "mask",
        matrix: "mask",
        expected: `an integer in [0, ${keys}]`,
      });
    }
    for (let i = 0; i < queries; i++) for (let j = valid; j < keys; j++) mask[i * keys + j] = 1;
    return ok(mask);
  }
  if (spec.kind === "sliding") return maybeSlidingMask(spec, queries, keys);
  if (spec.kind === "custom") {
    const rows = spec.masked;
    if (!Array.isArray(rows) || rows.length !== queries) {
      return fail(
        message("error.mask.rows", {
          got: counted(Array.isArray(rows) ? rows.length : 0, "count.row", "count.rows"),
          want: queries,
        }),
        {
          code: "mask",
          matrix: "mask",
          expected: `${queries} × ${keys}`,
        },
      );
    }
    for (let i = 0; i < queries; i++) {
      const row = rows[i];
      if (!Array.isArray(row) || row.length !== keys) {
        return fail(
          message("error.mask.rowLength", {
            at: place(message("word.mask"), i),
            got: counted(Array.isArray(row) ? row.length : 0, "count.entry", "count.entries"),
            want: keys,
          }),
          { code: "mask", matrix: "mask", row: i, expected: `${keys} entries` },
        );
      }
      for (let j = 0; j < keys; j++) {
        const v: unknown = row[j];
        if (v !== true && v !== false && v !== 0 && v !== 1) {
          const at = place(message("word.mask"), i, j);
          return fail(message("error.mask.entry", { at, value: String(v) }), {
            code: "mask",
            matrix: "mask",
            row: i,
            col: j,
            expected: "true, false, 1 or 0",
          });
        }
        mask[i * keys + j] = v === true || v === 1 ? 1 : 0;
      }
    }
    return ok(mask);
  }
  return fail(message("error.mask.kind", { kind: String(kind) }), {
    code: "mask",
    matrix: "mask",
    expected: "none, causal, padding, custom or sliding",
  });
}

/** Query rows in which every key is masked. */
export function emptyRowsOf(mask: Uint8Array, queries: number, keys: number): number[] {
  const empty: number[] = [];
  for (let i = 0; i < queries; i++) {
    let visible = false;
    for (let j = 0; j < keys && !visible; j++) visible = mask[i * keys + j] === 0;
    if (!visible) empty.push(i);
  }
  return empty;
}

export interface ResolvedMask {
  /** Shared between problems of the same mask and size: never written. */
  readonly mask: Uint8Array;
  readonly anyMasked: boolean;
  readonly emptyRows: readonly number[];
}

/** The last masks resolved from a kind and a size (not a custom one), newest last. */
const recent: { id: string; resolved: ResolvedMask }[] = [];
const RECENT = 4;

/**
 * maybeMask with what the engine reads of it. A mask made from its kind and size alone is made once and
 * shared: at 4,096 tokens it is 16 MiB of new memory (80 ms here) at every edit of an unrelated setting.
 */
export function resolveMask(spec: MaskSpec | undefined, queries: number, keys: number): Result<ResolvedMask> {
  const id =
    spec === undefined || spec.kind !== "custom"
      ? JSON.stringify([
          spec?.kind ?? "none",
          queries,
          keys,
          spec && "validLength" in spec ? spec.validLength : 0,
          spec?.kind === "sliding" ? [spec.window, spec.bidirectional === true] : 0,
        ])
      : undefined;
  const known = id === undefined ? undefined : recent.find((r) => r.id === id);
  if (known) return ok(known.resolved);
  const mask = maybeMask(spec, queries, keys);
  if (!mask.ok) return mask;
  const resolved = {
    mask: mask.value,
    anyMasked: mask.value.includes(1),
    emptyRows: emptyRowsOf(mask.value, queries, keys),
  };
  if (id !== undefined) {
    recent.push({ id, resolved });
    if (recent.length > RECENT) recent.shift();
  }
  return ok(resolved);
}
