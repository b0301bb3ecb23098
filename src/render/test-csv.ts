/**
 * For tests only (unit and browser): reads CSV back as RFC 4180 says, strictly (CRLF line ends, quotes
 * doubled inside quoted fields), written apart from matrixCsv.ts so that the tests do not lean on the code
 * under test.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') {
      if (field !== "") throw new Error(`a quote inside an unquoted field at ${i}`);
      quoted = true;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else if (c === "\n" || c === "\r") {
      throw new Error(`a bare line break outside quotes at ${i}`);
    } else field += c;
  }
  if (quoted) throw new Error("an unclosed quote");
  if (field !== "" || row.length) rows.push([...row, field]);
  return rows;
}
