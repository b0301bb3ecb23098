import { describe, expect, it } from "vitest";
import { maybeProblem } from "../core/problem";
import { expectClose } from "../core/test-helpers";
import { fitCost, pickBackend, predictMs, problemFlops, type CostModel } from "./choose";

const model = (name: CostModel["name"], fixedMs: number, msPerWork: number): CostModel => ({
  name,
  fixedMs,
  msPerWork,
  samples: [],
});

describe("fitCost: time ≈ fixedMs + msPerWork · work, least squares", () => {
  it("recovers a line through exact samples: 2 ms + 1e-6 ms per flop", () => {
    // (1e3, 2.001), (1e6, 3), (4e6, 6): on the line 2 + 1e-6·w.
    const fit = fitCost("wasm", [
      { work: 1e3, ms: 2.001 },
      { work: 1e6, ms: 3 },
      { work: 4e6, ms: 6 },
    ]);
    expect(fit.name).toBe("wasm");
    expectClose([fit.fixedMs, fit.msPerWork * 1e6], [2, 1], 1e-9);
    expect(fit.samples).toHaveLength(3);
  });

  it("fits noisy samples as numpy.polyfit does: (0, 1), (1, 3), (2, 4) → 1.1667 + 1.5·w", () => {
    // numpy.polyfit([0, 1, 2], [1, 3, 4], 1) = [1.5, 1.16666667]
    const fit = fitCost("cpu", [
      { work: 0, ms: 1 },
      { work: 1, ms: 3 },
      { work: 2, ms: 4 },
    ]);
    expectClose([fit.msPerWork, fit.fixedMs], [1.5, 7 / 6], 1e-12);
  });

  it("never gives a negative cost: a larger problem measured faster (noise) fits a flat line at the mean", () => {
    const fit = fitCost("webgl", [
      { work: 1e3, ms: 9 },
      { work: 1e6, ms: 5 },
    ]);
    expect(fit.msPerWork).toBe(0);
    expect(fit.fixedMs).toBe(7);
  });

  it("with one size only (missing data), the cost is that size's mean time, flat", () => {
    expect(fitCost("cpu", [{ work: 5e5, ms: 4 }])).toMatchObject({ fixedMs: 4, msPerWork: 0 });
    expect(
      fitCost("cpu", [
        { work: 5e5, ms: 4 },
        { work: 5e5, ms: 6 },
      ]),
    ).toMatchObject({ fixedMs: 5, msPerWork: 0 });
  });

  it("clamps a negative intercept to 0: a steep line through small times", () => {
    // Exact line −1 + 1e-3·w through (2e3, 1) and (4e3, 3): the fixed cost would be −1 ms.
    const fit = fitCost("wasm", [
      { work: 2e3, ms: 1 },
      { work: 4e3, ms: 3 },
    ]);
    expectClose([fit.msPerWork, fit.fixedMs], [1e-3, 0], 1e-12);
  });
});

describe("pickBackend: the backend predicted fastest for the problem's work", () => {
  // wasm: little fixed cost, slow per flop; webgl: a large fixed cost, fast per flop. They cross at
  // 1 + 1e-5·w = 10 + 1e-7·w, w = 9 / (9.9e-6) ≈ 909,091 flops.
  const models = [
    model("webgpu", 40, 1e-6),
    model("webgl", 10, 1e-7),
    model("wasm", 1, 1e-5),
    model("cpu", 4, 1e-4),
  ];

  it("small work runs where the fixed cost is least, large work where the cost per flop is", () => {
    expect(predictMs(models[2]!, 1e5)).toBeCloseTo(2, 12);
    expect(pickBackend(models, 1e3)).toBe("wasm");
    expect(pickBackend(models, 9e5)).toBe("wasm");
    expect(pickBackend(models, 9.2e5)).toBe("webgl");
    expect(pickBackend(models, 1e9)).toBe("webgl");
  });

  it("is the argmin of predictMs over the models, whatever their order", () => {
    for (const work of [0, 1e4, 5e5, 1e6, 1e8]) {
      const best = [...models].sort((a, b) => predictMs(a, work) - predictMs(b, work))[0]!.name;
      expect(pickBackend([...models].reverse(), work)).toBe(best);
    }
  });

  it("a tie goes to the earlier model", () => {
    const tied = [model("wasm", 2, 0), model("cpu", 1, 1e-6)]; // both 2 ms at 1e6 flops
    expect(pickBackend(tied, 1e6)).toBe("wasm");
    expect(pickBackend([...tied].reverse(), 1e6)).toBe("cpu");
  });

  it("with no measured backend it picks none", () => {
    expect(pickBackend([], 1e6)).toBeUndefined();
  });
});

