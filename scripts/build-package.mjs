// The npm package's build (`npm run build:package`, and `prepack` before `npm pack` / `npm publish`):
//   dist/lib/     ES modules for "attention-playground", "/widget" and "/react" (vite.lib.config.ts),
//                 the engine's worker and the wasm binaries beside them;
//   dist/lib/types/  their .d.ts (tsconfig.lib.json), with relative imports written as "./x.js" so that
//                 TypeScript's node16/nodenext resolution finds them, and only the files those reach;
//   dist/widget/  the standalone widget: one widget.js and what it loads, relative to itself (vite.widget.config.ts).
// The app's own build (`vite build`, dist/ itself) is separate and unchanged.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const bin = (name) => join(root, "node_modules", ".bin", name);

function run(command, args) {
  console.log(`build-package: ${[command, ...args].join(" ")}`);
  const result = spawnSync(bin(command), args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run("vite", ["build", "-c", "vite.lib.config.ts", "--logLevel", "warn"]);
run("vite", ["build", "-c", "vite.widget.config.ts", "--logLevel", "warn"]);
const types = join(root, "dist/lib/types");
rmSync(types, { recursive: true, force: true });
run("tsc", ["-p", "tsconfig.lib.json"]);

/** "./core/types" → "./core/types.js" (or "./x/index.js"): what node16 resolution asks of an ES module's types. */
const reached = new Set();
function visit(file) {
  if (reached.has(file)) return;
  reached.add(file);
  const text = readFileSync(file, "utf8").replace(
    /((?:from|import)\s*\(?\s*")(\.{1,2}\/[^"]*)(")/g,
    (whole, before, spec, after) => {
      if (spec.endsWith(".js")) return whole;
      const base = resolve(dirname(file), spec);
      const target = [`${base}.d.ts`, join(base, "index.d.ts")].find((f) => existsSync(f));
      if (!target)
        throw new Error(`build-package: ${relative(root, file)} imports ${spec}, which has no .d.ts`);
      visit(target);
      const path = target.endsWith("/index.d.ts") ? `${spec}/index.js` : `${spec}.js`;
      return `${before}${path}${after}`;
    },
  );
  writeFileSync(file, text);
}
for (const entry of ["index.d.ts", "embed/widget.d.ts", "embed/react.d.ts"]) visit(join(types, entry));
let pruned = 0;
for (const file of readdirSync(types, { recursive: true })) {
  const path = join(types, file);
  if (path.endsWith(".d.ts") && !reached.has(path)) {
    rmSync(path);
    pruned++;
  }
}
console.log(`build-package: ${reached.size} declaration files (${pruned} unreachable ones left out)`);
