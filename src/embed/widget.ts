import { AttentionInputError } from "../core/errors";
import { message, type Message } from "../core/messages";
import { maybeProblem, problemWork, REFERENCE_WORK } from "../core/problem";
import { referenceTrace } from "../core/reference";
import type { AttentionSpec, AttentionTrace } from "../core/types";
import renderCss from "../render/render.css?inline";
import { buildSpec, type FieldError } from "../explorer/spec";
import { reduce, STEP_COUNT, type ExplorerState } from "../explorer/state";
import type { AttentionEngine, BackendReport, EngineResult } from "../engine/engine";
import {
  ATTRIBUTES,
  readAttributes,
  settingMessages,
  specErrorMessage,
  type Attributes,
  type SettingsSource,
  type WidgetOptions,
} from "./attributes";
import { createFigure, stepTitle, type Figure } from "./figure";
import { firstDrawsDone, queueFirstDraw } from "./firstDraws";
import type { HashSettings } from "./hash";
import { said, say, translate, type WidgetKey } from "./say";
import widgetCss from "./widget.css?inline";

/**
 * <attention-playground>: one attention figure, configured by attributes, in a shadow root of its own.
 *
 * The first picture is computed by the float64 reference (src/core, synchronous, no tfjs), so it appears
 * at once; TensorFlow.js loads afterwards (a dynamic import) and its numbers are painted into the same views.
 * `data-backend` says which computed what is shown ("reference", then the tfjs backend), `data-ready`
 * is set once the first picture is painted, `data-error` while an attribute is wrong.
 */

export const TAG = "attention-playground";

/** What embed.html read in its URL besides the attributes (hash.ts readHash). */
export type UrlReading = Pick<HashSettings, "unknown" | "repeated" | "damaged">;

const engines = new Map<WidgetOptions["backend"], Promise<AttentionEngine>>();
/**
 * One engine for every widget on the page that asks for the same backend, in a Web Worker: starting and
 * measuring the backends (shader compilation, wasm) then never blocks the host page, which is someone
 * else's blog post.
 */
function loadEngine(backend: WidgetOptions["backend"]): Promise<AttentionEngine> {
  let engine = engines.get(backend);
  if (!engine) {
    engine = import("../engine/remote").then(({ createWorkerEngine }) => createWorkerEngine({ backend }));
    engines.set(backend, engine);
  }
  return engine;
}

/** `spec` computed by the engine for `backend`, with the engine (its report says how it went). */
async function computeOn(
  backend: WidgetOptions["backend"],
  spec: AttentionSpec,
): Promise<{ engine: AttentionEngine; result: EngineResult }> {
  const engine = await loadEngine(backend);
  return { engine, result: await engine.compute(spec) };
}

let sheets: CSSStyleSheet[] | undefined;
/** Constructable stylesheets, shared by every widget: allowed by `style-src 'self'`, no inline <style>. */
function styleSheets(): CSSStyleSheet[] {
  if (!sheets) {
    sheets = [renderCss, widgetCss].map((css) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      return sheet;
    });
  }
  return sheets;
}

/**
 * Where the full explorer lives: the `app` attribute (http(s) only, checked by readAttributes), else the
 * explorer served beside this script when it was built with one (the app's own dist/); else none, and the
 * widget offers no link to it. The package's standalone widget and library have none beside them.
 */
declare const __AP_EXPLORER_BESIDE__: boolean; // set by each build's `define` (vite*.config.ts)
function appUrl(options: WidgetOptions): URL | undefined {
  if (options.app) return new URL(options.app);
  if (!__AP_EXPLORER_BESIDE__) return undefined;
  if (import.meta.env.DEV) return new URL("/index.html", location.href);
  // The built widget is dist/widget.js, or one of its chunks in dist/assets/: the app is dist/index.html.
  const folder = new URL(/* @vite-ignore */ ".", import.meta.url);
  return new URL(folder.pathname.endsWith("/assets/") ? "../index.html" : "index.html", folder);
}

/** Reads the permalink module only when needed: it is not part of the widget's first download. */
const permalinks = () => import("../explorer/permalink");

/** The computation a state describes, without what only changes the view (step, head, theme…). */
function computationKey(state: ExplorerState, backend: WidgetOptions["backend"]): string {
  const { input, sequence, matrices, score, temperature, mask, heads, mode } = state;
  return JSON.stringify({ input, sequence, matrices, score, temperature, mask, heads, mode, backend });
}

