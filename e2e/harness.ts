// A page for browser tests and benchmarks: the library, the parity suite and tfjs, on `window.harness`.
import * as tf from "@tensorflow/tfjs-core";
import * as library from "../src/index";
import { FLOAT32_TOLERANCE, PARITY_CASES, compareTraces } from "../src/core/parity";
import { predictMs, problemFlops } from "../src/engine/choose";
import { bench } from "./bench-page";

const harness = {
  ...library,
  tf,
  PARITY_CASES,
  compareTraces,
  FLOAT32_TOLERANCE,
  bench,
  problemFlops,
  predictMs,
};
declare global {
  interface Window {
    harness: typeof harness;
  }
}
window.harness = harness;
document.getElementById("status")!.textContent = "ready";
