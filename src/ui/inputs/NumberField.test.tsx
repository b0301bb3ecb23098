// @vitest-environment happy-dom
import { act } from "react";
import { describe, expect, it, vi } from "vitest";
import { testRoot, typeInto } from "../test-helpers";
import { NumberField } from "./NumberField";

const mounted = testRoot();

function field(props: { value: number; integer?: boolean; error?: string }) {
  const onChange = vi.fn();
  act(() => mounted.root.render(<NumberField label="Heads" onChange={onChange} testId="f" {...props} />));
  return onChange;
}
const input = () => mounted.container.querySelector("input")!;
const alert = () => mounted.container.querySelector('[role="alert"]')?.textContent ?? null;

describe("NumberField", () => {
  it("reports a value that parses, and says why one does not, naming the value still in use", () => {
    const onChange = field({ value: 4, integer: true });
    typeInto(input(), "1.5");
    expect(onChange).not.toHaveBeenCalled();
    expect(alert()).toBe("1.5 is not a whole number: the views still show 4.");
    expect(input().getAttribute("aria-invalid")).toBe("true");
    // What was typed stays.
    expect(input().value).toBe("1.5");
    typeInto(input(), "");
    expect(alert()).toBe("Empty: the views still show 4.");
    typeInto(input(), "3");
    expect(onChange).toHaveBeenLastCalledWith(3);
    expect(alert()).toBeNull();
    expect(input().hasAttribute("aria-invalid")).toBe(false);
  });

  it("takes a fraction where it is not asked for a whole number, and still shows the error it is given", () => {
    const onChange = field({ value: 1, error: "τ is too small" });
    typeInto(input(), "0.25");
    expect(onChange).toHaveBeenLastCalledWith(0.25);
    expect(alert()).toBe("τ is too small");
  });
});
