/**
 * Markup made stable and readable for golden files (golden.test.ts): numbers in attributes to 6 decimals
 * (no "37.599999999999994" against "37.6", which a change of platform or of an expression's order can give), the page-unique ids of uniqueId renumbered from 1 in order of
 * appearance, and one element per line, indented by depth, so that a change shows as a short diff.
 */
export function normaliseMarkup(markup: string): string {
  return indent(renumberIds(roundAttributeNumbers(markup)));
}

/**
 * Decimal and exponent numbers inside the attribute values of elements (not of the <?xml?> prolog), to at
 * most 6 decimals; "-0" becomes "0". Hex colours, and text between tags, are left as they are.
 */
export function roundAttributeNumbers(markup: string): string {
  return markup.replace(/<[^?!/][^>]*>/g, (element) =>
    element.replace(/(\s[\w:.-]+=")([^"]*)(")/g, (_, before: string, value: string, after: string) => {
      // Hex colours ("#c9e0ed", whose "9e0" would read as a number) are matched whole and left alone.
      const rounded = value.replace(/#[0-9a-f]+|-?\d*\.?\d+(?:e[-+]?\d+)?/gi, (number) => {
        if (number.startsWith("#") || !/[.e]/i.test(number)) return number;
        const x = Math.round(Number(number) * 1e6) / 1e6;
        return Object.is(x, -0) ? "0" : String(x);
      });
      return before + rounded + after;
    }),
  );
}

/** ap-gradient-17, ap-hatch-4, ap-key-hint-9 (uniqueId's, which count up per page) → -1, -2, … per prefix. */
export function renumberIds(markup: string): string {
  const seen = new Map<string, string>();
  const counts = new Map<string, number>();
  return markup.replace(/\b(ap-(?:gradient|hatch|key-hint))-(\d+)\b/g, (id, prefix: string) => {
    let renamed = seen.get(id);
    if (renamed === undefined) {
      const n = (counts.get(prefix) ?? 0) + 1;
      counts.set(prefix, n);
      renamed = `${prefix}-${n}`;
      seen.set(id, renamed);
    }
    return renamed;
  });
}

/** One tag per line, two spaces a level; an element holding only text, or nothing, stays on one line. */
export function indent(markup: string): string {
  const tokens = markup.split(/(<[^>]*>)/).filter((t) => t.trim() !== "");
  const lines: string[] = [];
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k] as string;
    const pad = "  ".repeat(depth);
    if (token.startsWith("</")) {
      depth = Math.max(0, depth - 1);
      lines.push("  ".repeat(depth) + token);
    } else if (token.startsWith("<?") || token.startsWith("<!") || token.endsWith("/>")) {
      lines.push(pad + token);
    } else if (token.startsWith("<")) {
      const text = tokens[k + 1];
      const close = tokens[k + 2];
      if (text?.startsWith("</")) {
        lines.push(pad + token + text);
        k += 1;
      } else if (text !== undefined && !text.startsWith("<") && close?.startsWith("</")) {
        lines.push(pad + token + text + close);
        k += 2;
      } else {
        lines.push(pad + token);
        depth += 1;
      }
    } else {
      lines.push(pad + token.trim());
    }
  }
  return `${lines.join("\n")}\n`;
}
