// The npm package as a downstream user gets it (`npm run test:pack`, part of `npm test`):
// `npm pack` (which builds dist/lib and dist/widget), the tarball installed into fresh folders, then
//   (a) plain node ESM computes the five-value example, on the float64 reference and on tfjs cpu and wasm;
//   (b) a strict TypeScript consumer (strict, exactOptionalPropertyTypes, nodenext and bundler resolution,
//       no vite types, skipLibCheck off) typechecks against all three entries;
//   (c) a React 18 app and a React 19 app render <AttentionPlayground/> (react-dom/server), with one React;
//   (d) a static site hosting the standalone widget under a sub-path, every response under a strict CSP,
//       renders on wasm with no CSP violation and no 404; without 'wasm-unsafe-eval' it says why in the
//       widget; a `javascript:` app URL is refused;
//   (e) publint and @arethetypeswrong/cli report no error.
// Installs prefer npm's cache (--prefer-offline): after the first run they need no network.
// Usage: node scripts/pack-test.mjs [--keep] (keep the temporary folder and print where it is)
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "./chromium.mjs";

const root = resolve(import.meta.dirname, "..");
const keep = process.argv.includes("--keep");
const work = mkdtempSync(join(tmpdir(), "ap-pack-"));
const started = Date.now();
const checked = [];
const seconds = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

