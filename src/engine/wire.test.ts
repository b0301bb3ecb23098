import { describe, expect, it } from "vitest";
import type { AttentionSpec, Matrix } from "../core/types";
import { seededMatrix } from "../core/weights";
import { createSpecReceiver, createSpecSender, HOLD_FROM } from "./wire";

/** What postMessage does to a message: a structured clone (no object is shared between the two ends). */
const post = (message: unknown) => structuredClone(message);

const spec = (temperature: number, wq: Matrix, wk: Matrix, small: Matrix): AttentionSpec => ({
  source: {
    kind: "tokens",
    tokens: ["我", "爱", "猫"],
    dModel: 64,
    seed: 1,
    positional: "none",
    wq,
    wk,
    wv: wk,
  },
  temperature,
  wo: small,
});

/** Every matrix of the spec written out, so that a wrong matrix or a lost one shows. */
const numbers = (s: unknown) =>
  JSON.stringify(s, (_, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));

describe("a spec on its way to the worker", () => {
  const wq = seededMatrix(64, 64, 1);
  const wk = seededMatrix(64, 64, 2);
  const small = seededMatrix(8, 8, 3);

  it("arrives whole, message after message, with large matrices sent once while they stay the same", () => {
    const pack = createSpecSender();
    const unpack = createSpecReceiver();
    const first = pack(spec(1, wq, wk, small));
    expect(numbers(unpack(post(first)))).toBe(numbers(spec(1, wq, wk, small)));

    const second = pack(spec(0.5, wq, wk, small)) as { source: Record<string, unknown>; wo: unknown };
    // W_Q, W_K and W_V (the same object as W_K) go as numbers; W_O, 64 values, is cloned.
    expect(second.source.wq).toEqual({ held: expect.any(Number) });
    expect(second.source.wk).toEqual(second.source.wv);
    expect(numbers(second.wo)).toBe(numbers(small));
    expect(numbers(unpack(post(second)))).toBe(numbers(spec(0.5, wq, wk, small)));
  });

  it("sends a matrix whole again once a message went without it", () => {
    const pack = createSpecSender();
    const unpack = createSpecReceiver();
    const other = seededMatrix(64, 64, 9);
    unpack(post(pack(spec(1, wq, wk, small))));
    unpack(post(pack(spec(1, other, wk, small))));
    // W_Q was not in the last message: the worker no longer has it.
    const back = pack(spec(1, wq, wk, small)) as { source: { wq: unknown } };
    expect(numbers(back.source.wq)).toContain(`"rows":64`);
    expect(numbers(unpack(post(back)))).toBe(numbers(spec(1, wq, wk, small)));
  });

  it("clones every matrix of fewer than HOLD_FROM values", () => {
    const pack = createSpecSender();
    const tiny = seededMatrix(1, HOLD_FROM - 1, 4);
    pack(spec(1, tiny, tiny, small));
    const again = pack(spec(1, tiny, tiny, small)) as { source: { wq: { data?: unknown } } };
    expect(again.source.wq.data).toBe(tiny.data);
  });

  it("leaves what is not an object literal as it is, for postMessage to clone", () => {
    const when = new Date(0);
    const packed = createSpecSender()({ when, list: [when], bytes: Uint8Array.of(1, 2) }) as {
      when: unknown;
      list: unknown[];
      bytes: unknown;
    };
    expect(packed.when).toBe(when);
    expect(packed.list[0]).toBe(when);
    expect(packed.bytes).toEqual(Uint8Array.of(1, 2));
  });

  it("says so when a message refers to a matrix the worker never had", () => {
    const pack = createSpecSender();
    pack(spec(1, wq, wk, small));
    const unpack = createSpecReceiver();
    expect(() => unpack(post(pack(spec(1, wq, wk, small))))).toThrow(/lost matrix/);
  });
});
