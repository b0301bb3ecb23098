import type { Page } from "@playwright/test";
import { collectErrors, expect, openHarness, test } from "./fixtures";

// Modern attention's own loops on every backend inside a real page: tiled online softmax (m, ℓ, o after
// every block) and KV-cache decoding (the cache grows on the device). RoPE, ALiBi, grouped-query heads and
// sliding windows are parity cases of src/core/parity.ts, which parity.spec.ts runs on every backend.
// Few cases: every decoding step has new shapes, and each new shape compiles new shaders on a software GPU.
const CASES = [
  "grouped-query: 4 query heads, 2 KV heads",
  "Llama-style: RoPE, grouped-query, sliding window, ALiBi, W_O, from tokens",
];

for (const backend of ["webgpu", "webgl", "wasm", "cpu"] as const) {
  test.describe(`modern attention on the ${backend} backend in Chromium`, () => {
    test.describe.configure({ mode: "serial" });
    let page: Page;
    let errors: string[];

    test.beforeAll(async ({ browser }) => {
      page = await browser.newPage();
      errors = collectErrors(page);
      await openHarness(page);
    });
    test.afterAll(async () => {
      await page.close();
    });

    test("tiled online softmax and KV-cache decoding match float64 within 1e-5, and free their tensors", async () => {
      test.setTimeout(600_000);
      const result = await page.evaluate(
        async ({ name, cases }) => {
          const h = window.harness;
          await h.createEngine({ backend: name }).ready();
          const bad: string[] = [];
          const check = (what: string, actual: ArrayLike<number>, expected: ArrayLike<number>) => {
            if (actual.length !== expected.length) bad.push(`${what}: length`);
            for (let i = 0; i < expected.length; i++) {
              const a = actual[i] as number;
              const e = expected[i] as number;
              const good = Number.isFinite(e)
                ? Math.abs(a - e) <= h.FLOAT32_TOLERANCE * Math.max(1, Math.abs(e))
                : Object.is(a, e);
              if (!good) {
                bad.push(`${what}[${i}]: ${a} vs ${e}`);
                break;
              }
            }
          };
          const before = h.tf.memory().numTensors;
          for (const c of cases) {
            const spec = h.PARITY_CASES.find((p) => p.name === c)!.spec;
            const trace = h.attentionReference(spec);
            for (const b of [3, trace.keys]) {
              const actual = await h.onlineTilingOnBackend(trace, b, name);
              const expected = h.onlineTilingReference(trace, b);
              for (const f of ["m", "l", "o", "output"] as const)
                check(`${c} B=${b} ${f}`, actual[f], expected[f]);
            }
            const problem = h.maybeProblem(spec);
            if (!problem.ok) throw new Error(problem.error.message);
            const expected = h.decodeWithKvCache(problem.value);
            if (!expected.ok) throw new Error(expected.error.message);
            const steps = await h.decodeOnBackend(problem.value, name);
            steps.forEach((s, t) => {
              const e = expected.value[t]!;
              check(`${c} step ${t} weights`, s.weights.data, e.weights.data);
              check(`${c} step ${t} output`, s.output, e.output);
            });
          }
          return { bad, backend: h.tf.getBackend(), leaked: h.tf.memory().numTensors - before };
        },
        { name: backend, cases: CASES },
      );
      expect(result).toEqual({ bad: [], backend, leaked: 0 });
      expect(errors).toEqual([]);
    });
  });
}
