// Local ESLint rules that make the layering of src/ a fact (README, "Layout"):
//   layers/allowed  each folder imports only from the folders before it, and only the packages its role needs;
//   layers/no-cycle no static import chain leads back to the file it started from.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const SRC = resolve(import.meta.dirname, "..", "src");

/** What each layer may import: folders of src/ (and single files), and bare packages by prefix. */
export const LAYERS = {
  core: { folders: ["core"], packages: [] },
  engine: { folders: ["core", "engine"], packages: ["@tensorflow/"] },
  models: { folders: ["core", "models"], packages: ["@huggingface/tokenizers"] },
  "models/tf": { folders: ["core", "engine", "models", "models/tf"], packages: ["@tensorflow/"] },
  render: { folders: ["core", "render"], packages: ["d3"] },
  i18n: { folders: ["core", "i18n"], packages: [] },
  explorer: {
    folders: ["core", "models", "render", "i18n", "explorer", "engine/names.ts"],
    packages: [],
  },
  ui: {
    folders: ["core", "engine", "models", "models/tf", "render", "i18n", "explorer", "ui"],
    packages: ["react", "react-dom", "d3", "katex"],
  },
  embed: { folders: ["*"], packages: ["react", "react-dom", "d3", "katex"] },
  "": { folders: ["*"], packages: ["react", "react-dom"] },
};
/** Test files may also use the test tools. */
const TEST_PACKAGES = ["vitest", "fast-check", "happy-dom", "node:", "@testing-library/"];

/** "models/tf" for src/models/tf/x.ts, "core" for src/core/x.ts, "" for src/index.ts. */
function layerOf(file) {
  const parts = relative(SRC, file).split(sep);
  if (parts.length === 1) return "";
  if (parts[0] === "models" && parts[1] === "tf") return "models/tf";
  return parts[0];
}

const EXTENSIONS = ["", ".ts", ".tsx", ".js", "/index.ts"];
function resolveImport(from, spec) {
  const base = resolve(dirname(from), spec.split("?")[0]);
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function allows(layer, target) {
  const { folders } = LAYERS[layer];
  if (folders.includes("*")) return true;
  const rel = relative(SRC, target).split(sep).join("/");
  return folders.some((f) =>
    f.endsWith(".ts") ? rel === f : rel.startsWith(`${f}/`) && layerOf(target) === f,
  );
}

const allowed = {
  meta: {
    type: "problem",
    schema: [],
    messages: { folder: "{{from}} may not import {{to}} ({{spec}}): see README, Layout." },
  },
  create(context) {
    const file = context.filename;
    if (!file.startsWith(SRC + sep)) return {};
    const layer = layerOf(file);
    if (!(layer in LAYERS)) return {};
    const isTest = /\.test\.tsx?$/.test(file) || /test-helpers|test-csv|test-fixtures/.test(file);
    const check = (node, spec) => {
      if (typeof spec !== "string") return;
      if (spec.startsWith(".")) {
        const target = resolveImport(file, spec);
        if (!target || !target.startsWith(SRC + sep)) return;
        if (/\.css$/.test(target)) return;
        if (!allows(layer, target)) {
          context.report({
            node,
            messageId: "folder",
            data: { from: layer || "src", to: layerOf(target) || "src", spec },
          });
        }
        return;
      }
      // A test of a layer that may run the engine may load a tfjs backend for it.
      const runsEngine = LAYERS[layer].folders.some((f) => f === "engine" || f === "*");
      const testing = isTest ? [...TEST_PACKAGES, ...(runsEngine ? ["@tensorflow/"] : [])] : [];
      const packages = [...LAYERS[layer].packages, ...testing];
      if (
        !packages.some((p) => spec === p || spec.startsWith(p.endsWith("/") || p.endsWith(":") ? p : `${p}/`))
      ) {
        context.report({
          node,
          messageId: "folder",
          data: { from: layer || "src", to: "the package", spec },
        });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === "Literal" && check(node, node.source.value),
    };
  },
};

// The static import graph of src/ (dynamic import() is lazy by design and does not count as a cycle).
let components;
const STATIC = /^\s*(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"|^\s*import\s+"(\.[^"]+)"/gm;
function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}
function cyclicComponents() {
  const graph = new Map();
  for (const file of sourceFiles(SRC)) {
    const edges = [];
    for (const m of readFileSync(file, "utf8").matchAll(STATIC)) {
      const target = resolveImport(file, m[1] ?? m[2]);
      if (target && /\.tsx?$/.test(target)) edges.push(target);
    }
    graph.set(file, edges);
  }
  // Tarjan's strongly connected components; a component of more than one file is a cycle.
  const index = new Map(),
    low = new Map(),
    stack = [],
    on = new Set(),
    out = new Map();
  let counter = 0;
  const visit = (v) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) for (const f of component) out.set(f, component);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

const noCycle = {
  meta: { type: "problem", schema: [], messages: { cycle: "Import cycle: {{files}}" } },
  create(context) {
    const file = context.filename;
    if (!file.startsWith(SRC + sep)) return {};
    components ??= cyclicComponents();
    const component = components.get(file);
    if (!component) return {};
    return {
      ImportDeclaration(node) {
        const target = resolveImport(file, String(node.source.value));
        if (target && component.includes(target)) {
          const files = component.map((f) => relative(SRC, f)).join(" → ");
          context.report({ node, messageId: "cycle", data: { files } });
        }
      },
    };
  },
};

export const layers = { rules: { allowed, "no-cycle": noCycle } };