describe("predictMs: along the samples, past them along the nearest segment", () => {
  const measured = (name: CostModel["name"], samples: [number, number][]): CostModel => ({
    ...fitCost(
      name,
      samples.map(([work, ms]) => ({ work, ms })),
    ),
  });
  // (1e3, 2), (1e6, 5), (1e8, 104): slopes 3/999,000 and 99/99,000,000 = 1e-6 ms per flop.
  const three = measured("wasm", [
    [1e6, 5],
    [1e3, 2],
    [1e8, 104],
  ]);

  it("interpolates between the two samples around the work", () => {
    expect(predictMs(three, 1e3)).toBeCloseTo(2, 12);
    expect(predictMs(three, 500_500)).toBeCloseTo(3.5, 12); // halfway from 1e3 to 1e6
    expect(predictMs(three, 5.05e7)).toBeCloseTo(54.5, 9); // halfway from 1e6 to 1e8
  });

  it("extrapolates past the largest with the last segment's slope", () => {
    expect(predictMs(three, 3e8)).toBeCloseTo(104 + 2e8 * 1e-6, 9); // 304
  });

  it("extrapolates below the smallest along the first segment, never below 0", () => {
    expect(predictMs(three, 0)).toBeCloseTo(2 - 1e3 * (3 / 999_000), 12);
    expect(
      predictMs(
        measured("cpu", [
          [1e3, 0.001],
          [2e3, 10],
        ]),
        0,
      ),
    ).toBe(0);
  });

  it("a larger size measured faster (noise) is flat at the two samples' mean", () => {
    const noisy = measured("webgl", [
      [1e3, 9],
      [1e6, 5],
    ]);
    for (const work of [0, 1e3, 5e5, 1e9]) expect(predictMs(noisy, work)).toBe(7);
  });

  it("samples of the same size count as their mean; with one size, or none, the line decides", () => {
    const twice = measured("cpu", [
      [1e3, 1],
      [1e3, 3],
      [2e3, 4],
    ]);
    expect(predictMs(twice, 1e3)).toBe(2);
    expect(predictMs(twice, 3e3)).toBe(6);
    expect(predictMs(model("cpu", 4, 1e-3), 1e3)).toBe(5);
    expect(predictMs(measured("cpu", [[5e5, 4]]), 1e9)).toBe(4);
  });
});

describe("problemFlops", () => {
  it("counts 2·h·n·m·(d_k + d_v) for the products and 12·h·n·m elementwise, plus W_O", () => {
    const p = maybeProblem({
      source: {
        kind: "qkv",
        q: [[1, 2, 3, 4]],
        k: [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
        ],
        v: [
          [1, 2],
          [3, 4],
        ],
      },
      heads: 2,
      wo: [
        [1, 0, 0],
        [0, 1, 0],
      ],
    });
    if (!p.ok) throw p.error;
    // h = 2, n = 1, m = 2, d_k = 2, d_v = 1: 2·2·1·2·3 = 24, 12·2·1·2 = 48, W_O: 2·1·(2·1)·3 = 12.
    expect(problemFlops(p.value)).toBe(24 + 48 + 12);
  });
});
