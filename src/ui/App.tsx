import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import "./app.css";
import "../render/render.css";
import { isBackendName } from "../engine/backends";
import { FormulaPanel } from "./FormulaPanel";
import { Header } from "./Header";
import { LangContext, LANGS, type Lang, translate } from "./i18n";
import { InputPanel } from "./InputPanel";
import { takeHandoff } from "./handoff";
import { loadSaved, save } from "./persist";
import { SettingsPanel } from "./SettingsPanel";
import { buildSpec } from "./spec";
import {
  createHistory,
  createInitialState,
  isViewAction,
  reduceHistory,
  STEP_COUNT,
  type Action,
  type ExplorerState,
  type History,
} from "./state";
import { StepContent, type Selection } from "./StepContent";
import { StepNav } from "./StepNav";
import { STEPS } from "./steps";
import { Tex } from "./Tex";
import { useTrace } from "./useTrace";

const LANG_KEY = "attention-playground:lang";

/** Saved work, then what the URL asks for (?step=, ?backend=). */
function initialState(): ExplorerState {
  const saved = loadSaved() ?? { ...createInitialState(), theme: prefersDark() ? "dark" : "light" };
  const params = new URLSearchParams(location.search);
  const step = Number(params.get("step"));
  const backend = params.get("backend");
  return {
    ...saved,
    step: Number.isInteger(step) && step >= 1 && step <= STEP_COUNT ? step : saved.step,
    backend: isBackendName(backend) || backend === "exact" || backend === "auto" ? backend : saved.backend,
  };
}

/** A state handed over by another page opens on top of the person's own work, which undo brings back. */
function initialHistory(): History {
  const own = initialState();
  const handed = takeHandoff();
  if (!handed) return createHistory(own);
  return { ...createHistory({ ...handed, theme: own.theme, palette: own.palette }), past: [own] };
}

