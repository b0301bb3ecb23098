import { useEffect, useMemo, useRef, useState } from "react";
import { TASK_NAMES, TASKS, type TaskName } from "../../models/tasks";
import { BACKEND_ORDER, type BackendName } from "../../engine/backends";
import { lineChart, type Series } from "../../render/lineChart";
import { useT } from "../app/i18n";
import { SelectField } from "../inputs/SelectField";
import { AttentionBlocks } from "./AttentionBlocks";
import { useFigureZoom } from "./figureZoom";
import { useTraining } from "./useTraining";

interface Settings {
  readonly task: TaskName;
  readonly dModel: number;
  readonly layers: number;
  readonly heads: number;
  readonly ffn: boolean;
  readonly learningRate: string;
  readonly batchSize: number;
  readonly backend: BackendName;
  readonly seed: string;
}

/** The shipped recipe's sizes, except 1 layer where the task allows it, so that a first run is quick. */
const DEFAULTS: Settings = {
  task: "reverse",
  dModel: 32,
  layers: 2,
  heads: 2,
  ffn: true,
  learningRate: "0.003",
  batchSize: 64,
  // wasm is the fastest backend for models this small on every machine measured (README, Benchmarks).
  backend: "wasm",
  seed: "1",
};

const rateOf = (text: string) => {
  const x = Number(text);
  return Number.isFinite(x) && x >= 1e-5 && x <= 0.1 ? x : undefined;
};

/**
 * An SVG chart rebuilt when its data change (the render layer's lineChart), `width` px wide on the screen: laid
 * out in `width` ÷ `zoom` and shown enlarged by `zoom`, so that its ticks and titles grow on a projector.
 */
function ChartView({
  series,
  zoom,
  ...options
}: { series: readonly Series[]; zoom: number; width: number } & Parameters<typeof lineChart>[1]) {
  const host = useRef<HTMLDivElement>(null);
  const { height, yScale, xDomain, yDomain, xLabel, yLabel, ariaLabel } = options;
  const width = Math.floor(options.width / zoom);
  useEffect(() => {
    host.current?.replaceChildren(
      lineChart(series, { width, height, yScale, xDomain, yDomain, xLabel, yLabel, ariaLabel }),
    );
  }, [series, width, height, yScale, xDomain, yDomain, xLabel, yLabel, ariaLabel]);
  return <div ref={host} className="ap-chart" style={{ zoom }} />;
}

const ACCURACY_DOMAIN = [0, 1] as const;
const LOSS_WINDOW = 20;

/** [x, mean of the last `window` y values] at every point. */
function runningMean(points: readonly (readonly [number, number])[], window: number): [number, number][] {
  let sum = 0;
  return points.map(([x, y], i) => {
    sum += y - (i >= window ? points[i - window]![1] : 0);
    return [x, sum / Math.min(i + 1, window)];
  });
}

/** `<option>`s for a numeric select. */
function numberOptions(ns: readonly number[]) {
  return ns.map((n) => (
    <option key={n} value={n}>
      {n}
    </option>
  ));
}

