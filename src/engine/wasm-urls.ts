// Browser only: Vite serves the wasm binaries from the page's own origin (no CDN at run time).
import plain from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url";
import simd from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url";
import threadedSimd from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url";

export const WASM_URLS = {
  "tfjs-backend-wasm.wasm": plain,
  "tfjs-backend-wasm-simd.wasm": simd,
  "tfjs-backend-wasm-threaded-simd.wasm": threadedSimd,
};
