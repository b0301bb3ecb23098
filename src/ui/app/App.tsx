import { useCallback, useState } from "react";
import "./app.css";
import "../../render/render.css";
import "../classroom/classroom.css";
import "../exchange/exchange.css";
import { FormulaPanel } from "../views/FormulaPanel";
import { Header } from "./Header";
import type { MessageParams } from "../../core/messages";
import { initialLang, LangContext, useDocumentLang, useT } from "./i18n";
import { type Lang } from "../../i18n/lang";
import { type MessageKey, translate, say } from "../../i18n/i18n";
import { InputPanel } from "../inputs/InputPanel";
import { Compare } from "../views/Compare";
import { ExampleGallery } from "../classroom/ExampleGallery";
import { exampleById, openExample } from "../../explorer/examples";
import { Exercise, exerciseFits } from "../classroom/Exercise";
import { EXERCISE_MAX, QUANTITY_OF_STEP } from "../../explorer/exercise";
import { takeHandoff } from "../../explorer/handoff";
import type { ImportedAttention } from "../../core/importAttention";
import { ImportedView } from "../exchange/ImportedView";
import { ImportPanel } from "../exchange/ImportPanel";
import { ShareDialog } from "../exchange/ShareDialog";
import { LessonPanel } from "../classroom/LessonPanel";
import { PresenterFigure, Spotlight, usePresenter, usePresenterFigure } from "../classroom/Presenter";
import { loadSavedWork } from "../../explorer/persist";
import { SettingsPanel } from "../inputs/SettingsPanel";
import { STEP_COUNT } from "../../explorer/state";
import { startup, type Startup } from "../../explorer/startup";
import { StepContent, type Selection } from "../steps/StepContent";
import { StepNav } from "../steps/StepNav";
import type { BuiltSpec } from "../../explorer/spec";
import { qkvGiven, stepFormula, stepInfo } from "../../explorer/steps";
import { likelyNextSpec } from "../../explorer/temperature";
import { Tex } from "../views/Tex";
import { useBuiltSpec } from "./useBuiltSpec";
import { useTrace } from "./useTrace";
import { ViewBoundary } from "./ViewBoundary";
import { useAddress } from "./useAddress";
import { useAutosave } from "./useAutosave";
import { useDocumentTheme } from "./useDocumentTheme";
import { useEditToPaint } from "./useEditToPaint";
import { useExplorerHistory } from "./useExplorerHistory";
import { useKeyboard } from "./useKeyboard";
import { useLater } from "./useLater";
import { usePlay } from "./usePlay";
import { useWidth } from "./useWidth";

/** How long a result may take before the picture on screen is marked as of older inputs. */
const STALE_MARK_MS = 250;

/** What is pointed at when nothing is: one object, so that the views see no change. */
const NOTHING_POINTED: Selection = {};
const NO_LABELS: readonly string[] = [];

/** The job after one more step of the τ slider the way it last moved, for the worker to compute ahead (useTrace). */
function likelyNextJob(previous: BuiltSpec, current: BuiltSpec): BuiltSpec | undefined {
  const spec = previous.spec && current.spec && likelyNextSpec(previous.spec, current.spec);
  return spec ? { ...current, spec } : undefined;
}

/** The page opens on what its address, saved work and another page's handoff say (startup.ts). */
export const arrive = (): Startup => {
  // Read, and kept aside when it cannot be read in full, before the first autosave replaces it.
  const saved = loadSavedWork();
  return startup({
    saved: saved.state,
    savedDamage: saved.damage,
    search: location.search,
    hash: location.hash,
    prefersDark: globalThis.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false,
    lang: initialLang(),
    takeHandoff,
  });
};

