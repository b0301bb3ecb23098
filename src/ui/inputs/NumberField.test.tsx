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
/** What the field says below itself, its own word and the error it is given. */
const said = () => mounted.container.querySelector(".ap-field-error")?.textContent ?? null;

describe("NumberField", () => {
  it("points each field at its own message, whatever its label's script (头数, 随机种子, τ)", () => {
    act(() =>
      mounted.root.render(
        <>
          {["头数", "随机种子", "τ"].map((label) => (
            <NumberField key={label} label={label} value={4} integer onChange={() => undefined} />
          ))}
        </>,
      ),
    );
    const inputs = Array.from(mounted.container.querySelectorAll("input"));
    for (const box of inputs) typeInto(box, "1.5");
    const described = inputs.map((box) => box.getAttribute("aria-describedby"));
    expect(new Set(described).size).toBe(3);
    for (const id of described) expect(mounted.container.querySelectorAll(`[id="${id}"]`)).toHaveLength(1);
  });

  it("reports a value that parses, and says why one does not, naming the value still in use", () => {
    const onChange = field({ value: 4, integer: true });
    typeInto(input(), "1.5");
    expect(onChange).not.toHaveBeenCalled();
    expect(said()).toBe("1.5 is not a whole number: nothing was changed.");
    // Said politely: "-" on the way to "-5" is no alarm.
    expect(mounted.container.querySelector('[aria-live="polite"]')?.textContent).toBe(said());
    expect(mounted.container.querySelector('[role="alert"]')).toBeNull();
    expect(input().getAttribute("aria-invalid")).toBe("true");
    // What was typed stays.
    expect(input().value).toBe("1.5");
    typeInto(input(), "");
    expect(said()).toBe("Empty: nothing was changed.");
    typeInto(input(), "3");
    expect(onChange).toHaveBeenLastCalledWith(3);
    expect(said()).toBeNull();
    expect(input().hasAttribute("aria-invalid")).toBe(false);
    // A value from outside (undo) replaces unusable text, and with it what the field said of it.
    typeInto(input(), "2.5");
    field({ value: 7, integer: true });
    expect(input().value).toBe("7");
    expect(said()).toBeNull();
  });

  it("takes a fraction where it is not asked for a whole number, and shows the error it is given as an alert", () => {
    const onChange = field({ value: 1, error: "τ is too small" });
    typeInto(input(), "0.25");
    expect(onChange).toHaveBeenLastCalledWith(0.25);
    expect(said()).toBe("τ is too small");
    expect(mounted.container.querySelector('[role="alert"]')?.textContent).toBe("τ is too small");
    // Both, when the value in use was refused and the text is not a number either.
    typeInto(input(), "");
    expect(said()).toBe("Empty: nothing was changed. τ is too small");
  });
});
