import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import "./app.css";
import "../../render/render.css";
import "../classroom/classroom.css";
import "../exchange/exchange.css";
import { isBackendName } from "../../engine/names";
import { FormulaPanel } from "../views/FormulaPanel";
import { Header } from "./Header";
import type { MessageParams } from "../../core/messages";
import { initialLang, LangContext, useDocumentLang } from "./i18n";
import { type Lang } from "../../i18n/lang";
import { type MessageKey, translate, say } from "../../i18n/i18n";
import { InputPanel } from "../inputs/InputPanel";
import { Compare } from "../views/Compare";
import { ExampleGallery } from "../classroom/ExampleGallery";
import { createStartState, exampleById, openExample, stopAction } from "../../explorer/examples";
import { Exercise, exerciseFits } from "../classroom/Exercise";
import { EXERCISE_MAX, QUANTITY_OF_STEP } from "../../explorer/exercise";
import { takeHandoff } from "../../explorer/handoff";
import type { ImportedAttention } from "../../core/importAttention";
import { ImportedView } from "../exchange/ImportedView";
import { ImportPanel } from "../exchange/ImportPanel";
import { decodePermalink } from "../../explorer/permalink";
import { ShareDialog } from "../exchange/ShareDialog";
import { LessonPanel } from "../classroom/LessonPanel";
import { PresenterFigure, Spotlight, usePresenter, usePresenterFigure } from "../classroom/Presenter";
import { loadSaved, save } from "../../explorer/persist";
import { SettingsPanel } from "../inputs/SettingsPanel";
import {
  createHistory,
  createInitialState,
  isViewAction,
  reduceHistory,
  STEP_COUNT,
  type Action,
  type ExplorerState,
  type History,
} from "../../explorer/state";
import { StepContent, type Selection } from "../steps/StepContent";
import { StepNav } from "../steps/StepNav";
import { stepFormula, STEPS } from "../../explorer/steps";
import { Tex } from "../views/Tex";
import { useBuiltSpec } from "./useBuiltSpec";
import { useTrace } from "./useTrace";

/**
 * Saved work (or, on a first visit, the start page: a worked example that teaches), then what the URL asks
 * for (?step=, ?backend=). A step the lesson being followed is not at leaves the lesson.
 */
function initialState(): ExplorerState {
  const theme = prefersDark() ? "dark" : "light";
  const saved = loadSaved() ?? createStartState({ ...createInitialState(), theme });
  const params = new URLSearchParams(location.search);
  const step = Number(params.get("step"));
  const backend = params.get("backend");
  const asked = Number.isInteger(step) && step >= 1 && step <= STEP_COUNT ? step : saved.step;
  return {
    ...saved,
    ...(asked === saved.step ? {} : { lesson: null, locked: null }),
    step: asked,
    backend: isBackendName(backend) || backend === "exact" || backend === "auto" ? backend : saved.backend,
  };
}

/** What the page opens on, and a notice about how (a link opened, or a link that could not be). */
interface Startup {
  readonly history: History;
  readonly notice?: { readonly key: MessageKey; readonly params?: MessageParams };
}

/**
 * A permalink (#s=…), a state handed over by another page, or an example asked for with ?example= opens on
 * top of the person's own work, which undo brings back. A damaged or hostile link opens their own work, with
 * a notice that says why.
 */
function startup(): Startup {
  const own = initialState();
  const onTop = (state: ExplorerState): History => ({ ...createHistory(state), past: [own] });
  const link = decodePermalink(location.hash.slice(1));
  if (link && "state" in link) return { history: onTop(link.state), notice: { key: "share.linkOpened" } };
  const reason = link ? { key: link.error.key, params: link.error.params ?? {} } : undefined;
  const notice = reason ? { key: "share.linkFailed" as const, params: { reason } } : undefined;
  const example = exampleById(new URLSearchParams(location.search).get("example"));
  const handed = example ? openExample(own, example) : takeHandoff();
  if (!handed) return { history: createHistory(own), notice };
  return { history: onTop({ ...handed, theme: own.theme, palette: own.palette }), notice };
}

const prefersDark = () => globalThis.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false;

/** Edits of the same thing in quick succession (typing, dragging a slider) are one undo step. */
const MERGE_MS = 1000;
const editKey = (action: Action) => `${action.type}:${"name" in action ? action.name : ""}`;

const isTextField = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

