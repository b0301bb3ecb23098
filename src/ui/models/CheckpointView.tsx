import { useEffect, useMemo, useRef, useState } from "react";
import type { AttentionInputError } from "../../core/errors";
import { counted, listed } from "../../core/messages";
import { BACKEND_ORDER, initBackend, type BackendName } from "../../engine/backends";
import { handOff } from "../../explorer/handoff";
import {
  fileSize,
  loadCheckpointFiles,
  MAX_CHECKPOINT_BYTES,
  type LoadedCheckpoint,
} from "../../models/checkpoint/load";
import { maybeCheckpointTokens } from "../../models/checkpoint/text";
import { parameterCount } from "../../models/checkpoint/weights";
import { maybeLmMetrics, type LmMetrics } from "../../models/lm/metrics";
import { LM_NAMES, type LmName } from "../../models/lm/recipes";
import {
  createCheckpointModel,
  disposeCheckpointModel,
  runCheckpoint,
  type CheckpointModel,
  type CheckpointRun,
} from "../../models/tf/checkpoint";
import type { BlockAttention } from "../../models/tf/predict";
import { useSay, useT } from "../app/i18n";
import { SelectField } from "../inputs/SelectField";
import { touchOnly } from "../views/FormulaPanel";
import { AttentionBlocks } from "./AttentionBlocks";
import { RoleTable } from "./RoleTable";
import { blockState } from "./blockState";

interface CheckpointViewProps {
  readonly explorerUrl: string;
  readonly theme: "light" | "dark";
}

/** A loaded checkpoint on one backend: its weights are uploaded once and freed when another replaces it. */
interface Ready {
  readonly loaded: LoadedCheckpoint;
  readonly model: CheckpointModel;
  readonly backend: BackendName;
  readonly name: string;
  /** One of the built-in models, with its measured head roles. */
  readonly builtIn?: { readonly name: LmName; readonly metrics: LmMetrics | undefined };
}

/** What was opened last, so a change of backend opens it again. */
interface Opened {
  readonly files: readonly File[];
  readonly builtIn?: Ready["builtIn"];
}

const BUILT_IN_FILES = ["config.json", "model.safetensors", "tokenizer.json"] as const;

interface Result {
  readonly run: CheckpointRun;
  readonly labels: readonly string[];
  /** The next token after the last one: the most likely ten, with their probabilities. */
  readonly top: readonly { readonly id: number; readonly label: string; readonly p: number }[];
}

/** softmax of the last row of logits, top k, computed in float64 from the engine's float32 logits. */
function topNext(run: CheckpointRun, vocab: number, label: (id: number) => string, k = 10): Result["top"] {
  const rows = run.logits.length / vocab;
  const last = run.logits.subarray((rows - 1) * vocab, rows * vocab);
  let max = -Infinity;
  for (const x of last) max = Math.max(max, x);
  let sum = 0;
  for (const x of last) sum += Math.exp(x - max);
  return Array.from(last, (x, id) => ({ id, p: Math.exp(x - max) / sum }))
    .sort((a, b) => b.p - a.p)
    .slice(0, k)
    .map((e) => ({ ...e, label: label(e.id) }));
}

/**
 * A GPT-2 or Llama checkpoint chosen from disk (nothing is fetched): its next-token predictions for a text
 * and every layer's and head's attention, computed by the engine on the chosen backend, with the same linked
 * heatmaps, formulas and "open in the explorer" as the shipped models.
 */