function ok(what) {
  checked.push(what);
  console.log(`pack-test: ✓ ${what} (${seconds()})`);
}
function fail(what, detail = "") {
  console.error(`pack-test: ✗ ${what}${detail ? `\n${detail}` : ""}`);
  console.error(`pack-test: files kept in ${work}`);
  process.exit(1);
}
function sh(command, args, cwd, what) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 << 20 });
  if (result.status !== 0) fail(what, `${command} ${args.join(" ")}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}
const npm = (args, cwd, what) => sh("npm", args, cwd, what);
const node = (file, cwd, what) => sh(process.execPath, [file], cwd, what);

// --- the tarball --------------------------------------------------------------------------------------
npm(["pack", "--pack-destination", work, "--silent"], root, "npm pack");
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const tarball = join(work, `attention-playground-${version}.tgz`);
if (!existsSync(tarball)) fail("npm pack wrote no tarball", tarball);
const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n").filter(Boolean);
const stray = listing.filter(
  (f) =>
    !/^package\/(dist\/(lib|widget)\/|docs\/[^/]+\.md$|(README(\.zh-CN)?\.md|LICENSE|package\.json)$)/.test(
      f,
    ),
);
if (stray.length > 0) fail("the tarball holds files a user does not need", stray.join("\n"));
for (const file of ["LICENSE", "dist/lib/index.js", "dist/lib/types/index.d.ts", "dist/widget/widget.js"]) {
  if (!listing.includes(`package/${file}`)) fail(`the tarball lacks ${file}`);
}
const { size } = await import("node:fs").then((fs) => fs.statSync(tarball));
ok(`npm pack: ${listing.length} files, ${(size / 1024).toFixed(0)} KiB, no tests, baselines or configs`);

const install = (dir, extra, what) => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  npm(
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball, ...extra],
    dir,
    what,
  );
};

// --- (a) plain node ---------------------------------------------------------------------------------
const app19 = join(work, "react19");
install(app19, ["react@19", "react-dom@19", "@types/react@19"], "npm install into a React 19 project");
ok("installed into a fresh folder with react@19");
writeFileSync(
  join(app19, "five-values.mjs"),
  `import { attentionReference, createEngine } from "attention-playground";
const spec = { source: { kind: "qkv", q: [[0.5]], k: [[1], [2], [3], [4], [5]], v: [[1], [2], [3], [4], [5]] }, score: "dot" };
const want = [0.058, 0.0956, 0.1577, 0.26, 0.4287];
const check = (name, trace) => {
  const weights = Array.from(trace.weights.data);
  const output = trace.output.data[0];
  if (weights.some((w, i) => Math.abs(w - want[i]) > 1e-4) || Math.abs(output - 3.9056) > 1e-4)
    throw new Error(name + " gave " + weights + " → " + output);
  console.log(name.padEnd(9), weights.map((w) => w.toFixed(4)).join(" "), "→", output.toFixed(4));
};
check("float64", attentionReference(spec));
for (const backend of ["cpu", "wasm"]) {
  const result = await createEngine({ backend }).compute(spec);
  if (result.backend !== backend) throw new Error("asked for " + backend + ", computed on " + result.backend);
  check(backend, result.trace);
}
`,
);
console.log(node("five-values.mjs", app19, "plain node computes the five-value example").trimEnd());
ok("(a) plain node ESM: five-value example on float64, tfjs cpu and tfjs wasm");

// --- (b) a strict TypeScript consumer ---------------------------------------------------------------
writeFileSync(
  join(app19, "consumer.tsx"),
  `import { attentionReference, createEngine, maybeProblem, type AttentionSpec, type EngineResult } from "attention-playground";
import { AttentionPlaygroundElement, TAG } from "attention-playground/widget";
import { AttentionPlayground, type AttentionPlaygroundProps } from "attention-playground/react";

const spec: AttentionSpec = { source: { kind: "qkv", q: [[0.5]], k: [[1], [2]], v: [[1], [2]] }, score: "dot" };
const weights: Float64Array | Float32Array = attentionReference(spec).weights.data;
const checked = maybeProblem(spec);
if (!checked.ok) console.log(checked.error.message);
export async function run(): Promise<EngineResult> {
  return createEngine({ backend: "cpu" }).compute(spec);
}
const element: AttentionPlaygroundElement | null = document.querySelector(TAG);
const props: AttentionPlaygroundProps = { example: "five-values", step: 6, ui: "slider", backend: "wasm" };
export const view = <AttentionPlayground {...props} q={[[1, 0]]} k={[[1, 0]]} />;
export { weights, element };
`,
);
const tsconfig = (moduleResolution, module) => ({
  compilerOptions: {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    erasableSyntaxOnly: true,
    verbatimModuleSyntax: true,
    skipLibCheck: false,
    noEmit: true,
    target: "ES2022",
    module,
    moduleResolution,
    jsx: "react-jsx",
    lib: ["ES2022", "DOM", "DOM.Iterable"],
    types: [],
  },
  files: ["consumer.tsx"],
});
const tsc = join(root, "node_modules/typescript/bin/tsc");
for (const [resolution, module] of [
  ["nodenext", "nodenext"],
  ["bundler", "esnext"],
]) {
  writeFileSync(join(app19, "tsconfig.json"), JSON.stringify(tsconfig(resolution, module)));
  sh(process.execPath, [tsc, "-p", "."], app19, `strict TypeScript (moduleResolution ${resolution})`);
}
ok("(b) strict TypeScript consumer (exactOptionalPropertyTypes, no vite types): nodenext and bundler");

// --- (c) React 18 and React 19 ----------------------------------------------------------------------
const renderScript = `import { createElement } from "react";
import { version } from "react";
import { renderToString } from "react-dom/server";
import { AttentionPlayground } from "attention-playground/react";
const html = renderToString(createElement(AttentionPlayground, { example: "five-values", step: 6, q: [[1, 0], [0, 1]], k: [[1, 0], [0, 1]], className: "figure" }));
const want = ['<attention-playground', 'example="five-values"', 'step="6"', 'q="[[1,0],[0,1]]"', 'class="figure"'];
for (const part of want) if (!html.includes(part)) throw new Error("React " + version + " rendered " + html);
console.log("React " + version + ": " + html);
`;
const app18 = join(work, "react18");
install(app18, ["react@18", "react-dom@18"], "npm install into a React 18 project");
for (const [dir, major] of [
  [app18, "18"],
  [app19, "19"],
]) {
  writeFileSync(join(dir, "render.mjs"), renderScript);
  console.log(node("render.mjs", dir, `React ${major} renders the component`).trimEnd());
  if (existsSync(join(dir, "node_modules/attention-playground/node_modules/react")))
    fail(`React ${major}: the package brought a React of its own`);
}
ok("(c) React 18 and React 19 render <AttentionPlayground/>, with the app's own React");

// --- (d) the standalone widget under a sub-path, under a strict CSP ---------------------------------
const site = join(work, "site");
cpSync(
  join(app19, "node_modules/attention-playground/dist/widget"),
  join(site, "static/attention-playground"),
  {
    recursive: true,
  },
);
const hostPage = (title) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    <link rel="icon" href="../favicon.svg" />
    <script type="module" src="../static/attention-playground/widget.js"></script>
  </head>
  <body>
    <p>A blog post with attention figures in it.</p>
    <attention-playground id="wasm" example="five-values" step="6" backend="wasm"></attention-playground>
    <attention-playground id="auto" example="pronoun" ui="slider"></attention-playground>
    <attention-playground id="evil" example="five-values" ui="full" app="javascript:alert(document.domain)"></attention-playground>
  </body>
</html>
`;
mkdirSync(join(site, "blog"), { recursive: true });
writeFileSync(join(site, "blog/post.html"), hostPage("Attention, hosted under a sub-path"));
writeFileSync(join(site, "favicon.svg"), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>');
const policy = (wasm) =>
  [
    "default-src 'self'",
    `script-src 'self'${wasm ? " 'wasm-unsafe-eval'" : ""}`,
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "report-uri /csp-report",
  ].join("; ");
const TYPES = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
};
const reports = [];
const misses = [];
// /with-wasm/… and /without-wasm/… serve the same site, every response (page, scripts, worker, wasm)
// with a policy that allows compiling WebAssembly or not: a worker's policy is its own response's.
const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (url.pathname === "/csp-report") {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      reports.push(JSON.parse(body)["csp-report"] ?? body);
      res.end();
    });
    return;
  }
  const [, mode, ...rest] = url.pathname.split("/");
  const file = join(site, ...rest);
  if ((mode !== "with-wasm" && mode !== "without-wasm") || !file.startsWith(site) || !existsSync(file)) {
    misses.push(url.pathname);
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, {
    "content-type": TYPES[extname(file)] ?? "application/octet-stream",
    "content-security-policy": policy(mode === "with-wasm"),
  });
  res.end(readFileSync(file));
});
await new Promise((done) => server.listen(0, "127.0.0.1", done));
const origin = `http://localhost:${server.address().port}`;
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });

