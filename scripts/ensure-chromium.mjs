// Makes sure a Chromium exists for the browser tests: installs Debian's package when none is found.
import { execFileSync } from "node:child_process";
import { findChromium } from "./chromium.mjs";

let path = findChromium();
if (!path && process.env.CHROMIUM_PATH) {
  console.error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist.`);
  process.exit(1);
}
const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
function run(args) {
  execFileSync(sudo.length ? "sudo" : args[0], sudo.length ? args : args.slice(1), {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}

if (!path) {
  console.log("No Chromium found: installing Debian's chromium package with apt-get (about 20 s)…");
  try {
    run(["apt-get", "update"]);
    run(["apt-get", "install", "-y", "--no-install-recommends", "chromium"]);
  } catch (error) {
    console.error(
      `Could not install Chromium with apt-get: ${error.message}\nInstall it yourself, or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
  path = findChromium();
  if (!path) {
    console.error("apt-get finished but no Chromium was found at the usual paths; set CHROMIUM_PATH.");
    process.exit(1);
  }
}
console.log(`Chromium: ${path}`);

// Screenshots and visual baselines show Chinese text: without a CJK font it renders as empty boxes.
const hasCjkFont = () => {
  try {
    return execFileSync("fc-list", [":lang=zh"], { encoding: "utf8" }).trim() !== "";
  } catch {
    return false;
  }
};
if (!hasCjkFont()) {
  console.log("No Chinese font found: installing fonts-wqy-zenhei with apt-get…");
  const install = () => run(["apt-get", "install", "-y", "--no-install-recommends", "fonts-wqy-zenhei"]);
  try {
    try {
      install();
    } catch {
      run(["apt-get", "update"]); // the package lists may be missing or stale
      install();
    }
  } catch (error) {
    console.error(
      `Could not install a Chinese font (${error.message}); Chinese text in screenshots will show as boxes.`,
    );
  }
}
