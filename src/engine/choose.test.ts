import { afterEach, describe, expect, it } from "vitest";
import type { AdapterInfo } from "./backends";
import {
  CALIBRATION_KEY,
  deviceKey,
  firstTryOrder,
  fitCost,
  maybeCalibrations,
  pickBackend,
  rankBackends,
  readCalibrations,
  saveCalibration,
  type CostModel,
} from "./choose";

const swiftshader: AdapterInfo = {
  vendor: "google",
  architecture: "swiftshader",
  device: "",
  description: "",
  isFallbackAdapter: true,
};
const hardware: AdapterInfo = {
  ...swiftshader,
  vendor: "nvidia",
  architecture: "ampere",
  isFallbackAdapter: false,
};

const model = (name: CostModel["name"], fixedMs: number, msPerWork: number): CostModel => ({
  name,
  fixedMs,
  msPerWork,
  samples: [],
});

describe("the first try, before anything is measured", () => {
  it("puts wasm first and WebGPU last on a software (fallback) WebGPU adapter", () => {
    expect(firstTryOrder(swiftshader)).toEqual(["wasm", "webgl", "cpu", "webgpu"]);
  });
  it("puts wasm first where there is no WebGPU at all", () => {
    expect(firstTryOrder(undefined)[0]).toBe("wasm");
  });
  it("puts WebGPU first on a hardware adapter", () => {
    expect(firstTryOrder(hardware)[0]).toBe("webgpu");
  });
});

describe("choosing by what backends measured", () => {
  it("fitCost recovers time = fixed + per-work cost from two samples", () => {
    const fit = fitCost("wasm", [
      { work: 1000, ms: 2 },
      { work: 11000, ms: 7 },
    ]);
    expect(fit.fixedMs).toBeCloseTo(1.5, 10);
    expect(fit.msPerWork).toBeCloseTo(0.0005, 12);
  });

  it("a 4,096-token problem goes to wasm, not to WebGL that a line through two small sizes favoured", () => {
    // Measured on the 2-core machine (bench-results: the calibration of a cold load, and bench-attention at
    // n = 1024): 16 × 16 and 256 × 64 tokens (works 19,456 and 17,563,648), then 1,024 × 64 (281,018,368).
    const small = { wasm: [1.0, 25.6], webgl: [20.9, 45.2] };
    const large = { wasm: 20.1, webgl: 223.1 };
    const works = [19_456, 17_563_648, 281_018_368];
    const costs = (sizes: 2 | 3) =>
      (["wasm", "webgl"] as const).map((name) =>
        fitCost(
          name,
          [...small[name], large[name]].slice(0, sizes).map((ms, i) => ({ work: works[i]!, ms })),
        ),
      );
    // 4,096 tokens, d_model 64 in 2 heads of 32: 2·2·4096²·64 + 12·2·4096² flops.
    const work = 2 * 2 * 4096 ** 2 * 64 + 12 * 2 * 4096 ** 2;
    // Two sizes: wasm's line rises 1.402e-6 ms per flop, WebGL's 1.385e-6: past 1.2 Gflop WebGL looks faster.
    expect(pickBackend(costs(2), work)).toBe("webgl");
    // Three: from 256 to 1,024 tokens WebGL rose 178 ms and wasm none; the large size decides.
    expect(pickBackend(costs(3), work)).toBe("wasm");
    // Small problems still go by the small sizes: wasm's 1 ms against WebGL's 21 ms.
    expect(pickBackend(costs(3), 19_456)).toBe("wasm");
  });

  it("a backend's name does not matter: a measured-slow WebGPU ranks last, a measured-fast cpu first", () => {
    const models = [model("webgpu", 10, 1e-3), model("cpu", 0.1, 1e-6), model("wasm", 0.2, 2e-6)];
    expect(rankBackends(models, 1e6, firstTryOrder(hardware))).toEqual(["cpu", "wasm", "webgpu", "webgl"]);
    expect(pickBackend(models, 1e6)).toBe("cpu");
  });

  it("the fastest depends on the size: fixed cost wins small problems, per-work cost large ones", () => {
    const models = [model("webgl", 5, 1e-7), model("wasm", 0.5, 1e-6)];
    expect(pickBackend(models, 1e3)).toBe("wasm");
    expect(pickBackend(models, 1e8)).toBe("webgl");
  });

  it("unmeasured backends follow the measured ones, in the first-try order", () => {
    expect(rankBackends([model("cpu", 1, 0)], 100, firstTryOrder(swiftshader))).toEqual([
      "cpu",
      "wasm",
      "webgl",
      "webgpu",
    ]);
  });
});

