import { useEffect, useMemo, useState } from "react";
import { clipped, counted } from "../../core/messages";
import {
  maybeTaskInput,
  scoredPositions,
  TASK_NAMES,
  TASKS,
  type InputProblem,
  type TaskName,
} from "../../models/tasks";
import { inductionScores } from "../../models/headScores";
import { predict, type BlockAttention, type Prediction } from "../../models/tf/predict";
import { handOff } from "../../explorer/handoff";
import { useT } from "../app/i18n";
import { type Translate } from "../../i18n/i18n";
import { SelectField } from "../inputs/SelectField";
import { touchOnly } from "../views/FormulaPanel";
import { AttentionBlocks } from "./AttentionBlocks";
import { blockState } from "./blockState";
import type { Shipped } from "./useShippedModels";

/** What a person may type, in their language. */
export function inputHint(t: Translate, task: TaskName): string {
  const { allowed, minLength: min, maxLength: max, sample } = TASKS[task];
  const list = allowed.join(" ");
  if (task === "translate") return t("input.words", { min, max, allowed: list });
  if (task === "induction") return t("input.induction", { min, max, allowed: list, sample });
  return t("input.characters", { min, max, allowed: list });
}

export function problemMessage(t: Translate, problem: InputProblem): string {
  switch (problem.code) {
    case "empty":
      return t("error.empty");
    case "unknown":
      return t("error.unknown", {
        // A token of 1,000 letters, quoted whole, made the page 10,000 px wide.
        token: clipped(problem.token),
        position: problem.position + 1,
        allowed: problem.allowed.join(" "),
      });
    case "length":
      return t("error.length", {
        ...problem,
        length: counted(problem.length, "count.token", "count.tokens"),
      });
  }
}

const percent = (x: number | undefined) => (x === undefined ? "–" : `${(x * 100).toFixed(2)}%`);

interface ModelViewProps {
  readonly models: Record<TaskName, Shipped>;
  readonly task: TaskName;
  readonly onTask: (task: TaskName) => void;
  readonly explorerUrl: string;
  /** Views read the theme's colours when they are built: they are rebuilt when it changes. */
  readonly theme: string;
}

