import { collectErrors, expect, openHarness, test } from "./fixtures";

/** Records when a WebGPU device is asked for (tfjs's webgpu backend asks for one when it starts). */
function recordDeviceRequests(): void {
  const requests: number[] = [];
  (window as unknown as { deviceRequests: number[] }).deviceRequests = requests;
  const proto = (globalThis as { GPUAdapter?: { prototype: GPUAdapter } }).GPUAdapter?.prototype;
  if (!proto) return;
  const original = proto.requestDevice;
  proto.requestDevice = function (this: GPUAdapter, ...args: Parameters<GPUAdapter["requestDevice"]>) {
    requests.push(performance.now());
    return original.apply(this, args);
  };
}

test("auto mode answers on the likely-fastest backend without starting a software WebGPU device first", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.addInitScript(recordDeviceRequests);
  await openHarness(page);
  const outcome = await page.evaluate(async () => {
    const h = window.harness;
    localStorage.clear();
    const adapter = await navigator.gpu?.requestAdapter();
    const engine = h.createEngine();
    const result = await engine.compute(h.PARITY_CASES[0]!.spec);
    const answeredAt = performance.now();
    const requests = (window as unknown as { deviceRequests: number[] }).deviceRequests;
    return {
      fallback: adapter?.info.isFallbackAdapter ?? adapter?.info.architecture === "swiftshader",
      backend: result.backend,
      tried: engine.report().attempts.map((a) => a.name),
      devicesBeforeAnswer: requests.filter((t) => t <= answeredAt).length,
      mismatches: h.compareTraces(result.trace, h.attentionReference(h.PARITY_CASES[0]!.spec), 1e-5),
    };
  });
  // Whatever answered, it answered right.
  expect(outcome.mismatches).toEqual([]);
  expect(errors).toEqual([]);
  // This machine's WebGPU (and CI's) is SwiftShader: wasm goes first and no WebGPU device is asked for before
  // the answer. Where a hardware adapter is found, it may rightly go first, and only the numbers are checked.
  if (outcome.fallback) {
    expect(outcome.backend).toBe("wasm");
    expect(outcome.tried).toEqual(["wasm"]);
    expect(outcome.devicesBeforeAnswer).toBe(0);
  }
});

test("auto mode measures every backend that starts in the background, chooses by the measurements and remembers them", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openHarness(page);
  const { report, runs } = await page.evaluate(async () => {
    const h = window.harness;
    localStorage.clear();
    const engine = h.createEngine();
    await engine.compute(h.PARITY_CASES[0]!.spec);
    const report = await engine.calibrated();
    const qkv = (n: number, d: number) => ({
      source: {
        kind: "qkv" as const,
        q: h.seededMatrix(n, d, 1),
        k: h.seededMatrix(n, d, 2),
        v: h.seededMatrix(n, d, 3),
      },
    });
    const runs = [];
    for (const spec of [h.PARITY_CASES[0]!.spec, qkv(64, 32), qkv(512, 64), qkv(1024, 64)]) {
      const problem = h.maybeProblem(spec);
      if (!problem.ok) throw problem.error;
      const result = await engine.compute(spec);
      runs.push({
        work: h.problemFlops(problem.value),
        backend: result.backend,
        notices: result.notices.length,
      });
    }
    return { report, runs };
  });
  expect(report.mode).toBe("auto");
  expect(report.calibration).toBe("measured");
  expect(report.attempts.map((a) => a.name).sort()).toEqual(["cpu", "wasm", "webgl", "webgpu"]);
  for (const attempt of report.attempts) expect(attempt.ok, `${attempt.name}: ${attempt.reason}`).toBe(true);
  const webgpu = report.attempts.find((a) => a.name === "webgpu")!;
  // The adapter is described; on machines without a GPU it is SwiftShader, a fallback adapter.
  expect(webgpu.adapter?.vendor).toEqual(expect.any(String));
  expect(typeof webgpu.adapter?.isFallbackAdapter).toBe("boolean");
  expect(report.costs.map((c) => c.name).sort()).toEqual(["cpu", "wasm", "webgl", "webgpu"]);
  for (const cost of report.costs) expect(cost.samples).toHaveLength(3);
  // The choice follows the measurements, not the names: each problem runs on the argmin of the published
  // costs' predictions (along their samples) for its size, ties going to the first in the report.
  const predictions = await page.evaluate(
    ([costs, works]) =>
      works.map((work) => costs.map((c) => ({ name: c.name, ms: window.harness.predictMs(c, work) }))),
    [report.costs, runs.map((r) => r.work)] as const,
  );
  for (const [i, run] of runs.entries()) {
    const predicted = predictions[i]!;
    const fastest = predicted.reduce((best, p) => (p.ms < best.ms ? p : best));
    expect(run, JSON.stringify(predicted)).toEqual({ work: run.work, backend: fastest.name, notices: 0 });
  }
  // The four sizes span two orders of magnitude of work.
  expect(runs[3]!.work / runs[0]!.work).toBeGreaterThan(100);
  if (webgpu.adapter?.isFallbackAdapter) expect(runs.map((r) => r.backend)).not.toContain("webgpu");
  // The next visit on this device chooses from the remembered costs at once, and measures nothing.
  await page.addInitScript(recordDeviceRequests);
  await openHarness(page);
  const again = await page.evaluate(async () => {
    const h = window.harness;
    const engine = h.createEngine();
    const spec = h.PARITY_CASES[0]!.spec;
    const result = await engine.compute(spec);
    const problem = h.maybeProblem(spec);
    if (!problem.ok) throw problem.error;
    return {
      backend: result.backend,
      work: h.problemFlops(problem.value),
      report: engine.report(),
      devices: (window as unknown as { deviceRequests: number[] }).deviceRequests.length,
    };
  });
  expect(again.report.calibration).toBe("stored");
  expect(again.report.device).toBe(report.device);
  expect(again.report.costs.map((c) => c.name).sort()).toEqual(["cpu", "wasm", "webgl", "webgpu"]);
  // It starts the backend it answered on and, after the answer, at most the one predicted fastest once
  // started (its start-up aside), for the next problems: nothing else.
  const fastest = await page.evaluate(
    ([costs, work]) =>
      costs.reduce((best, c) =>
        window.harness.predictMs(c, work) < window.harness.predictMs(best, work) ? c : best,
      ).name,
    [again.report.costs, again.work] as const,
  );
  const attempted = again.report.attempts.map((a) => a.name);
  expect(attempted[0]).toBe(again.backend);
  expect(attempted.slice(1)).toEqual(again.backend === fastest ? [] : attempted.length > 1 ? [fastest] : []);
  if (webgpu.adapter?.isFallbackAdapter) expect(again.devices).toBe(0);
  expect(errors).toEqual([]);
});