async function visit(mode) {
  const page = await browser.newPage();
  const consoleText = [];
  const workers = [];
  page.on("console", (m) => consoleText.push(m.text()));
  page.on("worker", (w) => workers.push(w.url()));
  page.on("pageerror", (e) => consoleText.push(`pageerror: ${e.message}`));
  await page.goto(`${origin}/${mode}/blog/post.html`);
  const wasm = page.locator("#wasm");
  await wasm.and(page.locator("[data-ready]:not([data-backend=reference])")).waitFor({ timeout: 60_000 });
  await page.locator("#auto[data-ready]").waitFor({ timeout: 60_000 });
  await page.locator("#evil[data-error]").waitFor({ timeout: 60_000 });
  const state = await page.evaluate(() => {
    const read = (id) => {
      const el = document.getElementById(id);
      const shadow = el?.shadowRoot;
      return {
        backend: el?.dataset.backend,
        notice: el?.dataset.notice,
        error: el?.dataset.error,
        note: shadow?.querySelector(".apw-note")?.textContent ?? "",
        matrix: JSON.parse(shadow?.querySelector(".apw-figure")?.getAttribute("data-matrix") ?? "null"),
        links: [...(shadow?.querySelectorAll("a") ?? [])].map((a) => ({ href: a.href, hidden: a.hidden })),
        frames: shadow?.querySelectorAll("iframe").length ?? 0,
      };
    };
    return { wasm: read("wasm"), auto: read("auto"), evil: read("evil") };
  });
  await page.close();
  return { state, consoleText, workers };
}