/** A shipped model: type an input, see its output and every layer's and head's real attention. */
export function ModelView({ models, task, onTask, explorerUrl, theme }: ModelViewProps) {
  const t = useT();
  const [texts, setTexts] = useState<Record<TaskName, string>>(
    () =>
      Object.fromEntries(TASK_NAMES.map((name) => [name, TASKS[name].sample])) as Record<TaskName, string>,
  );
  const text = texts[task];
  const parsed = useMemo(() => maybeTaskInput(TASKS[task], text), [task, text]);
  const model = models[task];
  const [result, setResult] = useState<{ task: TaskName; prediction: Prediction } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (model.status !== "ready" || !parsed.ok) return;
    let live = true;
    predict(model.params, model.file.config, parsed.value).then(
      (prediction) => {
        if (!live) return;
        setResult({ task, prediction });
        setFailure(null);
      },
      (error: unknown) => live && setFailure(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      live = false;
    };
  }, [model, parsed, task]);

  // The last good prediction of this task stays on screen while the input is being fixed.
  const prediction = result?.task === task ? result.prediction : undefined;
  const answer = prediction ? TASKS[task].answer(prediction.input) : undefined;
  // Only what a rule can know is marked: in a repeat, the first copy's next letters cannot be known.
  const scored = prediction ? new Set(scoredPositions(task, prediction.input)) : new Set<number>();
  const wrong =
    prediction && answer ? prediction.output.filter((x, i) => scored.has(i) && x !== answer[i]).length : 0;
  const config = model.status === "ready" ? model.file.config : undefined;
  const paramCount =
    model.status === "ready" ? Object.values(model.file.weights).reduce((n, w) => n + w.data.length, 0) : 0;

  // The induction model's heads, scored: where a previous-token head and an induction head would look.
  const scores = useMemo(
    () =>
      task === "induction" && prediction
        ? prediction.blocks.map((b) => inductionScores(b.weights, prediction.input))
        : undefined,
    [task, prediction],
  );
  const caption = (b: number, h: number) => {
    const s = scores?.[b];
    return s
      ? t("block.inductionScores", {
          previous: s.previousToken[h]!.toFixed(2),
          induction: s.induction[h]!.toFixed(2),
        })
      : undefined;
  };

  const open = (block: BlockAttention) => {
    if (!config) return;
    handOff(blockState(block, config.heads));
    location.assign(explorerUrl);
  };

  return (
    <div className="ap-models-main">
      <section className="ap-panel" aria-labelledby="ap-model-input">
        <h2 id="ap-model-input">{t("input.label")}</h2>
        <SelectField
          label={t("task.label")}
          value={task}
          onChange={(v) => onTask(v as TaskName)}
          testId="task"
          wide
        >
          {TASK_NAMES.map((name) => (
            <option key={name} value={name}>
              {t(`task.${name}`)}
            </option>
          ))}
        </SelectField>
        <p className="ap-task-text">{t(`task.${task}.text`)}</p>
        <label className="ap-field ap-field-wide">
          <span>{inputHint(t, task)}</span>
          <input
            type="text"
            value={text}
            spellCheck={false}
            autoComplete="off"
            data-testid="model-input"
            aria-invalid={!parsed.ok}
            onChange={(e) => {
              // Read now: React clears currentTarget before a state updater runs.
              const value = e.currentTarget.value;
              setTexts((all) => ({ ...all, [task]: value }));
            }}
          />
        </label>
        {!parsed.ok && (
          <p className="ap-errors" role="alert" data-testid="input-error">
            {problemMessage(t, parsed.error)}
          </p>
        )}
        {model.status === "loading" && <p className="ap-hint">{t("model.loading")}</p>}
        {model.status === "failed" && (
          <p className="ap-errors" role="alert">
            {t("model.loadFailed", { task, message: model.message })}
          </p>
        )}
        {failure && (
          <p className="ap-errors" role="alert">
            {failure}
          </p>
        )}
        {config && model.status === "ready" && (
          <p className="ap-hint" data-testid="model-info">
            {t("model.info", {
              layers: config.layers,
              heads: config.heads,
              d: config.dModel,
              params: paramCount.toLocaleString(),
              steps: model.file.training?.steps ?? "–",
              exact: percent(model.file.evaluation?.exactAccuracy),
            })}
          </p>
        )}
      </section>

      {prediction && (
        <section className="ap-panel" aria-labelledby="ap-model-output">
          <h2 id="ap-model-output">{t("prediction.label")}</h2>
          {task === "induction" && <p className="ap-hint">{t("prediction.nextToken")}</p>}
          <TokenRow tokens={prediction.input} testId="prediction-input" />
          <TokenRow tokens={prediction.output} answer={answer} scored={scored} testId="prediction-output" />
          {answer ? (
            <p className="ap-hint" data-testid="prediction-verdict">
              {t("prediction.expected")}: <span className="ap-tokens-inline">{answer.join(" ")}</span> ·{" "}
              <strong className={wrong === 0 ? "ap-right" : "ap-wrong"}>
                {wrong === 0 ? t("prediction.right") : t("prediction.wrong", { n: wrong })}
              </strong>
            </p>
          ) : (
            <p className="ap-hint" data-testid="prediction-verdict">
              {t("prediction.none")}
            </p>
          )}
        </section>
      )}

      {prediction && (
        <section className="ap-panel" aria-labelledby="ap-model-attention">
          <h2 id="ap-model-attention">{t("attention.title")}</h2>
          <p className="ap-hint">{t(touchOnly() ? "attention.hintTap" : "attention.hint")}</p>
          {task !== "induction" && (
            <p className="ap-hint">
              {t("attention.sequence", { tokens: (prediction.blocks.at(-1)?.queryTokens ?? []).join(" ") })}
            </p>
          )}
          <AttentionBlocks
            key={theme}
            blocks={prediction.blocks}
            formula
            caption={caption}
            onOpen={open}
            testId="model-attention"
          />
        </section>
      )}
    </div>
  );
}

interface TokenRowProps {
  readonly tokens: readonly string[];
  readonly answer?: readonly string[];
  /** The positions that are marked right or wrong. */
  readonly scored?: ReadonlySet<number>;
  readonly testId: string;
}

/** Tokens as chips; with an answer, each scored one is marked right or wrong. */
function TokenRow({ tokens, answer, scored, testId }: TokenRowProps) {
  const mark = (token: string, i: number) =>
    !answer || !scored?.has(i) ? "ap-token" : answer[i] === token ? "ap-token ap-right" : "ap-token ap-wrong";
  return (
    <ol className="ap-token-row" data-testid={testId}>
      {tokens.map((token, i) => (
        <li key={i} className={mark(token, i)}>
          {token}
        </li>
      ))}
    </ol>
  );
}