test("a requested backend is used", async ({ page }) => {
  await openHarness(page, "");
  const result = await page.evaluate(async () => {
    const h = window.harness;
    const engine = h.createEngine({ backend: "webgl" });
    const webgl = await engine.compute(h.PARITY_CASES[0]!.spec);
    return { backend: webgl.backend, notices: webgl.notices.length, requested: engine.report().requested };
  });
  expect(result).toEqual({ backend: "webgl", notices: 0, requested: "webgl" });
});

test("a requested backend that cannot start falls back to the next one, with a notice that says why", async ({
  page,
}) => {
  // A browser without WebGPU.
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, "gpu", { get: () => undefined }));
  await openHarness(page);
  const result = await page.evaluate(async () => {
    const h = window.harness;
    const engine = h.createEngine({ backend: "webgpu" });
    const r = await engine.compute(h.PARITY_CASES[0]!.spec);
    return {
      backend: r.backend,
      notices: r.notices,
      attempt: engine.report().attempts.find((a) => a.name === "webgpu"),
    };
  });
  expect(result.backend).toBe("webgl");
  // The English message for library users, and its message id with parameters for translations.
  expect(result.notices).toEqual([
    {
      kind: "backend-failed",
      backend: "webgpu",
      message: expect.stringContaining("navigator.gpu is missing"),
      key: "engine.unavailable",
      params: { backend: "webgpu", reason: { key: "engine.noWebGPU", params: {} } },
    },
  ]);
  expect(result.attempt).toEqual({
    name: "webgpu",
    ok: false,
    reason: expect.stringContaining("no WebGPU"),
    why: { key: "engine.noWebGPU", params: {} },
  });
});

test("a lost WebGPU device falls back to the next backend and recomputes: a result and a notice, no exception", async ({
  page,
}) => {
  await openHarness(page);
  const outcome = await page.evaluate(async () => {
    const h = window.harness;
    const engine = h.createEngine({ backend: "webgpu" });
    const spec = h.PARITY_CASES.find((c) => c.name === "causal mask")!.spec;
    const first = await engine.compute(spec);
    const device = (h.tf.findBackend("webgpu") as unknown as { device: GPUDevice }).device;
    device.destroy();
    const second = await engine.compute(spec);
    const third = await engine.compute(spec);
    const reference = h.attentionReference(spec);
    return {
      first: first.backend,
      second: second.backend,
      notices: second.notices.map((n) => n.kind),
      mismatches: h.compareTraces(second.trace, reference, h.FLOAT32_TOLERANCE),
      third: third.backend,
      thirdNotices: third.notices.length,
      lost: engine.report().lost.map((l) => l.name),
    };
  });
  expect(outcome.first).toBe("webgpu");
  expect(outcome.second).not.toBe("webgpu");
  expect(outcome.notices).toEqual(["backend-lost"]);
  expect(outcome.mismatches).toEqual([]);
  // Once lost, the backend is never tried again.
  expect(outcome.third).toBe(outcome.second);
  expect(outcome.thirdNotices).toBe(0);
  expect(outcome.lost).toEqual(["webgpu"]);
});

