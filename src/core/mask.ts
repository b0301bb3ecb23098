import { fail, ok, type Result } from "./errors";
import { message, place } from "./messages";
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
      return fail(message("error.mask.rows", { got: Array.isArray(rows) ? rows.length : 0, want: queries }), {
        code: "mask",
        matrix: "mask",
        expected: `${queries} × ${keys}`,
      });
    }
    for (let i = 0; i < queries; i++) {
      const row = rows[i];
      if (!Array.isArray(row) || row.length !== keys) {
        return fail(
          message("error.mask.rowLength", {
            at: place(message("word.mask"), i),
            got: Array.isArray(row) ? row.length : 0,
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
