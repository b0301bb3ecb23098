import type { Page } from "@playwright/test";
import { collectErrors, expect, openHarness, test } from "./fixtures";

// The parity suite (src/core/parity.ts), written once, on every backend inside a real page.
for (const backend of ["webgpu", "webgl", "wasm", "cpu"] as const) {
  test.describe(`the ${backend} backend in Chromium`, () => {
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

    test("starts", async () => {
      const report = await page.evaluate(async (name) => {
        const engine = window.harness.createEngine({ backend: name });
        return engine.ready();
      }, backend);
      const attempt = report.attempts.find((a) => a.name === backend);
      expect(attempt?.reason).toBeUndefined();
      expect(attempt?.ok).toBe(true);
    });

    test("matches the float64 reference on every parity case", async () => {
      const results = await page.evaluate(async (name) => {
        const h = window.harness;
        const engine = h.createEngine({ backend: name });
        const out: Record<string, unknown> = {};
        for (const c of h.PARITY_CASES) {
          const result = await engine.compute(c.spec);
          const mismatches = h.compareTraces(result.trace, h.attentionReference(c.spec), h.FLOAT32_TOLERANCE);
          out[c.name] = { backend: result.backend, notices: result.notices.length, mismatches };
        }
        return out;
      }, backend);
      const expected = Object.fromEntries(
        Object.keys(results).map((k) => [k, { backend, notices: 0, mismatches: [] }]),
      );
      expect(Object.keys(results).length).toBeGreaterThan(10);
      expect(results).toEqual(expected);
    });

    test("frees every tensor over 1,000 computations", async () => {
      // 1,000 computations on a software GPU (SwiftShader) take one to two minutes on an idle 2-core
      // machine and more on a busy one: the limit is generous, since the test asserts counts, not time.
      test.setTimeout(600_000);
      const counts = await page.evaluate(async (name) => {
        const h = window.harness;
        const engine = h.createEngine({ backend: name });
        const spec = h.PARITY_CASES.find((c) => c.name.startsWith("tokens with sinusoidal"))!.spec;
        await engine.compute(spec);
        const before = h.tf.memory().numTensors;
        for (let i = 0; i < 1000; i++) await engine.compute(spec);
        return { before, after: h.tf.memory().numTensors };
      }, backend);
      expect(counts.after).toBe(counts.before);
    });

    test("logs no console errors", () => {
      expect(errors).toEqual([]);
    });
  });
}