const allowed = await visit("with-wasm");
const blocked = await visit("without-wasm");
// Reports travel on their own; the blocked page's report (its wasm probe) arriving shows they are heard.
for (
  let i = 0;
  i < 100 && !reports.some((r) => String(r["document-uri"] ?? "").includes("without-wasm"));
  i++
) {
  await new Promise((done) => setTimeout(done, 100));
}
await browser.close();
server.close();

const weights = allowed.state.wasm.matrix?.[0];
const want = [0.058, 0.0956, 0.1577, 0.26, 0.4287];
if (allowed.state.wasm.backend !== "wasm")
  fail("(d) the widget did not compute on wasm", JSON.stringify(allowed));
if (!weights || weights.some((w, i) => Math.abs(w - want[i]) > 1e-4))
  fail("(d) the widget's weights are wrong", JSON.stringify(weights));
if (!allowed.workers.some((u) => u.startsWith(`${origin}/with-wasm/static/attention-playground/`)))
  fail("(d) the engine's worker did not start from the widget's folder", allowed.workers.join("\n"));
const allowedReports = reports.filter((r) => String(r["document-uri"] ?? "").includes("/with-wasm/"));
if (allowedReports.length > 0) fail("(d) CSP violations", JSON.stringify(allowedReports, null, 2));
if (misses.length > 0) fail("(d) requests that found nothing", misses.join("\n"));
if (allowed.state.wasm.links.some((l) => !l.hidden))
  fail("(d) an 'open in explorer' link with no explorer to open", JSON.stringify(allowed.state.wasm.links));
for (const { state } of [allowed, blocked]) {
  const evil = state.evil;
  if (
    !/app/.test(evil.error ?? "") ||
    evil.frames > 0 ||
    evil.links.some((l) => /^javascript:/i.test(l.href))
  )
    fail("(d) a javascript: app URL was not refused", JSON.stringify(evil));
}
ok(
  "(d) standalone widget under /with-wasm/static/attention-playground/, strict CSP on every response: " +
    "wasm in a worker, the weights right, no CSP violation, no 404, javascript: app refused",
);
const misleading = blocked.consoleText.filter((t) => /serve the|\.wasm file/i.test(t));
if (blocked.state.wasm.backend === "wasm" || blocked.state.wasm.notice !== "engine.wasmBlocked")
  fail(
    "(d) without 'wasm-unsafe-eval' the widget did not say why wasm is off",
    JSON.stringify(blocked.state),
  );
if (!blocked.state.wasm.note.includes("wasm-unsafe-eval"))
  fail("(d) the widget's note does not name 'wasm-unsafe-eval'", blocked.state.wasm.note);
if (misleading.length > 0) fail("(d) tfjs's misleading advice about serving .wasm", misleading.join("\n"));
if (!reports.some((r) => String(r["document-uri"] ?? "").includes("/without-wasm/")))
  fail("(d) no CSP report arrived from the page without 'wasm-unsafe-eval': the check above proves nothing");
ok(
  `(d) without 'wasm-unsafe-eval': computed on ${blocked.state.wasm.backend}, ` +
    `the widget says "${blocked.state.wasm.note}"`,
);

// --- (e) publint and are-the-types-wrong ------------------------------------------------------------
const installed = join(app19, "node_modules/attention-playground");
console.log(
  sh(
    process.execPath,
    [join(root, "node_modules/publint/src/cli.js"), installed, "--strict"],
    root,
    "publint",
  ).trimEnd(),
);
ok("(e) publint --strict: no error, no warning");
const attw = join(root, "node_modules/@arethetypeswrong/cli/dist/index.js");
console.log(
  sh(
    process.execPath,
    [attw, tarball, "--profile", "esm-only", "--format", "table-flipped"],
    root,
    "attw",
  ).trimEnd(),
);
ok("(e) @arethetypeswrong/cli (esm-only): no problem");

console.log(`pack-test: ${checked.length} checks passed in ${seconds()}`);
if (keep) console.log(`pack-test: files kept in ${work}`);
else rmSync(work, { recursive: true, force: true });