export function CheckpointView({ explorerUrl, theme }: CheckpointViewProps) {
  const t = useT();
  const say = useSay();
  const [ready, setReady] = useState<Ready | null>(null);
  const [backend, setBackend] = useState<BackendName>("wasm");
  const [text, setText] = useState("");
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<AttentionInputError | string | null>(null);
  const [busy, setBusy] = useState<"loading" | "running" | null>(null);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  // Frees the uploaded weights when the checkpoint is replaced or the page leaves this view.
  useEffect(() => () => ready?.model && disposeCheckpointModel(ready.model), [ready]);

  const open = async (files: readonly File[], on: BackendName = backend, builtIn?: Ready["builtIn"]) => {
    if (files.length === 0) return;
    setBusy("loading");
    setError(null);
    try {
      const loaded = await loadCheckpointFiles(files);
      if (!loaded.ok) return setError(loaded.error);
      const started = await initBackend(on);
      if (!started.ok)
        return setError(t("checkpoint.backendFailed", { backend: on, reason: started.reason ?? "" }));
      const name = files.find((f) => f.name.endsWith(".safetensors"))?.name ?? "";
      setReady({
        loaded: loaded.value,
        model: createCheckpointModel(loaded.value.config, loaded.value.weights),
        backend: on,
        name: builtIn ? t(`lm.${builtIn.name}`) : name,
        builtIn,
      });
      setResult(null);
      lastOpened.current = { files, builtIn };
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  const lastOpened = useRef<Opened>({ files: [] });

  /** A built-in model: its files fetched from the app's own public/models/lm (Vite's base), then opened like a user's. */
  const openBuiltIn = async (name: LmName) => {
    setBusy("loading");
    setError(null);
    try {
      const base = `${import.meta.env.BASE_URL}models/lm/${name}/`;
      const files: File[] = [];
      for (const file of BUILT_IN_FILES) {
        const response = await fetch(base + file);
        if (!response.ok) {
          setBusy(null);
          return setError(t("lm.fetchFailed", { file, status: response.status }));
        }
        files.push(new File([await response.blob()], file));
      }
      const metricsResponse = await fetch(`${base}metrics.json`);
      const metrics = metricsResponse.ok ? maybeLmMetrics(await metricsResponse.json()) : undefined;
      await open(files, backend, { name, metrics });
      setText(t(`lm.example.${name}`));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(null);
    }
  };

  const tokens = useMemo(
    () =>
      ready && text.trim()
        ? maybeCheckpointTokens(
            ready.loaded.tokenizer,
            text,
            ready.loaded.config.vocab,
            ready.loaded.config.maxPositions,
          )
        : undefined,
    [ready, text],
  );

  const unknown = useMemo(
    () => (ready && text.trim() ? (ready.loaded.tokenizer.unknownWords?.(text) ?? []) : []),
    [ready, text],
  );

  const run = async () => {
    if (!ready || !tokens?.ok) return;
    setBusy("running");
    try {
      const started = await initBackend(ready.backend);
      if (!started.ok)
        return setError(
          t("checkpoint.backendFailed", { backend: ready.backend, reason: started.reason ?? "" }),
        );
      const out = await runCheckpoint(ready.model, tokens.value.ids, tokens.value.labels);
      setResult({
        run: out,
        labels: tokens.value.labels,
        top: topNext(out, ready.loaded.config.vocab, ready.loaded.tokenizer.label),
      });
      setError(null);
    } catch (e) {
      // The last good result stays on screen.
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const config = ready?.loaded.config;
  const params = useMemo(() => (ready ? parameterCount(ready.loaded.weights) : 0), [ready]);

  const openInExplorer = (block: BlockAttention) => {
    if (!config) return;
    handOff(blockState(block, config.heads));
    location.assign(explorerUrl);
  };

  return (
    <div className="ap-models-main">
      <section className="ap-panel" aria-labelledby="ap-lm-title">
        <h2 id="ap-lm-title">{t("lm.title")}</h2>
        <p className="ap-task-text">{t("lm.intro")}</p>
        <div className="ap-lm-choices" role="group" aria-labelledby="ap-lm-title">
          {LM_NAMES.map((name) => (
            <button
              key={name}
              type="button"
              className="ap-button"
              aria-pressed={ready?.builtIn?.name === name}
              disabled={busy !== null}
              onClick={() => void openBuiltIn(name)}
              data-testid={`lm-${name}`}
            >
              {t(`lm.${name}`)}
            </button>
          ))}
        </div>
        {ready?.builtIn?.metrics && (
          <p className="ap-hint" data-testid="lm-perplexity">
            {t("lm.perplexity", {
              model: ready.builtIn.metrics.perplexity.model.toFixed(1),
              bigram: ready.builtIn.metrics.perplexity.bigram.toFixed(1),
              unigram: ready.builtIn.metrics.perplexity.unigram.toFixed(1),
              tokens: ready.builtIn.metrics.testTokens.toLocaleString(),
            })}
          </p>
        )}
        {ready?.builtIn?.metrics && <RoleTable metrics={ready.builtIn.metrics} />}
      </section>
      <section className="ap-panel" aria-labelledby="ap-checkpoint-files">
        <h2 id="ap-checkpoint-files">{t("checkpoint.title")}</h2>
        <p className="ap-task-text">{t("checkpoint.intro", { max: fileSize(MAX_CHECKPOINT_BYTES) })}</p>
        <div
          className={`ap-drop${dragging ? " ap-drop-over" : ""}`}
          data-testid="checkpoint-drop"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            void open([...e.dataTransfer.files]);
          }}
        >
          <button type="button" className="ap-button" onClick={() => input.current?.click()}>
            {t("checkpoint.choose")}
          </button>
          <span>{t("checkpoint.drop")}</span>
          <input
            ref={input}
            type="file"
            multiple
            hidden
            accept=".json,.safetensors"
            data-testid="checkpoint-files"
            onChange={(e) => void open([...(e.currentTarget.files ?? [])])}
          />
        </div>
        <SelectField
          label={t("checkpoint.backend")}
          value={backend}
          onChange={(v) => {
            setBackend(v as BackendName);
            const last = lastOpened.current;
            if (last.files.length) void open(last.files, v as BackendName, last.builtIn);
          }}
          testId="checkpoint-backend"
        >
          {BACKEND_ORDER.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </SelectField>
        {busy === "loading" && <p className="ap-hint">{t("checkpoint.loading")}</p>}
        {config && ready && (
          <p className="ap-hint" data-testid="checkpoint-info">
            {t(config.family === "gpt2" ? "checkpoint.infoGpt2" : "checkpoint.infoLlama", {
              name: ready.name,
              layers: counted(config.layers, "count.layer", "count.layers"),
              heads:
                config.family === "gpt2"
                  ? counted(config.heads, "count.head", "count.heads")
                  : counted(config.heads, "count.queryHead", "count.queryHeads"),
              kvHeads: counted(config.kvHeads, "count.kvHead", "count.kvHeads"),
              d: config.dModel,
              vocab: config.vocab.toLocaleString(),
              params: params.toLocaleString(),
              size: fileSize(ready.loaded.bytes),
              backend: ready.backend,
            })}
          </p>
        )}
        {ready && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run();
            }}
          >
            <label className="ap-field ap-field-wide">
              <span>{ready.loaded.hasTokenizer ? t("checkpoint.text") : t("checkpoint.ids")}</span>
              <input
                type="text"
                value={text}
                spellCheck={false}
                autoComplete="off"
                data-testid="checkpoint-text"
                aria-invalid={tokens !== undefined && !tokens.ok}
                onChange={(e) => setText(e.currentTarget.value)}
              />
            </label>
            <button
              type="submit"
              className="ap-button"
              disabled={!tokens?.ok || busy !== null}
              data-testid="checkpoint-run"
            >
              {busy === "running" ? t("checkpoint.running") : t("checkpoint.run")}
            </button>
          </form>
        )}
        {unknown.length > 0 && ready && (
          <p className="ap-hint" role="status" data-testid="checkpoint-unknown">
            {t("lm.unknown", {
              words: listed(unknown),
              vocab: ready.loaded.config.vocab.toLocaleString(),
            })}
          </p>
        )}
        {tokens && !tokens.ok && (
          <p className="ap-errors" role="alert" data-testid="checkpoint-token-error">
            {say(tokens.error)}
          </p>
        )}
        {error && (
          <p className="ap-errors" role="alert" data-testid="checkpoint-error">
            {typeof error === "string" ? error : say(error)}
          </p>
        )}
      </section>

      {result && (
        <section className="ap-panel" aria-labelledby="ap-checkpoint-next">
          <h2 id="ap-checkpoint-next">{t("checkpoint.next")}</h2>
          <p className="ap-hint">{t("checkpoint.nextHint", { after: result.labels.at(-1) ?? "" })}</p>
          <ol className="ap-next-tokens" data-testid="checkpoint-next">
            {result.top.map((e) => (
              <li key={e.id} data-id={e.id}>
                <span className="ap-token">{JSON.stringify(e.label).slice(1, -1)}</span>
                <span className="ap-next-bar" style={{ width: `${(e.p * 100).toFixed(1)}%` }} />
                <span className="ap-next-p">{(e.p * 100).toFixed(2)}%</span>
              </li>
            ))}
          </ol>
        </section>
      )}

      {result && (
        <section className="ap-panel" aria-labelledby="ap-checkpoint-attention">
          <h2 id="ap-checkpoint-attention">{t("attention.title")}</h2>
          <p className="ap-hint">{t(touchOnly() ? "attention.hintTap" : "attention.hint")}</p>
          {ready?.builtIn?.metrics && <p className="ap-hint">{t("lm.roles")}</p>}
          <AttentionBlocks
            key={theme}
            blocks={result.run.blocks}
            formula
            caption={
              config && (config.kvHeads !== config.heads || ready?.builtIn?.metrics)
                ? (b, h) => {
                    const label = ready?.builtIn?.metrics?.heads[b]?.[h];
                    const parts = [
                      label && t("lm.role", { role: t(`role.${label.role}`), value: label.score.toFixed(2) }),
                      config.kvHeads !== config.heads &&
                        t("checkpoint.kvHead", { kv: (result.run.kvHeadOf[h] ?? 0) + 1 }),
                    ].filter(Boolean);
                    return parts.length ? parts.join(" · ") : undefined;
                  }
                : undefined
            }
            onOpen={openInExplorer}
            testId="checkpoint-attention"
          />
        </section>
      )}
    </div>
  );
}