export function App() {
  const [start] = useState(startup);
  const [history, dispatchHistory] = useReducer(reduceHistory, start.history);
  const [linkNotice, setLinkNotice] = useState(start.notice);
  const state = history.present;
  const lesson = exampleById(state.lesson?.example);
  const [lang, setLang] = useState<Lang>(initialLang);
  const [pointed, setPointed] = useState<Selection | null>(null);
  const [playing, setPlaying] = useState(false);
  const [galleryOpen, setGalleryOpen] = useState(false);
  const [shareOpen, setShareOpen] = useState(false);
  /** Attention weights brought from a file: shown instead of the steps until closed. */
  const [imported, setImported] = useState<{ data: ImportedAttention; name: string } | null>(null);
  const presenter = usePresenter();
  /** Exercise answers as typed, per example and step, so that stepping away and back loses nothing. */
  const [answers, setAnswers] = useState<Record<string, string[][]>>({});
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
    dispatchHistory(type === "reset" ? { type, to: createStartState() } : { type });
  }, []);
  const gesture = useCallback((phase: "begin" | "end") => {
    lastEdit.current = { key: "", at: 0 };
    dispatchHistory({ type: phase === "begin" ? "beginGesture" : "endGesture" });
  }, []);

  const built = useBuiltSpec(state);
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
  useDocumentLang(lang, translate(lang, "app.title"));
  useEffect(() => {
    const url = new URL(location.href);
    url.searchParams.set("step", String(state.step));
    // ?example= and #s= have been opened (startup): a reload must not open them again over later edits.
    url.searchParams.delete("example");
    if (/^#s=/u.test(url.hash)) url.hash = "";
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
        if (presenter.on && state.locked === null) presenter.exit();
        dispatch({ type: "unlock" });
        setPointed(null);
        return;
      }
      // Arrows inside a text field or a focused view move the caret or the cell, not the step. PageUp and
      // PageDown (what a presentation clicker sends) move the lesson from anywhere but a text field.
      const page = event.key === "PageDown" || event.key === "PageUp";
      const inView = (event.target as HTMLElement | null)?.closest?.(page ? "dialog" : ".ap-view, dialog");
      if (isTextField(event.target) || inView) return;
      const forward = event.key === "ArrowRight" || event.key === "PageDown";
      const back = event.key === "ArrowLeft" || event.key === "PageUp";
      if (!forward && !back) return;
      event.preventDefault();
      // In a lesson, the keys (and a presentation clicker, which sends PageUp/PageDown) move through its stops.
      if (lesson && state.lesson) {
        const to = state.lesson.stop + (forward ? 1 : -1);
        if (to >= 0 && to < lesson.stops.length) dispatch(stopAction(state, lesson, to));
        else if (to === lesson.stops.length)
          dispatch({ type: "setLesson", lesson: { example: lesson.id, stop: to } });
        return;
      }
      dispatch({ type: "setStep", step: state.step + (forward ? 1 : -1) });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [dispatch, travel, state, lesson, presenter]);

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
  const stop = lesson && state.lesson ? lesson.stops[state.lesson.stop] : undefined;
  const compare = stop?.compare;
  // Presenter mode lays the views out narrower and zooms the figure to fill the projected screen.
  const figure = usePresenterFigure(
    presenter.on,
    `${state.lesson?.example}:${state.lesson?.stop}:${state.step}:${state.head}:${lang}`,
    state.locked,
  );
  const viewWidth = presenter.on && figure.fit.width > 0 ? figure.fit.width : width;
  const answerKey = `${state.lesson?.example ?? "own"}:${state.step}`;
  const exercising =
    state.exercise &&
    trace !== undefined &&
    QUANTITY_OF_STEP[state.step] !== undefined &&
    exerciseFits(trace);
  const t = (key: MessageKey, params?: MessageParams) => translate(lang, key, params);
  // Each problem carries its message id and parameters: said in the page's language, not as its English text.
  const problems = [...built.errors, ...(error ? [error] : [])];

  return (
    <LangContext.Provider value={lang}>
      <div
        className={presenter.on ? "ap-app ap-presenter" : "ap-app"}
        data-presenter={presenter.on || undefined}
      >
        {presenter.on && <Spotlight />}
        <Header
          onExamples={() => setGalleryOpen(true)}
          onShare={() => setShareOpen(true)}
          presenter={presenter.on}
          onPresenter={presenter.toggle}
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
            <ImportPanel onImported={(data, name) => setImported({ data, name })} />
          </aside>
          <main className="ap-stage">
            {linkNotice && (
              <p className="ap-notice" role="status" data-testid="link-notice">
                {t(linkNotice.key, linkNotice.params)}{" "}
                <button
                  type="button"
                  className="ap-button"
                  onClick={() => setLinkNotice(undefined)}
                  aria-label={t("examples.close")}
                >
                  ×
                </button>
              </p>
            )}
            {imported ? (
              <ImportedView
                data={imported.data}
                name={imported.name}
                width={viewWidth}
                palette={state.palette}
                tables={state.showTables}
                onClose={() => setImported(null)}
              />
            ) : (
              <>
                <StepNav step={state.step} playing={playing} onPlay={setPlaying} dispatch={dispatch} />
                {problems.length > 0 && (
                  <div className="ap-errors" role="alert" data-testid="errors">
                    <strong>{t("errors.title")}</strong>
                    <ul>
                      {problems.map((p, i) => (
                        <li key={i}>{say(lang, p)}</li>
                      ))}
                    </ul>
                    {trace && <p>{t("errors.lastGood")}</p>}
                  </div>
                )}
                {lesson && state.lesson && (
                  <LessonPanel
                    example={lesson}
                    stop={state.lesson.stop}
                    state={state}
                    trace={trace}
                    labels={labels}
                    dispatch={dispatch}
                  />
                )}
                {computed?.notices.map((n, i) => (
                  <p key={i} className="ap-notice" role="status">
                    {t("notice.backend", { message: say(lang, n) })}
                  </p>
                ))}
                <article className="ap-step-card" aria-labelledby="ap-step-title" ref={stage}>
                  <header>
                    <p className="ap-step-count">{t("steps.of", { n: state.step, total: STEP_COUNT })}</p>
                    <h2 id="ap-step-title" data-testid="step-title">
                      {t(step.title)}
                    </h2>
                    <p className="ap-step-text">{t(step.text)}</p>
                    <div className="ap-step-formula" tabIndex={0}>
                      <Tex tex={stepFormula(step, t)} display testId="step-formula" />
                    </div>
                    <button
                      type="button"
                      className="ap-button ap-exercise-toggle"
                      aria-pressed={state.exercise}
                      onClick={() => dispatch({ type: "setExercise", exercise: !state.exercise })}
                      data-testid="exercise-toggle"
                    >
                      {state.exercise ? t("exercise.close") : `✎ ${t("exercise.open")}`}
                    </button>
                  </header>
                  {state.exercise && trace && !exercising && (
                    <p className="ap-hint" data-testid="exercise-none">
                      {QUANTITY_OF_STEP[state.step] === undefined
                        ? t("exercise.noStep")
                        : t("exercise.tooBig", { max: EXERCISE_MAX })}
                    </p>
                  )}
                  <PresenterFigure
                    area={figure.area}
                    content={figure.content}
                    zoom={presenter.on ? figure.fit.zoom : undefined}
                    flow={!stop || stop.flow === true}
                  >
                    {exercising && trace && labels ? (
                      <Exercise
                        key={answerKey}
                        trace={trace}
                        step={state.step}
                        head={typeof state.head === "number" ? state.head : 0}
                        queryLabels={labels.queryLabels}
                        keyLabels={labels.keyLabels}
                        answers={answers[answerKey] ?? []}
                        onAnswers={(a) => setAnswers((all) => ({ ...all, [answerKey]: a }))}
                      />
                    ) : trace && labels ? (
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
                        width={viewWidth}
                        palette={state.palette}
                      />
                    ) : (
                      <p className="ap-hint">{pending ? t("backend.computing") : t("status.empty")}</p>
                    )}
                    {compare && (
                      <Compare
                        kind={compare}
                        state={state}
                        width={viewWidth}
                        palette={state.palette}
                        compact={presenter.on}
                      />
                    )}
                  </PresenterFigure>
                </article>
                {!exercising && (
                  <FormulaPanel
                    step={state.step}
                    trace={labels ? trace : undefined}
                    head={state.head}
                    selection={selection}
                    locked={state.locked !== null}
                    queryLabels={labels?.queryLabels ?? []}
                    keyLabels={labels?.keyLabels ?? []}
                  />
                )}
              </>
            )}
          </main>
        </div>
        <ShareDialog
          open={shareOpen}
          onClose={() => setShareOpen(false)}
          state={state}
          lang={lang}
          trace={trace}
          queryLabels={labels?.queryLabels ?? []}
          keyLabels={labels?.keyLabels ?? []}
        />
        <ExampleGallery
          open={galleryOpen}
          onClose={() => setGalleryOpen(false)}
          onOpen={(example) => {
            setGalleryOpen(false);
            setPointed(null);
            dispatch({ type: "load", state: openExample(state, example) });
          }}
        />
      </div>
    </LangContext.Provider>
  );
}
