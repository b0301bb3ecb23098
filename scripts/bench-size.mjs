// The embeddable widget's download, after a build: what `<script type="module" src="widget.js">` fetches
// before the first picture (widget.js and its static imports, followed transitively), and what it loads
// lazily afterwards (each dynamic import(), TensorFlow.js above all), raw and gzip-compressed.
//
//   node scripts/bench-size.mjs [distDir]      (default: $AP_OUT_DIR or dist)
//
// Fails (exit 1) when the first download holds TensorFlow.js: the first picture must not wait for it.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const dist = resolve(process.argv[2] ?? process.env.AP_OUT_DIR ?? "dist");
const entry = join(dist, "widget.js");
if (!existsSync(entry)) {
  console.error(`bench-size: ${relative(process.cwd(), entry)} not found: run \`vite build\` first.`);
  process.exit(1);
}

// `import … from "./x.js"`, `import "./x.js"`, `export … from "./x.js"`: not `import(` (dynamic).
const STATIC = /\b(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["']([^"']+\.js)["']/g;
const DYNAMIC = /\bimport\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g;

const text = new Map();
const read = (file) => {
  if (!text.has(file)) text.set(file, readFileSync(file, "utf8"));
  return text.get(file);
};
const targets = (file, pattern) =>
  [...read(file).matchAll(pattern)].map((m) => resolve(dirname(file), m[1])).filter((f) => existsSync(f));

/** A file and everything it imports statically, transitively. */
function closure(start, seen = new Set()) {
  const stack = [start];
  while (stack.length > 0) {
    const file = stack.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...targets(file, STATIC));
  }
  return seen;
}

const sizes = (file) => {
  const bytes = readFileSync(file);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const pad = (s, n) => String(s).padEnd(n);
const padStart = (s, n) => String(s).padStart(n);

function table(title, files) {
  console.log(`\n${title}`);
  console.log(`${pad("file", 44)} ${padStart("raw", 12)} ${padStart("gzip", 12)}`);
  let raw = 0;
  let gzip = 0;
  for (const file of [...files].sort()) {
    const s = sizes(file);
    raw += s.raw;
    gzip += s.gzip;
    console.log(`${pad(relative(dist, file), 44)} ${padStart(kb(s.raw), 12)} ${padStart(kb(s.gzip), 12)}`);
  }
  console.log(`${pad(`total (${files.size} files)`, 44)} ${padStart(kb(raw), 12)} ${padStart(kb(gzip), 12)}`);
  return { raw, gzip };
}

const initial = closure(entry);
const first = table("Widget, first download (widget.js and its static imports)", initial);

// Each dynamic import, and the dynamic imports of what they load (the engine loads each tfjs backend on
// demand), with what each adds beyond what was loaded before it.
const loaded = new Set(initial);
const lazyAll = new Set();
const queue = [...initial].flatMap((file) => targets(file, DYNAMIC));
const visited = new Set();
while (queue.length > 0) {
  const target = queue.shift();
  if (visited.has(target) || initial.has(target)) continue;
  visited.add(target);
  const reached = closure(target);
  const added = new Set([...reached].filter((f) => !loaded.has(f)));
  for (const f of added) {
    loaded.add(f);
    lazyAll.add(f);
  }
  if (added.size > 0) table(`Loaded lazily by import("${relative(dist, target)}")`, added);
  for (const f of reached) queue.push(...targets(f, DYNAMIC));
}
const lazy = table("Loaded lazily, all together (TensorFlow.js, its backends, permalinks)", lazyAll);

// TensorFlow.js's kernel registry and its environment flags; none may be in the first download.
const TFJS = /registerKernel|IS_BROWSER|WEBGL_VERSION/;
const leaks = [...initial].filter((file) => TFJS.test(read(file)));
console.log(
  `\nwidget first download: ${kb(first.raw)} raw, ${kb(first.gzip)} gzip; lazily: ${kb(lazy.raw)} raw, ${kb(lazy.gzip)} gzip`,
);
if (leaks.length > 0) {
  console.error(
    `bench-size: TensorFlow.js is in the first download: ${leaks.map((f) => relative(dist, f)).join(", ")}`,
  );
  process.exit(1);
}
console.log("TensorFlow.js is not in the first download.");