const Base: typeof HTMLElement =
  typeof HTMLElement === "undefined" ? (class {} as unknown as typeof HTMLElement) : HTMLElement;

interface Computed {
  readonly key: string;
  readonly trace: AttentionTrace;
  readonly backend: string;
}

export class AttentionPlaygroundElement extends Base {
  static readonly observedAttributes = [...ATTRIBUTES];

  /**
   * Where this widget's attributes were written, which its messages name: by the page's author
   * ("attributes"), or copied from embed.html's URL ("url"), whose reader wrote parameters, not attributes.
   */
  settingsSource: SettingsSource = "attributes";

  /**
   * What embed.html's URL held that its attributes cannot carry (hash.ts readHash): names it does not read,
   * names given twice, values with broken escapes, each said under the figure or as an error. Setting it
   * draws the widget again: a new hash may change these and no attribute.
   */
  #urlReading: UrlReading = { unknown: [], repeated: [], damaged: [] };
  get urlReading(): UrlReading {
    return this.#urlReading;
  }
  set urlReading(reading: UrlReading) {
    this.#urlReading = reading;
    if (this.isConnected) this.#schedule();
  }

  readonly #shadow: ShadowRoot;
  readonly #root: HTMLDivElement;
  /** Bumped by every render and by disconnection: late results of an older render are dropped. */
  #generation = 0;
  #scheduled = false;
  /** A render has been scheduled once: the first waits its turn among the page's widgets (firstDraws.ts). */
  #rendered = false;
  #state?: ExplorerState;
  #options?: WidgetOptions;
  #labels: { queries: readonly string[]; keys: readonly string[] } = { queries: [], keys: [] };
  #computed?: Computed;
  /**
   * The engine's computation for a computation's key, asked for once: a render of the same numbers (a step
   * set by the page, the element moved) waits for it instead of asking again. Dropped when it fails.
   */
  #asked?: {
    readonly key: string;
    readonly done: Promise<{ engine: AttentionEngine; result: EngineResult }>;
  };
  #figure?: Figure;
  #figureHost?: HTMLElement;
  #stepper?: {
    range: HTMLInputElement;
    output: HTMLOutputElement;
    prev: HTMLButtonElement;
    next: HTMLButtonElement;
  };
  #footer?: { backend: HTMLSpanElement; link: HTMLAnchorElement; note: HTMLParagraphElement };
  #width = 0;
  #resize?: ResizeObserver;
  #media?: MediaQueryList;
  readonly #onMedia = () => this.#figure?.repaint();

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: "open" });
    this.#shadow.adoptedStyleSheets = styleSheets();
    this.#root = document.createElement("div");
    this.#root.className = "apw-root";
    this.#shadow.append(this.#root);
  }

  /** The explorer's state shown now (a copy is safe to keep: states are never mutated). */
  get state(): ExplorerState | undefined {
    return this.#state;
  }

  connectedCallback(): void {
    this.#schedule();
    if (typeof ResizeObserver === "function") {
      this.#resize = new ResizeObserver(() => {
        const width = this.#available();
        // Rebuilt only for a real change of room, not a pixel of scrollbar.
        if (this.#figure && Math.abs(width - this.#width) >= 24) this.#paint();
      });
      this.#resize.observe(this);
    }
    if (typeof matchMedia === "function") {
      this.#media = matchMedia("(prefers-color-scheme: dark)");
      this.#media.addEventListener("change", this.#onMedia);
    }
  }

  disconnectedCallback(): void {
    this.#generation++;
    this.#resize?.disconnect();
    this.#resize = undefined;
    this.#media?.removeEventListener("change", this.#onMedia);
    this.#media = undefined;
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.#schedule();
  }

  /**
   * Several attributes set one after another (a framework setting props) make one render. A widget's first
   * render waits for a task of its own (firstDraws.ts), so that a post's widgets are not all drawn in one.
   */
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    const render = () => {
      this.#scheduled = false;
      // Nothing a page writes in an attribute may throw out of the widget: the unforeseen is a message too.
      if (this.isConnected)
        this.#render().catch((error: unknown) => this.#showErrors([this.#errorMessage(error)]));
    };
    if (this.#rendered) queueMicrotask(render);
    else {
      this.#rendered = true;
      queueFirstDraw(this, render);
    }
  }

  #available(): number {
    const width = this.clientWidth - 30;
    return width > 0 ? width : 640;
  }

  async #render(): Promise<void> {
    const generation = ++this.#generation;
    const attrs: Attributes = {};
    for (const name of ATTRIBUTES) attrs[name] = this.getAttribute(name);
    const permalink = attrs.permalink?.trim()
      ? (await permalinks()).decodePermalink(attrs.permalink.trim())
      : undefined;
    if (generation !== this.#generation) return;
    const config = readAttributes(attrs, {
      source: this.settingsSource,
      unknownParameters: this.#urlReading.unknown,
      repeatedParameters: this.#urlReading.repeated,
      damagedParameters: this.#urlReading.damaged,
      permalink,
      inheritedLang:
        this.parentElement?.closest("[lang]")?.getAttribute("lang") ?? document.documentElement.lang,
      prefersDark: typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches,
      baseUrl: document.baseURI,
    });
    this.#options = config.options;
    delete this.dataset.ready;
    this.#root.lang = config.options.lang;
    this.#root.style.height = config.options.height ?? "";
    if (!config.state) return this.#showErrors(config.errors);

    this.#state = config.state;
    if (config.options.ui === "full") return this.#renderFrame(config.state, config.options, generation);

    const built = buildSpec(config.state);
    if (!built.spec) {
      return this.#showErrors(
        built.errors.map((e: FieldError) =>
          specErrorMessage(e.field, { key: e.key, params: e.params }, attrs, this.settingsSource),
        ),
      );
    }
    this.#labels = { queries: built.queryLabels, keys: built.keyLabels };
    delete this.dataset.error;
    this.#buildChrome(config.options);
    this.#addNote(...config.notes);

    const spec = built.spec;
    const key = computationKey(config.state, config.options.backend);
    if (this.#computed?.key === key) {
      // Only the view changed (step, head, view, language…): the numbers already computed serve.
      this.#paint();
      // The reference's are drawn while the engine's are on their way: this render waits for those (below),
      // since the render that asked for them no longer will, or the reference would stay.
      if (this.#computed.backend !== "reference") return;
    } else {
      this.#computed = undefined;
      // Problems up to REFERENCE_WORK take milliseconds in float64 (the explorer's limit).
      const problem = maybeProblem(spec);
      if (problem.ok && problemWork(problem.value) <= REFERENCE_WORK) {
        try {
          this.#computed = { key, trace: referenceTrace(problem.value), backend: "reference" };
        } catch (error) {
          return this.#showErrors([this.#errorMessage(error)]);
        }
        this.#paint();
      } else {
        this.#showLoading();
      }
    }
    // Then TensorFlow.js, loaded only now, once every widget's first picture is drawn: its numbers replace
    // the reference's in the same views.
    await this.#painted();
    await firstDrawsDone();
    if (generation !== this.#generation) return;
    const asked =
      this.#asked?.key === key
        ? this.#asked
        : (this.#asked = { key, done: computeOn(config.options.backend, spec) });
    try {
      const { engine, result } = await asked.done;
      if (generation !== this.#generation) return;
      const computed = { key, trace: result.trace, backend: result.backend };
      const first = !this.#computed;
      this.#computed = computed;
      if (first || !this.#figure) this.#paint();
      else {
        this.#figure.update(computed.trace);
        this.#showBackend();
      }
      this.#explainWasm(engine.report());
    } catch (error) {
      if (this.#asked === asked) this.#asked = undefined;
      if (generation !== this.#generation) return;
      const failure = said("embed.engineFailed", { message: this.#errorMessage(error) });
      // The reference's picture stays (it is right); without one, the message takes its place.
      if (this.#computed && this.#footer) this.#addNote(failure);
      else this.#showErrors([failure]);
    }
  }

  /**
   * A page whose Content-Security-Policy forbids compiling WebAssembly computes on another backend; the
   * footer says why, and what to add, rather than leaving the host to read tfjs's console.
   */
  #explainWasm(report: BackendReport): void {
    const wasm = report.attempts.find((a) => a.name === "wasm" && !a.ok);
    const why = wasm?.why;
    if (!this.#footer || typeof why !== "object" || why.key !== "engine.wasmBlocked") return;
    this.#addNote({ key: why.key, params: why.params });
    this.dataset.notice = why.key;
  }

  /** Says more under the figure, after what the note says already (a permalink's ignored settings). */
  #addNote(...notes: readonly Message<string>[]): void {
    const note = this.#footer?.note;
    if (!note) return;
    const texts = notes.map((n) => say(this.#lang(), n));
    note.textContent = [note.textContent, ...texts].filter(Boolean).join(" ");
  }

  #lang() {
    return this.#options?.lang ?? "en";
  }

  #t(key: WidgetKey, params?: Record<string, string | number>): string {
    return translate(this.#lang(), key, params);
  }

  #errorMessage(error: unknown): Message<string> {
    if (error instanceof AttentionInputError) return { key: error.key, params: error.params };
    return message("error.text", { message: error instanceof Error ? error.message : String(error) });
  }

  /** Resolves after the browser has laid out and painted what was just built (canvases paint on layout). */
  #painted(): Promise<void> {
    return new Promise((resolve) => {
      if (typeof requestAnimationFrame !== "function") return resolve();
      requestAnimationFrame(() => setTimeout(resolve, 0));
    });
  }

  /**
   * Says what is wrong. A figure already drawn stays under the message, as it was: a page (or a framework
   * setting props) that passes through a wrong value on its way to a right one does not blank the reader's
   * picture, and the message says that the figure is the last one the settings could draw.
   */
  #showErrors(errors: readonly Message<string>[]): void {
    const kept = this.#figure !== undefined && !!this.#figureHost && this.#root.contains(this.#figureHost);
    const box = document.createElement("div");
    box.className = "apw-error";
    box.setAttribute("role", "alert");
    const title = document.createElement("strong");
    title.textContent = this.#t(kept ? "embed.errorKept" : "embed.errorTitle");
    const list = document.createElement("ul");
    for (const error of errors) {
      const item = document.createElement("li");
      item.textContent = say(this.#lang(), error);
      list.append(item);
    }
    box.append(title, list);
    this.dataset.error = errors.map((e) => say("en", e)).join("\n");
    if (kept) {
      this.#root.querySelector(":scope > .apw-error")?.remove();
      box.classList.add("apw-error-kept");
      this.#root.prepend(box);
      return;
    }
    this.#figure = undefined;
    this.#figureHost = undefined;
    this.#stepper = undefined;
    this.#footer = undefined;
    this.#root.classList.remove("apw-full");
    this.#root.replaceChildren(box);
    delete this.dataset.backend;
  }

  #showLoading(): void {
    const box = document.createElement("div");
    box.className = "apw-loading";
    box.setAttribute("role", "status");
    const spinner = document.createElement("span");
    spinner.className = "apw-spinner";
    box.append(spinner, this.#t("embed.loading"));
    this.#figureHost?.replaceChildren(box);
    this.#figure = undefined;
    delete this.dataset.backend;
  }

  /** The figure's frame: where the figure goes, the step controls (ui="slider"), and the footer. */
  #buildChrome(options: WidgetOptions): void {
    this.#root.classList.remove("apw-full");
    const host = document.createElement("div");
    host.className = "apw-figure-host";
    const parts: HTMLElement[] = [host];
    this.#stepper = undefined;
    if (options.ui === "slider") parts.push(this.#buildStepper());
    const footer = document.createElement("div");
    footer.className = "apw-footer";
    const backend = document.createElement("span");
    backend.className = "apw-backend";
    const link = document.createElement("a");
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = this.#t("embed.open");
    const app = appUrl(options);
    if (app) link.href = app.href;
    // No explorer known (the standalone widget without an `app` attribute): no link to nowhere.
    link.hidden = !app;
    footer.append(backend, link);
    const note = document.createElement("p");
    note.className = "apw-note";
    parts.push(footer, note);
    this.#footer = { backend, link, note };
    this.#figureHost = host;
    this.#root.replaceChildren(...parts);
  }

  #buildStepper(): HTMLElement {
    const bar = document.createElement("div");
    bar.className = "apw-stepper";
    const button = (label: string, text: string, delta: number) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "apw-button";
      b.textContent = text;
      b.setAttribute("aria-label", label);
      b.addEventListener("click", () => this.#setStep((this.#state?.step ?? 1) + delta));
      return b;
    };
    const prev = button(this.#t("embed.prev"), "‹", -1);
    const next = button(this.#t("embed.next"), "›", 1);
    const label = document.createElement("label");
    const name = document.createElement("span");
    name.textContent = this.#t("embed.step");
    const range = document.createElement("input");
    range.type = "range";
    range.min = "1";
    range.max = String(STEP_COUNT);
    range.step = "1";
    range.addEventListener("input", () => this.#setStep(Number(range.value)));
    const output = document.createElement("output");
    label.append(name, range);
    bar.append(prev, label, output, next);
    this.#stepper = { range, output, prev, next };
    return bar;
  }

  /** The slider and the buttons change this widget's step only: its state is its own. */
  #setStep(step: number): void {
    if (!this.#state) return;
    const next = reduce(this.#state, { type: "setStep", step });
    if (next.step === this.#state.step) return;
    this.#state = next;
    this.#paint();
  }

  /** Builds the figure for the current step from the numbers computed (the reference's or the engine's). */
  #paint(): void {
    const state = this.#state;
    const options = this.#options;
    const computed = this.#computed;
    if (!state || !options || !this.#figureHost) return;
    if (!computed) return this.#showLoading();
    const width = this.#available();
    this.#width = width;
    this.#figure = createFigure(computed.trace, {
      step: state.step,
      head: state.head,
      view: options.view,
      lang: options.lang,
      width,
      queryLabels: this.#labels.queries,
      keyLabels: this.#labels.keys,
      palette: state.palette,
      weightScale: state.weightScale,
    });
    this.#figureHost.replaceChildren(this.#figure.node);
    this.dataset.step = String(state.step);
    const stepper = this.#stepper;
    if (stepper) {
      stepper.range.value = String(state.step);
      stepper.range.setAttribute(
        "aria-valuetext",
        this.#t("embed.stepValue", {
          n: state.step,
          total: STEP_COUNT,
          title: stepTitle(options.lang, state.step, computed.trace),
        }),
      );
      stepper.output.textContent = `${state.step} / ${STEP_COUNT}`;
      stepper.prev.disabled = state.step <= 1;
      stepper.next.disabled = state.step >= STEP_COUNT;
    }
    this.#showBackend();
    void this.#linkTo(state);
    if (!this.dataset.ready) {
      const generation = this.#generation;
      void this.#painted().then(() => {
        if (generation === this.#generation && this.#figure) this.dataset.ready = "";
      });
    }
  }

  #showBackend(): void {
    const computed = this.#computed;
    if (!computed || !this.#footer) return;
    this.dataset.backend = computed.backend;
    this.#footer.backend.textContent = this.#t("embed.computedBy", {
      backend:
        computed.backend === "reference"
          ? this.#t("embed.reference")
          : this.#t("embed.tfjs", { backend: computed.backend }),
    });
  }

  /** "Open in Attention Playground" opens the explorer on exactly this state (a permalink in the hash). */
  async #linkTo(state: ExplorerState): Promise<void> {
    const { encodePermalink } = await permalinks();
    const link = this.#footer?.link;
    const app = this.#options && appUrl(this.#options);
    if (link && app && this.#state === state) link.href = `${app.href}#${encodePermalink(state)}`;
  }

  /** ui="full": the whole explorer in an iframe, opened on this state. */
  async #renderFrame(state: ExplorerState, options: WidgetOptions, generation: number): Promise<void> {
    const app = appUrl(options);
    if (!app) return this.#showErrors([settingMessages(this.settingsSource).fullNeedsApp()]);
    const { encodePermalink } = await permalinks();
    if (generation !== this.#generation) return;
    delete this.dataset.error;
    delete this.dataset.backend;
    this.#figure = undefined;
    this.#footer = undefined;
    this.#stepper = undefined;
    const frame = document.createElement("iframe");
    frame.className = "apw-frame";
    frame.title = this.#t("embed.frameTitle");
    frame.src = `${app.href}#${encodePermalink(state)}`;
    frame.style.height = options.height ?? "640px";
    this.#root.style.height = "";
    frame.addEventListener("load", () => {
      if (generation === this.#generation) this.dataset.ready = "";
    });
    this.#root.classList.add("apw-full");
    this.#root.replaceChildren(frame);
  }
}

if (typeof customElements !== "undefined" && !customElements.get(TAG)) {
  customElements.define(TAG, AttentionPlaygroundElement);
}

declare global {
  interface HTMLElementTagNameMap {
    [TAG]: AttentionPlaygroundElement;
  }
}
