import { describe, expect, it } from "vitest";
import { BufferPool, IDLE_COMPUTATIONS, traceBuffers, transferables } from "./pool";

const field = (data: Float32Array) => ({ data });

describe("BufferPool", () => {
  it("hands a given buffer out once, to a request of its exact length", () => {
    const pool = new BufferPool();
    const a = new Float32Array(6);
    pool.give({ scores: field(a) });
    expect(pool.take(5)).toBeUndefined();
    expect(pool.take(6)).toBe(a);
    expect(pool.take(6)).toBeUndefined();
    expect(pool.heldBytes).toBe(0);
  });

  it("takes a buffer that stands for two fields once (scaled is scores when the divisor is 1)", () => {
    const pool = new BufferPool();
    const shared = new Float32Array(4);
    pool.give({ scores: field(shared), scaled: field(shared), weights: field(new Float32Array(4)) });
    const first = pool.take(4);
    const second = pool.take(4);
    expect(first).not.toBe(second);
    expect(pool.take(4)).toBeUndefined();
  });

  it("leaves alone views into larger buffers, detached buffers, float64 data and the same buffer given twice", () => {
    const pool = new BufferPool();
    const whole = new Float32Array(8);
    const view = whole.subarray(0, 4);
    const detached = new Float32Array(4);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    expect(detached.length).toBe(0);
    pool.give({
      view: field(view),
      detached: field(detached),
      exact: { data: new Float64Array(4) },
    } as never);
    expect(pool.heldBytes).toBe(0);
    pool.giveBuffer(whole);
    pool.giveBuffer(whole);
    expect(pool.heldBytes).toBe(32);
    expect(pool.take(8)).toBe(whole);
    expect(pool.take(8)).toBeUndefined();
  });

  it("drops a buffer that no computation took within IDLE_COMPUTATIONS (8) of them", () => {
    const pool = new BufferPool(undefined, 0);
    const [a, b] = [new Float32Array(4), new Float32Array(4)];
    pool.giveBuffer(a);
    for (let i = 0; i < 3; i++) pool.age();
    pool.giveBuffer(b);
    for (let i = 0; i < IDLE_COMPUTATIONS - 3; i++) pool.age();
    // a was given 8 computations ago, b 5: both kept.
    expect(pool.heldBytes).toBe(32);
    pool.age();
    // a 9 ago: dropped; b stays until 3 more.
    expect(pool.heldBytes).toBe(16);
    expect(pool.take(4)).toBe(b);
    pool.giveBuffer(b);
    for (let i = 0; i < IDLE_COMPUTATIONS; i++) pool.age();
    expect(pool.take(4)).toBe(b);
    pool.giveBuffer(a);
    for (let i = 0; i <= IDLE_COMPUTATIONS; i++) pool.age();
    expect(pool.heldBytes).toBe(0);
    expect(pool.take(4)).toBeUndefined();
  });

  it("keeps idle buffers up to its idle bytes, dropping the oldest first", () => {
    const pool = new BufferPool(undefined, 20);
    const [a, b] = [new Float32Array(4), new Float32Array(4)];
    pool.giveBuffer(a);
    pool.giveBuffer(b);
    for (let i = 0; i <= IDLE_COMPUTATIONS; i++) pool.age();
    // Both idle, 32 bytes past 20: a (the oldest) goes, b (16 bytes) stays however long it waits.
    expect(pool.heldBytes).toBe(16);
    for (let i = 0; i < 3 * IDLE_COMPUTATIONS; i++) pool.age();
    expect(pool.take(4)).toBe(b);
    // By default a pool keeps 64 MiB of idle buffers: small traces in turn are not dropped.
    const byDefault = new BufferPool();
    byDefault.giveBuffer(a);
    for (let i = 0; i <= 2 * IDLE_COMPUTATIONS; i++) byDefault.age();
    expect(byDefault.take(4)).toBe(a);
  });

  it("drops the oldest buffers past its cap", () => {
    const pool = new BufferPool(32);
    const [a, b, c] = [new Float32Array(4), new Float32Array(4), new Float32Array(2)];
    pool.giveBuffer(a);
    pool.giveBuffer(b);
    expect(pool.heldBytes).toBe(32);
    pool.giveBuffer(c);
    // 40 bytes past a cap of 32: a (16, the oldest) goes, b and c stay.
    expect(pool.heldBytes).toBe(24);
    expect(pool.take(4)).toBe(b);
    expect(pool.take(4)).toBeUndefined();
    expect(pool.take(2)).toBe(c);
    pool.giveBuffer(new Float32Array(11));
    expect(pool.heldBytes).toBe(0);
  });
});

describe("traceBuffers and transferables", () => {
  it("name each whole float32 buffer of a trace once", () => {
    const shared = new Float32Array(3);
    const trace = { scores: field(shared), scaled: field(shared), q: { data: new Float64Array(2) }, n: 3 };
    const buffers = traceBuffers(trace as never);
    expect(Object.keys(buffers)).toEqual(["scores"]);
    expect(transferables(buffers)).toEqual([shared.buffer]);
  });
});
