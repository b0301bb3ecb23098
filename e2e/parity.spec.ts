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

    test("matches the float64 reference when each trace's buffers are recycled into the next", async () => {
      // Every case twice, each trace recycled once checked: later traces are written into earlier ones'
      // buffers (on wasm), so a buffer handed out twice or half-written shows as a mismatch.
      const results = await page.evaluate(async (name) => {
        const h = window.harness;
        const engine = h.createEngine({ backend: name });
        const given = new Set<ArrayBufferLike>();
        let reused = 0;
        const out: Record<string, unknown> = {};
        for (const round of [1, 2])
          for (const c of h.PARITY_CASES) {
            const { trace, backend } = await engine.compute(c.spec);
            const buffers = Object.values(trace).flatMap((v) =>
              v && typeof v === "object" && "data" in v && v.data instanceof Float32Array
                ? [v.data.buffer]
                : [],
            );
            reused += buffers.filter((b) => given.has(b)).length;
            const mismatches = h.compareTraces(trace, h.attentionReference(c.spec), h.FLOAT32_TOLERANCE);
            out[`${c.name} (${round})`] = { backend, mismatches };
            for (const b of buffers) given.add(b);
            engine.recycle(trace);
          }
        return { out, reused };
      }, backend);
      expect(Object.values(results.out)).toEqual(
        Object.keys(results.out).map(() => ({ backend, mismatches: [] })),
      );
      // Every backend joins heads and writes −∞ into recycled buffers; wasm also downloads into them (from
      // its heap), where the other backends hand out new arrays.
      expect(results.reused).toBeGreaterThan(backend === "wasm" ? 100 : 10);
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