/** `start`: what the page opens on, where the page's entry has read it already (mount.tsx). */
export function App({ start: arrived }: { readonly start?: Startup } = {}) {
  const [start] = useState(() => arrived ?? arrive());
  const [lang, setLang] = useState<Lang>(initialLang);
  const { history, dispatch, travel, gesture, sideEffect, dismissSideEffect } = useExplorerHistory(
    start.history,
    lang,
  );
  /** What the page said of how it opened (a link, saved work, the address), each until its × closes it. */
  const [openedNotices, setOpenedNotices] = useState(() =>
    (
      [
        ["link-notice", start.notice],
        ["saved-notice", start.savedNotice],
        ["address-notice", start.addressNotice],
      ] as const
    ).flatMap(([testId, notice]) => (notice ? [{ testId, notice }] : [])),
  );
  const state = history.present;
  const lesson = exampleById(state.lesson?.example);
  const [pointed, setPointed] = useState<Selection | null>(null);
  const [galleryOpen, setGalleryOpen] = useState(false);
  const [shareOpen, setShareOpen] = useState(false);
  /** Attention weights brought from a file: shown instead of the steps until closed. */
  const [imported, setImported] = useState<{ data: ImportedAttention; name: string } | null>(null);
  const presenter = usePresenter();
  /** Exercise answers as typed, per example and step, so that stepping away and back loses nothing. */
  const [answers, setAnswers] = useState<Record<string, string[][]>>({});
  const [playing, setPlaying] = usePlay(state.step, dispatch);

  const built = useBuiltSpec(state);
  const job = built.spec && built.errors.length === 0 ? built : undefined;
  const { computed, pending, stale, error } = useTrace(job, state.backend, likelyNextJob);
  // Marked only when the new result is slow to come: while τ is scrubbed most results come within 0.1 s.
  const staleShown = useLater(stale, STALE_MARK_MS);
  // The header's spinner likewise: a spinner that came and went at every step of a scrub would only flicker.
  const pendingShown = useLater(pending, STALE_MARK_MS);

  useAutosave(state);
  useDocumentTheme(state.theme);
  useDocumentLang(lang, translate(lang, "app.title"));
  useAddress(state.step);
  useEditToPaint(job, computed);
  const release = useCallback(() => {
    if (presenter.on && state.locked === null) presenter.exit();
    dispatch({ type: "unlock" });
    setPointed(null);
  }, [presenter, state.locked, dispatch]);
  useKeyboard({ state, lesson, dispatch, travel, release });
  const pick = useCallback(
    (s: Selection | null) =>
      s && s.query !== undefined
        ? dispatch({ type: "lock", query: s.query, key: s.key ?? 0 })
        : dispatch({ type: "unlock" }),
    [dispatch],
  );
  const showImported = useCallback(
    (data: ImportedAttention, name: string) => setImported({ data, name }),
    [],
  );
  // Views are sized to the step card's content box, the room they really have.
  const [stage, width, measured] = useWidth<HTMLElement>();

  // The labels that belong to the trace on screen, which may be older than the inputs (the last good result).
  const trace = computed?.trace;
  const labels = computed?.job;
  const selection: Selection = state.locked ?? pointed ?? NOTHING_POINTED;
  // Q, K and V given, not made from a sequence: as the views on screen show them (the last good result's).
  const given = trace ? qkvGiven(trace) : state.input === "matrices";
  // Steps 3, 4 and 6 write Q·Kᵀ, √d_k and a softmax only where the trace on screen has them.
  const score = trace?.score ?? state.score;
  const mode = trace?.mode ?? state.mode;
  const step = stepInfo(state.step, given, { score, mode });
  const stop = lesson && state.lesson ? lesson.stops[state.lesson.stop] : undefined;
  const compare = stop?.compare;
  // Presenter mode lays the views out narrower and zooms the figure to fill the projected screen. A figure
  // fitted while it said "computing" starts again from the widest layout when the views come: fitted as they
  // were, the views of pronoun-zh's first stop were first drawn 4× (a 2,040 px heatmap) to be narrowed twice.
  const figure = usePresenterFigure(
    presenter.on,
    `${state.lesson?.example}:${state.lesson?.stop}:${state.step}:${state.head}:${lang}:${trace ? "views" : "words"}`,
    state.locked,
    stop?.panel !== true,
  );
  const viewWidth = presenter.on && figure.fit.width > 0 ? figure.fit.width : width;
  // The views are built once the width they are laid out in is known; in presenter mode that is the fit's,
  // once the figure's area is measured (the stage itself has no width there: it gives its parts to a grid).
  // Built before, they were built twice, the first time as a heatmap in no width.
  const widthKnown = presenter.on ? figure.fit.width > 0 : measured;
  const answerKey = `${state.lesson?.example ?? "own"}:${state.step}`;
  const computable = QUANTITY_OF_STEP[state.step] !== undefined;
  const exercising = state.exercise && computable && trace !== undefined && exerciseFits(trace);
  const t = (key: MessageKey, params?: MessageParams) => translate(lang, key, params);
  // A view that throws while drawing shows this instead, until the next edit or result draws again.
  const drawnKey = `${identity(state)}:${identity(trace)}:${lang}`;
  const viewFailed = (message: string) => (
    <p className="ap-errors" role="alert" data-testid="view-error">
      {t("errors.view", { message })}
    </p>
  );
  // Each problem carries its message id and parameters: said in the page's language, not as its English text.
  const problems = [...built.errors, ...(error ? [error] : [])];

  return (
    <LangContext.Provider value={lang}>
      <div
        className={presenter.on ? "ap-app ap-presenter" : "ap-app"}
        data-lesson={state.lesson?.example}
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
          pending={pendingShown}
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
            <ImportPanel onImported={showImported} />
          </aside>
          <main className="ap-stage">
            {openedNotices.map(({ testId, notice }) => (
              <Notice
                key={testId}
                notice={notice}
                testId={testId}
                onClose={() => setOpenedNotices((shown) => shown.filter((n) => n.testId !== testId))}
              />
            ))}
            {sideEffect && <Notice notice={sideEffect} testId="side-effect" onClose={dismissSideEffect} />}
            {imported ? (
              <ImportedView
                data={imported.data}
                name={imported.name}
                width={viewWidth}
                palette={state.palette}
                scaleBy={state.weightScale}
                tables={state.showTables}
                onClose={() => setImported(null)}
              />
            ) : (
              <>
                <StepNav
                  step={state.step}
                  given={given}
                  settings={{ score, mode }}
                  playing={playing}
                  onPlay={setPlaying}
                  dispatch={dispatch}
                />
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
                  <ViewBoundary resetKey={drawnKey} fallback={viewFailed}>
                    <LessonPanel
                      example={lesson}
                      stop={state.lesson.stop}
                      state={state}
                      // A stop's numbers are read from its own example's trace, never from the last good
                      // result of other inputs (Reset from one's own work: a 6-token trace for an 11-token
                      // lesson); the text waits for the new trace instead.
                      trace={stale ? undefined : trace}
                      labels={stale ? undefined : labels}
                      dispatch={dispatch}
                    />
                  </ViewBoundary>
                )}
                {computed?.notices.map((n, i) => (
                  <p key={i} className="ap-notice" role="status">
                    {t("notice.backend", { message: say(lang, n) })}
                  </p>
                ))}
                <article
                  className={staleShown ? "ap-step-card ap-stale" : "ap-step-card"}
                  aria-labelledby="ap-step-title"
                  aria-busy={stale}
                  ref={stage}
                >
                  {/* The picture is of the inputs before the last edit until the new result comes. */}
                  {staleShown && (
                    <p className="ap-stale-note" role="status" data-testid="stale">
                      {t("backend.computing")}
                    </p>
                  )}
                  <header>
                    <p className="ap-step-count">{t("steps.of", { n: state.step, total: STEP_COUNT })}</p>
                    <h2 id="ap-step-title" data-testid="step-title">
                      {t(step.title)}
                    </h2>
                    <p className="ap-step-text">{t(step.text)}</p>
                    <div className="ap-step-formula" tabIndex={0}>
                      <Tex tex={stepFormula(step, t)} layout="display" testId="step-formula" />
                    </div>
                    {/* Only steps 3–7 have numbers to work out by hand. */}
                    {computable && (
                      <button
                        type="button"
                        className="ap-button ap-exercise-toggle"
                        aria-pressed={state.exercise}
                        onClick={() => dispatch({ type: "setExercise", exercise: !state.exercise })}
                        data-testid="exercise-toggle"
                      >
                        {state.exercise ? t("exercise.close") : `✎ ${t("exercise.open")}`}
                      </button>
                    )}
                  </header>
                  {state.exercise && computable && trace && !exercising && (
                    <p className="ap-hint" data-testid="exercise-none">
                      {t("exercise.tooBig", { max: EXERCISE_MAX })}
                    </p>
                  )}
                  <PresenterFigure
                    area={figure.area}
                    content={figure.content}
                    fit={presenter.on ? figure.fit : undefined}
                    flow={!stop || stop.flow === true}
                    panel={stop?.panel === true}
                  >
                    <ViewBoundary resetKey={drawnKey} fallback={viewFailed}>
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
                        // Built once their width is known: until then nothing, not words of an empty input.
                        widthKnown && (
                          <StepContent
                            // Views read the theme's colours when they are built: rebuild them when it changes.
                            key={state.theme}
                            state={state}
                            trace={trace}
                            queryLabels={labels.queryLabels}
                            keyLabels={labels.keyLabels}
                            selection={selection}
                            onPoint={setPointed}
                            onPick={pick}
                            dispatch={dispatch}
                            width={viewWidth}
                            palette={state.palette}
                          />
                        )
                      ) : (
                        <p className="ap-hint">
                          {pending
                            ? t("backend.computing")
                            : t(problems.length > 0 ? "status.fixFirst" : "status.empty")}
                        </p>
                      )}
                      {compare && widthKnown && (
                        <Compare
                          kind={compare}
                          state={state}
                          width={viewWidth}
                          palette={state.palette}
                          compact={presenter.on}
                        />
                      )}
                    </ViewBoundary>
                  </PresenterFigure>
                </article>
                {!exercising && (
                  <FormulaPanel
                    step={state.step}
                    trace={labels ? trace : undefined}
                    head={state.head}
                    selection={selection}
                    locked={state.locked !== null}
                    queryLabels={labels?.queryLabels ?? NO_LABELS}
                    keyLabels={labels?.keyLabels ?? NO_LABELS}
                    onRelease={release}
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

const identities = new WeakMap<object, number>();
let lastIdentity = 0;
/** A number for an object, the same as long as the object lives: what a key is made of. */
function identity(value: object | undefined): number {
  if (!value) return 0;
  let id = identities.get(value);
  if (id === undefined) identities.set(value, (id = ++lastIdentity));
  return id;
}

/** A notice above the step (a link opened, a damaged save kept, an edit's side effect) that its × closes. */
function Notice({
  notice,
  testId,
  onClose,
}: {
  readonly notice: { readonly key: MessageKey; readonly params?: MessageParams };
  readonly testId: string;
  onClose(): void;
}) {
  const t = useT();
  return (
    <p className="ap-notice" role="status" data-testid={testId}>
      {t(notice.key, notice.params)}{" "}
      <button type="button" className="ap-button" onClick={onClose} aria-label={t("examples.close")}>
        ×
      </button>
    </p>
  );
}
