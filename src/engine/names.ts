/**
 * The backends the engine knows, in the order they are tried. Apart from backends.ts so that code that
 * only names backends (saved state, permalinks, the widget) does not pull TensorFlow.js in with them.
 */
export const BACKEND_ORDER = ["webgpu", "webgl", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKEND_ORDER)[number];

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === "string" && (BACKEND_ORDER as readonly string[]).includes(value);
}
