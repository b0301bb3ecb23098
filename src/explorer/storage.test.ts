import { afterEach, describe, expect, it } from "vitest";
import { readStorage, removeStorage, writeStorage } from "./storage";
import { loadSaved, save } from "./persist";
import { createInitialState } from "./state";

const original = Object.getOwnPropertyDescriptor(globalThis, "localStorage");

/** localStorage as a browser gives it where site data is blocked: reading the property throws. */
function blockStorage(): void {
  Object.defineProperty(globalThis, "localStorage", {
    configurable: true,
    get() {
      throw new DOMException("The operation is insecure.", "SecurityError");
    },
  });
}

afterEach(() => {
  if (original) Object.defineProperty(globalThis, "localStorage", original);
  else delete (globalThis as { localStorage?: Storage }).localStorage;
});

describe("storage where site data is blocked", () => {
  it("readStorage answers undefined and writeStorage false, without throwing", () => {
    blockStorage();
    expect(readStorage("local", "k")).toBeUndefined();
    expect(writeStorage("local", "k", "v")).toBe(false);
    expect(() => removeStorage("local", "k")).not.toThrow();
  });

  it("the explorer's autosave neither loads nor saves, and does not throw", () => {
    blockStorage();
    expect(loadSaved()).toBeUndefined();
    expect(() => save(createInitialState())).not.toThrow();
  });

  it("a storage whose setItem throws (quota) is reported as not written", () => {
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException("full", "QuotaExceededError");
      },
      removeItem: () => undefined,
    };
    Object.defineProperty(globalThis, "localStorage", { configurable: true, value: full });
    expect(writeStorage("local", "k", "v")).toBe(false);
  });

  it("a working storage round-trips", () => {
    const map = new Map<string, string>();
    const store = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k),
    };
    Object.defineProperty(globalThis, "localStorage", { configurable: true, value: store });
    expect(writeStorage("local", "k", "v")).toBe(true);
    expect(readStorage("local", "k")).toBe("v");
    removeStorage("local", "k");
    expect(readStorage("local", "k")).toBeUndefined();
  });
});
