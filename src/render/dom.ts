/** An HTML element with a class and, optionally, its text. */
export function htmlElement<K extends keyof HTMLElementTagNameMap>(
  name: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(name);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Default labels: "0", "1", … (numbers are the one thing a view may print without the host's words). */
export function indexLabels(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(i));
}

/** Sets `node.value` and dispatches a bubbling event, the way an <input> reports a user's pick. */
export function emitValue<T>(node: Element & { value: T }, type: "input" | "change", value: T): void {
  node.value = value;
  node.dispatchEvent(new Event(type, { bubbles: true }));
}
