// Finds the Chromium the tests and benchmarks drive. CHROMIUM_PATH overrides; Debian's package is the default.
import { existsSync } from "node:fs";

const CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
];

export function findChromium() {
  const override = process.env.CHROMIUM_PATH;
  if (override) return existsSync(override) ? override : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/**
 * Flags measured to work here (ENVIRONMENT.md): no sandbox as root, no network chatter on a closed network,
 * and WebGPU through whatever adapter exists (SwiftShader on machines without a GPU).
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--enable-unsafe-webgpu",
];
