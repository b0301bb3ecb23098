import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach } from "vitest";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface TestRoot {
  /** The element the test's React tree is mounted in, attached to the document. */
  readonly container: HTMLDivElement;
  readonly root: Root;
}

/**
 * For each test of the calling file: a React root in a container of its own, made before the test and
 * unmounted and removed after it. Read its fields inside the tests (they are new for each one).
 */
export function testRoot(): TestRoot {
  const current = {} as { container: HTMLDivElement; root: Root };
  beforeEach(() => {
    current.container = document.createElement("div");
    document.body.append(current.container);
    current.root = createRoot(current.container);
  });
  afterEach(() => {
    act(() => current.root.unmount());
    current.container.remove();
  });
  return current;
}

/** Types `text` into a React-controlled input, as a person's keys would leave it. */
export function typeInto(input: HTMLInputElement, text: string): void {
  // React tracks the value it set; going through the prototype's setter makes the change visible to it.
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set;
  act(() => {
    setValue?.call(input, text);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
}