function initialLang(): Lang {
  const asked = new URLSearchParams(location.search).get("lang");
  if ((LANGS as readonly string[]).includes(asked ?? "")) return asked as Lang;
  const saved = globalThis.localStorage?.getItem(LANG_KEY);
  if ((LANGS as readonly string[]).includes(saved ?? "")) return saved as Lang;
  return navigator.language.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

const prefersDark = () => globalThis.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false;

/** Edits of the same thing in quick succession (typing, dragging a slider) are one undo step. */
const MERGE_MS = 1000;
const editKey = (action: Action) => `${action.type}:${"name" in action ? action.name : ""}`;

const isTextField = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

export function App() {
  const [history, dispatchHistory] = useReducer(reduceHistory, undefined, initialHistory);
  const state = history.present;
  const [lang, setLang] = useState<Lang>(initialLang);
  const [pointed, setPointed] = useState<Selection | null>(null);
  const [playing, setPlaying] = useState(false);
  const lastEdit = useRef({ key: "", at: 0 });

  const dispatch = useCallback((action: Action) => {
    if (!isViewAction(action)) {
      // The start of an edit, for the edit → repaint measurement (npm run bench).
      performance.mark("ap:edit");
      const key = editKey(action);
      const now = performance.now();
      const merge = key === lastEdit.current.key && now - lastEdit.current.at < MERGE_MS;
      lastEdit.current = { key, at: now };
      dispatchHistory(merge ? { type: "merge", action } : action);
      return;
    }
    dispatchHistory(action);
  }, []);
  // After undo, redo or reset, the next edit starts a new undo step even if it repeats the last one.
  const travel = useCallback((type: "undo" | "redo" | "reset") => {
    lastEdit.current = { key: "", at: 0 };
    dispatchHistory({ type });
  }, []);
  const gesture = useCallback((phase: "begin" | "end") => {
    lastEdit.current = { key: "", at: 0 };
    dispatchHistory({ type: phase === "begin" ? "beginGesture" : "endGesture" });
  }, []);

  // The spec depends on the inputs only: pointing, stepping and theming never recompute.
  const built = useMemo(
    () => buildSpec(state),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [
      state.input,
      state.sequence,
      state.matrices,
      state.score,
      state.temperature,
      state.mask,
      state.heads,
      state.mode,
    ],
  );
  const { computed, pending, error } = useTrace(
    built.spec && built.errors.length === 0 ? built : undefined,
    state.backend,
  );

  // Autosave, a moment after the last edit (a drag saves once), and when the page is being left.
  useEffect(() => {
    const timer = setTimeout(() => save(state), 300);
    const leaving = () => save(state);
    window.addEventListener("pagehide", leaving);
    return () => {
      clearTimeout(timer);
      window.removeEventListener("pagehide", leaving);
    };
  }, [state]);
  useEffect(() => {
    document.documentElement.dataset.theme = state.theme;
  }, [state.theme]);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = translate(lang, "app.title");
    globalThis.localStorage?.setItem(LANG_KEY, lang);
  }, [lang]);
  useEffect(() => {
    const url = new URL(location.href);
    url.searchParams.set("step", String(state.step));
    window.history.replaceState(null, "", url);
  }, [state.step]);

  // Edit → repaint: measured in the frame after the views have been rebuilt with the new trace.
  useEffect(() => {
    if (!computed) return;
    const frame = requestAnimationFrame(() => {
      if (performance.getEntriesByName("ap:edit", "mark").length > 0) {
        performance.measure("ap:edit-to-paint", "ap:edit");
        performance.clearMarks("ap:edit");
      }
    });
    return () => cancelAnimationFrame(frame);
  }, [computed]);

  useEffect(() => {
    if (!playing) return;
    const timer = setTimeout(() => {
      if (state.step >= STEP_COUNT) setPlaying(false);
      else dispatch({ type: "setStep", step: state.step + 1 });
    }, 2500);
    return () => clearTimeout(timer);
  }, [playing, state.step, dispatch]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (mod && event.key.toLowerCase() === "z") {
        event.preventDefault();
        travel(event.shiftKey ? "redo" : "undo");
        return;
      }
      if (mod && event.key.toLowerCase() === "y") {
        event.preventDefault();
        travel("redo");
        return;
      }
      if (event.key === "Escape") {
        dispatch({ type: "unlock" });
        setPointed(null);
        return;
      }
      // Arrows inside a text field or a focused view move the caret or the cell, not the step.
      if (isTextField(event.target) || (event.target as HTMLElement | null)?.closest?.(".ap-view")) return;
      if (event.key === "ArrowRight" || event.key === "PageDown")
        dispatch({ type: "setStep", step: state.step + 1 });
      else if (event.key === "ArrowLeft" || event.key === "PageUp")
        dispatch({ type: "setStep", step: state.step - 1 });
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [dispatch, travel, state.step]);

  // Views are sized to the step card's content box, the room they really have.
  const stage = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(800);
  useEffect(() => {
    const element = stage.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 800)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // The labels that belong to the trace on screen, which may be older than the inputs (the last good result).
  const trace = computed?.trace;
  const labels = computed?.job;
  const selection: Selection = state.locked ?? pointed ?? {};
  const step = STEPS[state.step - 1]!;
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate(lang, key, params);
  const problems = [
    ...built.errors.map((e) => ({ ...e })),
    ...(error ? [{ field: error.matrix ?? "", row: error.row, col: error.col, message: error.message }] : []),
  ];

  return (
    <LangContext.Provider value={lang}>
      <div className="ap-app">
        <Header
          state={state}
          canUndo={history.past.length > 0}
          canRedo={history.future.length > 0}
          onHistory={travel}
          dispatch={dispatch}
          lang={lang}
          onLang={setLang}
          computed={computed}
          pending={pending}
        />
        <div className="ap-main">
          <aside className="ap-controls">
            <InputPanel
              input={state.input}
              sequence={state.sequence}
              matrices={state.matrices}
              dispatch={dispatch}
              errors={built.errors}
              gesture={gesture}
            />
            <SettingsPanel
              state={state}
              dispatch={dispatch}
              errors={built.errors}
              queryLabels={built.queryLabels}
              keyLabels={built.keyLabels}
            />
          </aside>
          <main className="ap-stage">
            <StepNav step={state.step} playing={playing} onPlay={setPlaying} dispatch={dispatch} />
            {problems.length > 0 && (
              <div className="ap-errors" role="alert" data-testid="errors">
                <strong>{t("errors.title")}</strong>
                <ul>
                  {problems.map((p, i) => (
                    <li key={i}>{p.message}</li>
                  ))}
                </ul>
                {trace && <p>{t("errors.lastGood")}</p>}
              </div>
            )}
            {computed?.notices.map((n, i) => (
              <p key={i} className="ap-notice" role="status">
                {t("notice.backend", { message: n.message })}
              </p>
            ))}
            <article className="ap-step-card" aria-labelledby="ap-step-title" ref={stage}>
              <header>
                <p className="ap-step-count">{t("steps.of", { n: state.step, total: STEP_COUNT })}</p>
                <h2 id="ap-step-title" data-testid="step-title">
                  {t(step.title)}
                </h2>
                <p className="ap-step-text">{t(step.text)}</p>
                <div className="ap-step-formula">
                  <Tex tex={step.formula} display testId="step-formula" />
                </div>
              </header>
              {trace && labels ? (
                <StepContent
                  // Views read the theme's colours when they are built: rebuild them when it changes.
                  key={state.theme}
                  state={state}
                  trace={trace}
                  queryLabels={labels.queryLabels}
                  keyLabels={labels.keyLabels}
                  selection={selection}
                  onPoint={(s) => setPointed(s)}
                  onPick={(s) =>
                    s && s.query !== undefined
                      ? dispatch({ type: "lock", query: s.query, key: s.key ?? 0 })
                      : dispatch({ type: "unlock" })
                  }
                  dispatch={dispatch}
                  width={width}
                  palette={state.palette}
                />
              ) : (
                <p className="ap-hint">{pending ? t("backend.computing") : t("status.empty")}</p>
              )}
            </article>
            <FormulaPanel
              step={state.step}
              trace={labels ? trace : undefined}
              head={state.head}
              selection={selection}
              locked={state.locked !== null}
              queryLabels={labels?.queryLabels ?? []}
              keyLabels={labels?.keyLabels ?? []}
            />
          </main>
        </div>
      </div>
    </LangContext.Provider>
  );
}
