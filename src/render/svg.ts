/** SVG elements need their namespace; this keeps the views short. */
export function svgElement<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number | undefined> = {},
): SVGElementTagNameMap[K] {
  const node = document.createElementNS("http://www.w3.org/2000/svg", name);
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) node.setAttribute(key, String(value));
  }
  return node;
}

let nextId = 0;

/** A document-unique id for gradients and patterns, so that two views on a page never share one. */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** An SVG <text> with its content. */
export function svgText(
  content: string,
  attributes: Record<string, string | number | undefined> = {},
): SVGTextElement {
  const node = svgElement("text", attributes);
  node.textContent = content;
  return node;
}
