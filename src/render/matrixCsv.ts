import type { Matrix } from "../core/types";

/** A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; quotes doubled. */
function csvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/**
 * A label as spreadsheet text: one starting with = + - @ (or a tab or carriage return) would be run as a
 * formula by Excel or LibreOffice (CSV injection, OWASP), so it gets a leading apostrophe, which they hide.
 */
function csvText(label: string): string {
  return csvField(/^[=+\-@\t\r]/.test(label) ? `'${label}` : label);
}

/**
 * A matrix as CSV (RFC 4180, CRLF line ends): a header of `corner` and the column labels, then one line per
 * row, its label first. Numbers at full precision (String(x): "0.1", "-Infinity" for a masked score), so
 * they read back exactly. `bom` (default true) starts the text with a UTF-8 byte-order mark, without which
 * Excel reads Chinese labels as mojibake.
 */
export function matrixCsv(
  matrix: Matrix,
  rowLabels: readonly string[],
  colLabels: readonly string[],
  corner = "",
  { bom = true }: { readonly bom?: boolean } = {},
): string {
  const { rows, cols, data } = matrix;
  const lines = [[corner, ...Array.from({ length: cols }, (_, j) => colLabels[j] ?? String(j))].map(csvText)];
  for (let i = 0; i < rows; i++) {
    const values = Array.from({ length: cols }, (_, j) => String(data[i * cols + j]));
    lines.push([csvText(rowLabels[i] ?? String(i)), ...values]);
  }
  return (bom ? "\uFEFF" : "") + lines.map((line) => line.join(",")).join("\r\n") + "\r\n";
}