/** Train a fresh model in the browser, in a worker, and watch its attention form. */
export function TrainView({ theme }: { theme: string }) {
  const t = useT();
  const [settings, setSettings] = useState<Settings>(DEFAULTS);
  const { state, start, pause, resume, reset, setLearningRate } = useTraining();
  const [viewed, setViewed] = useState<number | "latest">("latest");
  // The task of the run on screen, which the settings may have moved on from.
  const [runTask, setRunTask] = useState<TaskName>(DEFAULTS.task);
  const set = (patch: Partial<Settings>) => setSettings((s) => ({ ...s, ...patch }));
  const rate = rateOf(settings.learningRate);
  const seed = Number(settings.seed);
  const seedOk = Number.isInteger(seed);
  const headsOk = settings.dModel % settings.heads === 0;
  const valid = !!rate && seedOk && headsOk;

  const begin = () => {
    if (!valid) return;
    setViewed("latest");
    setRunTask(settings.task);
    start({
      config: {
        task: settings.task,
        dModel: settings.dModel,
        heads: settings.heads,
        layers: settings.layers,
        ffn: settings.ffn ? 4 * settings.dModel : 0,
        maxPositions: 18,
      },
      backend: settings.backend,
      learningRate: rate,
      batchSize: settings.batchSize,
      seed,
    });
  };

  const chartsHost = useRef<HTMLDivElement>(null);
  const zoom = useFigureZoom();
  const [chartWidth, setChartWidth] = useState(420);
  useEffect(() => {
    const element = chartsHost.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const w = entry?.contentRect.width ?? 840;
      // The gap between the two charts is 1 rem, which a large screen makes more than 16 px (app.css): with
      // 16 taken for it, the second chart wrapped under the first at 1920 × 1080.
      const gap = parseFloat(getComputedStyle(element).columnGap) || 16;
      setChartWidth(Math.floor(w >= 700 ? (w - gap) / 2 : w));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Each batch has its own length, so single steps' losses jump: the trend is their running mean.
  const smoothed = useMemo(() => runningMean(state.loss, LOSS_WINDOW), [state.loss]);
  // The charts rebuild when their series or domain change identity: keep them across other renders.
  const lossSeries = useMemo<readonly Series[]>(
    () => [
      { name: t("train.loss"), points: state.loss, faint: true },
      { name: t("train.lossMean", { n: LOSS_WINDOW }), points: smoothed },
    ],
    [t, state.loss, smoothed],
  );
  const accuracySeries = useMemo<readonly Series[]>(
    () => [
      { name: t("train.exact"), points: state.exact },
      { name: t("train.tokens"), points: state.tokens },
    ],
    [t, state.exact, state.tokens],
  );
  const lastStep = Math.max(1, state.step);
  const xDomain = useMemo(() => [0, lastStep] as const, [lastStep]);
  const snapshots = state.snapshots;
  const index = viewed === "latest" ? snapshots.length - 1 : Math.min(viewed, snapshots.length - 1);
  const snapshot = snapshots[index];
  const task = TASKS[runTask];
  const busy = state.phase === "running" || state.phase === "starting";
  const status =
    state.phase === "idle"
      ? t("train.status.idle")
      : state.phase === "starting"
        ? t("train.status.starting", { backend: state.backend ?? "" })
        : state.phase === "failed"
          ? t("train.status.failed", { backend: state.backend ?? "", reason: state.failure ?? "" })
          : state.phase === "running"
            ? t("train.status.running", {
                backend: state.backend ?? "",
                step: state.step,
                rate: state.stepsPerSecond.toFixed(1),
              })
            : t("train.status.paused", { backend: state.backend ?? "", step: state.step });

  return (
    <div className="ap-models-main">
      <section className="ap-panel" aria-labelledby="ap-train-settings">
        <h2 id="ap-train-settings">{t("train.settings")}</h2>
        <div className="ap-train-grid">
          <SelectField
            label={t("task.label")}
            value={settings.task}
            onChange={(v) => set({ task: v as TaskName })}
            testId="train-task"
          >
            {TASK_NAMES.map((name) => (
              <option key={name} value={name}>
                {t(`task.${name}`)}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t("train.dModel")}
            value={String(settings.dModel)}
            onChange={(v) => set({ dModel: Number(v) })}
            testId="train-dmodel"
          >
            {numberOptions([16, 32, 64])}
          </SelectField>
          <SelectField
            label={t("train.layers")}
            value={String(settings.layers)}
            onChange={(v) => set({ layers: Number(v) })}
            testId="train-layers"
          >
            {numberOptions([1, 2])}
          </SelectField>
          <SelectField
            label={t("train.heads")}
            value={String(settings.heads)}
            onChange={(v) => set({ heads: Number(v) })}
            testId="train-heads"
          >
            {numberOptions([1, 2, 4])}
          </SelectField>
          <SelectField
            label={t("train.ffn")}
            value={settings.ffn ? "yes" : "no"}
            onChange={(v) => set({ ffn: v === "yes" })}
            testId="train-ffn"
          >
            <option value="yes">{t("train.ffnOn")}</option>
            <option value="no">{t("train.ffnOff")}</option>
          </SelectField>
          <SelectField
            label={t("train.batch")}
            value={String(settings.batchSize)}
            onChange={(v) => set({ batchSize: Number(v) })}
            testId="train-batch"
          >
            {numberOptions([16, 32, 64, 128])}
          </SelectField>
          <SelectField
            label={t("train.backend")}
            value={settings.backend}
            onChange={(v) => set({ backend: v as BackendName })}
            testId="train-backend"
          >
            {BACKEND_ORDER.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </SelectField>
          <label className="ap-field">
            <span>{t("train.learningRate")}</span>
            <input
              type="text"
              inputMode="decimal"
              value={settings.learningRate}
              aria-invalid={!rate}
              data-testid="train-rate"
              onChange={(e) => {
                const text = e.currentTarget.value;
                set({ learningRate: text });
                const next = rateOf(text);
                if (next) setLearningRate(next);
              }}
            />
          </label>
          <label className="ap-field">
            <span>{t("train.seed")}</span>
            <input
              type="text"
              inputMode="numeric"
              value={settings.seed}
              aria-invalid={!seedOk}
              data-testid="train-seed"
              onChange={(e) => set({ seed: e.currentTarget.value })}
            />
          </label>
        </div>
        {!valid && (
          <ul className="ap-errors" role="alert" data-testid="train-errors">
            {!rate && <li>{t("train.invalidRate", { value: settings.learningRate })}</li>}
            {!seedOk && <li>{t("train.invalidSeed", { value: settings.seed })}</li>}
            {!headsOk && <li>{t("train.invalidHeads", { d: settings.dModel, heads: settings.heads })}</li>}
          </ul>
        )}
        <p className="ap-hint">{t("train.sizeNote")}</p>
        <div className="ap-train-buttons">
          <button
            type="button"
            className="ap-button ap-primary"
            onClick={begin}
            disabled={!valid}
            data-testid="train-start"
          >
            {t("train.start")}
          </button>
          <button
            type="button"
            className="ap-button"
            onClick={state.phase === "running" ? pause : resume}
            disabled={state.phase !== "running" && state.phase !== "paused"}
            data-testid="train-pause"
          >
            {state.phase === "paused" ? t("train.resume") : t("train.pause")}
          </button>
          <button
            type="button"
            className="ap-button"
            onClick={reset}
            disabled={state.phase === "idle"}
            data-testid="train-reset"
          >
            {t("train.reset")}
          </button>
        </div>
        <p
          className="ap-train-status"
          role="status"
          data-testid="train-status"
          data-phase={state.phase}
          data-step={state.step}
          data-rate={state.stepsPerSecond.toFixed(2)}
        >
          {busy && <span className="ap-spinner" aria-hidden="true" />} {status}
        </p>
        {state.error && (
          <p className="ap-errors" role="alert">
            {t("train.error", { message: state.error })}
          </p>
        )}
      </section>

      <section className="ap-panel ap-train-charts" ref={chartsHost}>
        <ChartView
          key={`loss-${theme}`}
          series={lossSeries}
          width={chartWidth}
          zoom={zoom}
          height={220}
          yScale="log"
          xDomain={xDomain}
          xLabel={t("train.step")}
          yLabel={t("train.loss")}
          ariaLabel={t("train.loss")}
        />
        <ChartView
          key={`accuracy-${theme}`}
          series={accuracySeries}
          width={chartWidth}
          zoom={zoom}
          height={220}
          xDomain={xDomain}
          yDomain={ACCURACY_DOMAIN}
          xLabel={t("train.step")}
          yLabel={t("train.accuracy")}
          ariaLabel={t("train.accuracy")}
        />
      </section>

      <section className="ap-panel" aria-labelledby="ap-train-probe">
        <h2 id="ap-train-probe">
          <ProbeTitle
            words={t("train.probe", { probe: PROBE_MARK })}
            probe={task.probe.join(task.split === "words" ? " " : "")}
          />
        </h2>
        {snapshot ? (
          <>
            <div className="ap-train-history">
              <label className="ap-field ap-field-wide">
                <span>{t("train.history")}</span>
                <input
                  type="range"
                  min={0}
                  max={snapshots.length - 1}
                  value={index}
                  data-testid="train-history"
                  onChange={(e) => {
                    const i = Number(e.currentTarget.value);
                    setViewed(i === snapshots.length - 1 ? "latest" : i);
                  }}
                />
              </label>
              <label className="ap-check">
                <input
                  type="checkbox"
                  checked={viewed === "latest"}
                  onChange={(e) => setViewed(e.currentTarget.checked ? "latest" : index)}
                />
                {t("train.follow")}
              </label>
            </div>
            <p className="ap-hint" data-testid="train-snapshot">
              {t("train.at", {
                step: snapshot.step,
                output: snapshot.output.join(task.split === "words" ? " " : ""),
              })}
            </p>
            <AttentionBlocks key={theme} blocks={snapshot.blocks} testId="train-attention" />
          </>
        ) : (
          <p className="ap-hint">{t("train.noProbe")}</p>
        )}
      </section>
    </div>
  );
}

/** Where the probe input goes in its title's message: the rest is translated, the probe shown as it is. */
const PROBE_MARK = "\u0000";

/** A panel's title is set in capitals (app.css); the probe's tokens inside it keep their own case. */
function ProbeTitle({ words, probe }: { readonly words: string; readonly probe: string }) {
  const [before, after] = words.split(PROBE_MARK);
  return (
    <>
      {before}
      <span className="ap-verbatim">{probe}</span>
      {after}
    </>
  );
}
