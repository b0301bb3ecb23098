import { describe, expect, it } from "vitest";
import { resolveMask } from "./mask";

describe("resolveMask", () => {
  it("makes a mask of a kind and size once, and tells its hidden keys and empty rows", () => {
    const a = resolveMask({ kind: "padding", validLength: 2 }, 2, 3);
    const b = resolveMask({ kind: "padding", validLength: 2 }, 2, 3);
    if (!a.ok || !b.ok) throw new Error("a padding mask of 2 of 3 keys is valid");
    expect(b.value).toBe(a.value);
    expect([...a.value.mask]).toEqual([0, 0, 1, 0, 0, 1]);
    expect(a.value.anyMasked).toBe(true);
    expect(a.value.emptyRows).toEqual([]);
  });

  it("tells apart what differs: size, length, window, direction and kind", () => {
    const masks = [
      resolveMask({ kind: "padding", validLength: 2 }, 2, 3),
      resolveMask({ kind: "padding", validLength: 1 }, 2, 3),
      resolveMask({ kind: "padding", validLength: 2 }, 3, 3),
      resolveMask({ kind: "sliding", window: 1 }, 3, 3),
      resolveMask({ kind: "sliding", window: 2 }, 3, 3),
      resolveMask({ kind: "sliding", window: 2, bidirectional: true }, 3, 3),
      resolveMask({ kind: "causal" }, 3, 3),
      resolveMask({ kind: "none" }, 3, 3),
    ].map((r) => (r.ok ? r.value : undefined));
    expect(new Set(masks).size).toBe(masks.length);
    expect([...(masks[5]?.mask ?? [])]).toEqual([0, 0, 1, 0, 0, 0, 1, 0, 0]);
    expect(masks[7]?.anyMasked).toBe(false);
  });

  it("makes a custom mask anew each time, and reports a wrong one without keeping it", () => {
    const spec = { kind: "custom", masked: [[true, true]] } as const;
    const a = resolveMask(spec, 1, 2);
    const b = resolveMask(spec, 1, 2);
    expect(a.ok && b.ok && a.value !== b.value).toBe(true);
    expect(a.ok && a.value.emptyRows).toEqual([0]);
    expect(resolveMask({ kind: "padding", validLength: 4 }, 2, 3).ok).toBe(false);
    expect(resolveMask({ kind: "padding", validLength: 4 }, 2, 3).ok).toBe(false);
  });
});