test("a WebGPU device destroyed while idle is reported as lost, not failed, and the next backend computes", async ({
  page,
}) => {
  await openHarness(page);
  const outcome = await page.evaluate(async () => {
    const h = window.harness;
    const engine = h.createEngine({ backend: "webgpu" });
    const spec = h.PARITY_CASES.find((c) => c.name === "causal mask")!.spec;
    const first = await engine.compute(spec);
    const device = (h.tf.findBackend("webgpu") as unknown as { device: GPUDevice }).device;
    device.destroy();
    // The loss is known before the next computation asks for webgpu.
    await device.lost;
    await new Promise((resolve) => setTimeout(resolve, 0));
    const second = await engine.compute(spec);
    return {
      first: first.backend,
      second: second.backend,
      notices: second.notices.map((n) => ({ kind: n.kind, backend: n.backend, key: n.key })),
      lost: engine.report().lost,
    };
  });
  expect(outcome.first).toBe("webgpu");
  expect(outcome.second).not.toBe("webgpu");
  expect(outcome.second).not.toBe("reference");
  expect(outcome.notices).toEqual([{ kind: "backend-lost", backend: "webgpu", key: "engine.unavailable" }]);
  expect(outcome.lost).toEqual([
    { name: "webgpu", reason: expect.stringContaining("the WebGPU device was lost (destroyed") },
  ]);
});

test("bad input rejects with a typed error that names the matrix, row and column", async ({ page }) => {
  await openHarness(page);
  const error = await page.evaluate(async () => {
    const h = window.harness;
    try {
      await h.createEngine({ backend: "cpu" }).compute({
        source: {
          kind: "qkv",
          q: [[1, 2]],
          k: [
            [1, 2],
            [3, NaN],
          ],
          v: [[1], [2]],
        },
      });
      return undefined;
    } catch (e) {
      const err = e as InstanceType<typeof h.AttentionInputError>;
      return {
        name: err.name,
        code: err.code,
        matrix: err.matrix,
        row: err.row,
        col: err.col,
        message: err.message,
      };
    }
  });
  expect(error).toEqual({
    name: "AttentionInputError",
    code: "not-finite",
    matrix: "K",
    row: 1,
    col: 1,
    message: "K row 2, column 2 is NaN: expected a finite number",
  });
});

test("the engine in a Web Worker gives the in-page engine's numbers, and its errors keep their type and place", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openHarness(page);
  const outcome = await page.evaluate(async () => {
    const h = window.harness;
    const worker = h.createWorkerEngine({ backend: "wasm" });
    const spec = h.PARITY_CASES.find((c) => c.name.startsWith("tokens with sinusoidal"))!.spec;
    const result = await worker.compute(spec);
    let error: Record<string, unknown> | undefined;
    try {
      await worker.compute({
        source: {
          kind: "qkv",
          q: [[1, 2]],
          k: [
            [1, 2],
            [3, NaN],
          ],
          v: [[1], [2]],
        },
      });
    } catch (e) {
      const err = e as InstanceType<typeof h.AttentionInputError>;
      error = {
        isInputError: e instanceof h.AttentionInputError,
        code: err.code,
        matrix: err.matrix,
        row: err.row,
        col: err.col,
      };
    }
    const mismatches = h.compareTraces(result.trace, h.attentionReference(spec), h.FLOAT32_TOLERANCE);
    // Handed back, the trace's buffers move to the worker (the page's arrays are emptied), and the next
    // trace is written into them there.
    worker.recycle(result.trace);
    const again = await worker.compute(spec);
    // The mask is made again in the page, not sent: the same bytes and empty rows as the reference's.
    const custom = h.PARITY_CASES.find((c) => c.name.startsWith("custom mask"))!.spec;
    const masked = (await worker.compute(custom)).trace;
    const maskReference = h.attentionReference(custom);
    return {
      mask: [Array.from(masked.mask).join(""), masked.emptyRows],
      maskReference: [Array.from(maskReference.mask).join(""), maskReference.emptyRows],
      backend: result.backend,
      mismatches,
      moved: result.trace.weights.data.length,
      again: h.compareTraces(again.trace, h.attentionReference(spec), h.FLOAT32_TOLERANCE),
      error,
      report: worker.report().requested,
    };
  });
  expect(outcome.mask).toEqual(outcome.maskReference);
  expect(outcome.mask[0]).toContain("1");
  expect(outcome).toEqual({
    mask: outcome.maskReference,
    maskReference: outcome.mask,
    backend: "wasm",
    mismatches: [],
    moved: 0,
    again: [],
    error: { isInputError: true, code: "not-finite", matrix: "K", row: 1, col: 1 },
    report: "wasm",
  });
  expect(errors).toEqual([]);
});