describe("remembered calibrations", () => {
  const original = Object.getOwnPropertyDescriptor(globalThis, "localStorage");
  afterEach(() => {
    if (original) Object.defineProperty(globalThis, "localStorage", original);
    else delete (globalThis as { localStorage?: Storage }).localStorage;
  });
  function fakeStorage(): Map<string, string> {
    const items = new Map<string, string>();
    Object.defineProperty(globalThis, "localStorage", {
      configurable: true,
      value: {
        getItem: (k: string) => items.get(k) ?? null,
        setItem: (k: string, v: string) => void items.set(k, v),
        removeItem: (k: string) => void items.delete(k),
      },
    });
    return items;
  }

  it("are keyed by user agent and adapter: another adapter is another device", () => {
    expect(deviceKey("UA", swiftshader)).not.toBe(deviceKey("UA", hardware));
    expect(deviceKey("UA", undefined)).not.toBe(deviceKey("UA2", undefined));
    expect(deviceKey("UA", hardware)).toBe(deviceKey("UA", { ...hardware }));
  });

  it("come back as saved, per device", () => {
    fakeStorage();
    const wasm = { ...model("wasm", 0.5, 1e-6), samples: [{ work: 10, ms: 1 }] };
    expect(saveCalibration("device A", [wasm])).toBe(true);
    saveCalibration("device B", [model("cpu", 1, 1e-5)]);
    expect(readCalibrations()["device A"]).toEqual([wasm]);
    expect(readCalibrations()["device B"]?.map((m) => m.name)).toEqual(["cpu"]);
  });

  it("malformed or hostile stored text is dropped, never trusted", () => {
    expect(maybeCalibrations("not json")).toEqual({});
    expect(maybeCalibrations("[1,2]")).toEqual({});
    expect(
      maybeCalibrations(
        JSON.stringify({
          d: [
            { name: "webgpu", fixedMs: -1, msPerWork: 0 },
            { name: "quantum", fixedMs: 1, msPerWork: 0 },
            { name: "wasm", fixedMs: "1", msPerWork: 0 },
            {
              name: "cpu",
              fixedMs: 1,
              msPerWork: 2,
              samples: [
                { work: 1, ms: NaN },
                { work: 2, ms: 3 },
              ],
            },
          ],
          e: "x",
        }),
      ),
    ).toEqual({ d: [{ name: "cpu", fixedMs: 1, msPerWork: 2, samples: [{ work: 2, ms: 3 }] }] });
  });

  it("where storage is blocked, nothing is remembered and nothing throws", () => {
    Object.defineProperty(globalThis, "localStorage", {
      configurable: true,
      get() {
        throw new DOMException("The operation is insecure.", "SecurityError");
      },
    });
    expect(saveCalibration("d", [model("cpu", 1, 0)])).toBe(false);
    expect(readCalibrations()).toEqual({});
  });

  it("a full storage refuses the write without throwing", () => {
    const items = fakeStorage();
    (globalThis.localStorage as { setItem: unknown }).setItem = () => {
      throw new DOMException("full", "QuotaExceededError");
    };
    expect(saveCalibration("d", [model("cpu", 1, 0)])).toBe(false);
    expect(items.has(CALIBRATION_KEY)).toBe(false);
  });
});

describe("the cost of starting a backend", () => {
  it("counts until the backend is started: a first answer does not wait for a slow start", () => {
    const webgpu = { ...model("webgpu", 0.1, 0), startMs: 3000 };
    const wasm = { ...model("wasm", 1, 0), startMs: 200 };
    expect(rankBackends([webgpu, wasm], 100, ["wasm", "webgpu"])[0]).toBe("wasm");
    expect(rankBackends([webgpu, wasm], 100, ["wasm", "webgpu"], new Set(["webgpu", "wasm"]))[0]).toBe(
      "webgpu",
    );
  });
  it("is kept with the calibration", () => {
    expect(maybeCalibrations(JSON.stringify({ d: [{ ...model("wasm", 1, 0), startMs: 250 }] }))).toEqual({
      d: [{ name: "wasm", fixedMs: 1, msPerWork: 0, samples: [], startMs: 250 }],
    });
  });
});
