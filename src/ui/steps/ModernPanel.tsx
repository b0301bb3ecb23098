import { memo, useDeferredValue, useMemo, useState, type Dispatch } from "react";
import { alibiBias } from "../../core/alibi";
import { decodeWithKvCache, kvCacheBytesPerToken } from "../../core/kvCache";
import { entry, layer } from "../../core/matrix";
import { onlineSoftmaxRow, headValues, maybeBlockSize } from "../../core/onlineSoftmax";
import { counted, message } from "../../core/messages";
import { maybeProblem, problemWork } from "../../core/problem";
import { referenceTrace } from "../../core/reference";
import type { AttentionTrace, Matrix } from "../../core/types";
import { MINUS } from "../../render/index";
import type { Mark } from "../../explorer/exercise";
import {
  alibiFormula,
  checkOnlineBlock,
  exerciseBlockOf,
  onlineFormula,
  relativeScores,
  ropeFormula,
  rotatedPair,
  type OnlineAnswers,
  type RotatedPair,
} from "../../explorer/modern";
import { buildSpec, EXACT_MAX_WORK } from "../../explorer/spec";
import { DEFAULT_MODERN, type Action, type ExplorerState } from "../../explorer/state";
import { useSay, useT } from "../app/i18n";
import { followsOffScreen, useHeldTrace } from "../app/holds";
import { useSettledOffScreen } from "../app/useSettledOffScreen";
import { NumberField } from "../inputs/NumberField";
import { Tex } from "../views/Tex";

interface ModernPanelProps {
  readonly state: ExplorerState;
  readonly trace: AttentionTrace;
  readonly queryLabels: readonly string[];
  readonly keyLabels: readonly string[];
  /** The pointed or locked cell (rows are queries, columns are keys); undefined when none is. */
  readonly query: number | undefined;
  readonly pointedKey: number | undefined;
  readonly dispatch: Dispatch<Action>;
}

/** Columns shown in the panels' tables; longer rows end in "…". */
const MAX_SHOWN = 12;
/** Up to 4 decimals, with a true minus sign as the rest of the page writes it. */
const fmt = (x: number) =>
  x === -Infinity ? `${MINUS}∞` : Number(x.toFixed(4)).toString().replace("-", MINUS);
const vec = (xs: ArrayLike<number>) =>
  `[${Array.from(xs).slice(0, 4).map(fmt).join(", ")}${xs.length > 4 ? ", …" : ""}]`;

/**
 * What modern attention adds to each step, shown under the step's views when it is switched on: RoPE's
 * rotation (step 2), ALiBi's bias (4, 5), the sliding window (5), the tiled online softmax (6), KV-cache
 * decoding (7) and grouped-query heads (3, 8). Every number comes from the trace or the core.
 */
export function ModernPanel(props: ModernPanelProps) {
  const [node, setNode] = useState<HTMLDivElement | null>(null);
  // Below the step's views: off the screen, it catches up once the edits pause, and meanwhile holds the
  // trace it shows (its buffers are not given back to the engine); a large trace it follows (holds.ts).
  const { heads, queries, keys } = props.trace;
  const shown = useSettledOffScreen(props, node, undefined, followsOffScreen(heads * queries * keys));
  useHeldTrace(shown.trace);
  return <ModernViews props={shown} panel={setNode} />;
}

/** The panel's views; drawn again only for new props (memo): the same props while they wait off the screen. */
const ModernViews = memo(function ModernViews({
  props,
  panel,
}: {
  props: ModernPanelProps;
  panel: (node: HTMLDivElement | null) => void;
}) {
  const { state, trace } = props;
  const step = state.step;
  const head = typeof state.head === "number" && state.head < trace.heads ? state.head : 0;
  const query = Math.min(props.query ?? 0, trace.queries - 1);
  const key = Math.min(props.pointedKey ?? 0, trace.keys - 1);
  // With nothing pointed, RoPE's example is the query at position 2 against the key before it, where both
  // turn (at position 0 nothing does); a shorter sequence takes its last query.
  const ropeQuery = props.query === undefined ? Math.min(2, trace.queries - 1) : query;
  const ropeKey = props.pointedKey === undefined ? Math.max(0, Math.min(ropeQuery - 1, trace.keys - 1)) : key;
  const parts = [
    step === 2 && trace.rope && (
      <RopeView key="rope" {...props} head={head} query={ropeQuery} keyIndex={ropeKey} />
    ),
    (step === 4 || step === 5) && trace.alibiSlopes && (
      <AlibiView key="alibi" {...props} head={head} query={query} keyIndex={key} />
    ),
    step === 5 && state.mask.kind === "sliding" && <SlidingView key="sliding" state={state} />,
    step === 6 && <OnlineView key="online" {...props} head={head} query={query} />,
    step === 7 && <KvCacheView key="kv" {...props} head={head} />,
    (step === 3 || step === 8) && trace.kvHeads < trace.heads && <GqaView key="gqa" trace={trace} />,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <div className="ap-modern-panel" data-testid="modern-panel" ref={panel}>
      {parts}
    </div>
  );
});

function RopeView(props: ModernPanelProps & { head: number; query: number; keyIndex: number }) {
  const { trace, head, query, keyIndex, queryLabels, keyLabels } = props;
  const t = useT();
  const q = rotatedPair(trace, "q", query, head);
  const k = rotatedPair(trace, "k", keyIndex, head);
  // Both tokens one place later (the messages say "one place").
  const shift = 1;
  const relative = relativeScores(trace, head, query, keyIndex, shift);
  if (!q || !k || !relative) return null;
  const offset = trace.rope?.offset ?? 0;
  return (
    <section className="ap-modern-view" data-testid="rope-view">
      <h3>{t("rope.title")}</h3>
      <p>
        {t("rope.text", {
          query: queryLabels[query] ?? query + 1,
          key: keyLabels[keyIndex] ?? keyIndex + 1,
          head: head + 1,
        })}
      </p>
      <Arrows pairs={[q, k]} labels={[t("rope.query"), t("rope.key")]} />
      <PanelFormula tex={ropeFormula(q)} testId="rope-formula" />
      <p data-testid="rope-relative">
        {t("rope.relative", {
          i: query + offset,
          j: keyIndex + offset,
          i2: query + offset + shift,
          j2: keyIndex + offset + shift,
          score: fmt(relative.score),
          shifted: fmt(relative.shifted),
        })}
      </p>
    </section>
  );
}

/** Two 2-D vectors before (faint) and after (solid) their rotation, as arrows from the origin. */
function Arrows({ pairs, labels }: { pairs: readonly RotatedPair[]; labels: readonly string[] }) {
  const size = 180;
  const reach = Math.max(1e-9, ...pairs.flatMap((p) => [...p.before, ...p.after].map(Math.abs)));
  const at = (x: number) => (x / reach) * (size / 2 - 14);
  const colors = ["var(--ap-accent, #2563eb)", "var(--ap-accent-2, #c2410c)"];
  return (
    <svg
      width={size}
      height={size}
      viewBox={`${-size / 2} ${-size / 2} ${size} ${size}`}
      role="img"
      aria-label={labels.join(", ")}
      data-testid="rope-arrows"
    >
      <line x1={-size / 2} x2={size / 2} y1={0} y2={0} stroke="currentColor" strokeOpacity={0.2} />
      <line y1={-size / 2} y2={size / 2} x1={0} x2={0} stroke="currentColor" strokeOpacity={0.2} />
      {pairs.map((p, i) => (
        <g key={i} stroke={colors[i]} strokeWidth={2}>
          <line x2={at(p.before[0])} y2={-at(p.before[1])} strokeOpacity={0.3} />
          <line x2={at(p.after[0])} y2={-at(p.after[1])} />
          <circle cx={at(p.after[0])} cy={-at(p.after[1])} r={3} fill={colors[i]} />
          <text x={at(p.after[0]) + 5} y={-at(p.after[1]) - 5} fill={colors[i]} stroke="none" fontSize={12}>
            {labels[i]}
          </text>
        </g>
      ))}
    </svg>
  );
}

/**
 * ALiBi's bias: the rule, the pointed cell's formula, and the pointed query against each key (up to
 * MAX_SHOWN), a row a key: distance, bias, and the scaled score before and after it (the engine's).
 */
function AlibiView(props: ModernPanelProps & { head: number; query: number; keyIndex: number }) {
  const { trace, head, query, keyIndex, queryLabels, keyLabels } = props;
  const t = useT();
  const slope = trace.alibiSlopes?.[head] ?? 0;
  const keys = Array.from({ length: Math.min(trace.keys, MAX_SHOWN) }, (_, j) => j);
  const scaled = layer(trace.scaled, head);
  const biased = layer(trace.biased ?? trace.scaled, head);
  return (
    <section className="ap-modern-view" data-testid="alibi-view">
      <h3>{t("alibi.title")}</h3>
      <p>{t("alibi.text", { head: head + 1, slope: fmt(slope) })}</p>
      <PanelFormula tex={alibiFormula(trace, head, query, keyIndex)} testId="alibi-formula" />
      <table className="ap-table" data-testid="alibi-table">
        <caption>{t("alibi.row", { query: queryLabels[query] ?? query + 1, head: head + 1 })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("alibi.key")}</th>
            <th scope="col">|i{"\u00a0−\u00a0"}j|</th>
            <th scope="col">{t("alibi.bias")}</th>
            <th scope="col">{t("alibi.scaled")}</th>
            <th scope="col">{t("alibi.biased")}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((j) => (
            // The pointed or locked key's row is marked: its bias is the one in the formula above.
            <tr key={j} data-testid={`alibi-key-${j + 1}`} aria-current={j === keyIndex ? "true" : undefined}>
              <th scope="row">{keyLabels[j] ?? j + 1}</th>
              <td>{Math.abs(query - j)}</td>
              <td>{fmt(alibiBias(slope, query, j))}</td>
              <td>{fmt(entry(scaled, query, j))}</td>
              <td>{fmt(entry(biased, query, j))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function SlidingView({ state }: { state: ExplorerState }) {
  const t = useT();
  const { window, bidirectional } = state.modern;
  return (
    <p className="ap-modern-view" data-testid="sliding-view">
      {t(bidirectional ? "sliding.both" : "sliding.causal", {
        window,
        keys: counted(window, "count.key", "count.keys"),
      })}
    </p>
  );
}

function GqaView({ trace }: { trace: AttentionTrace }) {
  const t = useT();
  return (
    <section className="ap-modern-view" data-testid="gqa-view">
      <h3>{t("gqa.title", { heads: trace.heads, kvHeads: trace.kvHeads })}</h3>
      <ul>
        {trace.kvHeadOf.map((kv, h) => (
          <li key={h}>{t("gqa.row", { head: h + 1, kv: kv + 1 })}</li>
        ))}
      </ul>
      <p>{t("gqa.saving", { factor: trace.heads / trace.kvHeads })}</p>
    </section>
  );
}

function OnlineView(props: ModernPanelProps & { head: number; query: number }) {
  const { state, trace, head, query, queryLabels, keyLabels, dispatch } = props;
  const t = useT();
  const say = useSay();
  // A block size that is not a whole number from 1 to the keys (0, typed) is said under the field, which
  // keeps the text; the table keeps the last good size meanwhile (it used to become 1 without a word).
  const typed = maybeBlockSize(state.modern.blockSize, trace.keys);
  const [lastGood, setLastGood] = useState(typed.ok ? typed.value : DEFAULT_MODERN.blockSize);
  if (typed.ok && typed.value !== lastGood) setLastGood(typed.value);
  const blockSize = typed.ok ? typed.value : Math.min(lastGood, trace.keys);
  const blockSizeError = typed.ok ? undefined : say(typed.error);
  const row = useMemo(() => {
    const scores = layer(trace.masked, head).data.subarray(query * trace.keys, (query + 1) * trace.keys);
    return onlineSoftmaxRow(scores, headValues(trace, head), blockSize);
  }, [trace, head, query, blockSize]);
  // The block the student picked; until then, one with something to compute (exerciseBlockOf).
  const [exerciseBlock, setExerciseBlock] = useState<number | undefined>(undefined);
  const [answers, setAnswers] = useState<OnlineAnswers>({ m: "", l: "", o: "" });
  const [marks, setMarks] = useState<Record<keyof OnlineAnswers, Mark> | null>(null);
  const chosen = Math.min(exerciseBlock ?? exerciseBlockOf(row.blocks), row.blocks.length - 1);
  const block = row.blocks[chosen];
  // Typeset in a render of its own, after the step's views: while τ is scrubbed the heatmaps follow each edit
  // and the formula (17 ms of KaTeX) catches up when React has time. A string: it holds no trace.
  const formula = useDeferredValue(
    block ? onlineFormula(block, row.blocks[chosen - 1]?.l ?? 0, chosen) : undefined,
  );
  if (trace.mode !== "soft") return <p className="ap-modern-view">{t("online.soft")}</p>;
  const direct = Array.from({ length: trace.dV }, (_, c) => entry(layer(trace.headOutputs, head), query, c));
  return (
    <section className="ap-modern-view ap-online-view" data-testid="online-view">
      {/* Three parts, read in turn: what is kept; the blocks and what they end at; the chosen block's
          computation and the exercise on it. On a projector's short screen they stand side by side
          (classroom.css); elsewhere they are one column. */}
      <div className="ap-online-part">
        <h3>{t("online.title")}</h3>
        <p>{t("online.text", { query: queryLabels[query] ?? query + 1, head: head + 1 })}</p>
        <NumberField
          label={t("online.blockSize")}
          value={state.modern.blockSize}
          integer
          min={1}
          max={trace.keys}
          error={blockSizeError}
          testId="block-size"
          onChange={(size) => dispatch({ type: "setModern", modern: { blockSize: size } })}
        />
      </div>
      <div className="ap-online-part">
        <table className="ap-table" data-testid="online-table">
          <thead>
            <tr>
              <th scope="col">{t("online.block")}</th>
              <th scope="col">{t("online.keys")}</th>
              <th scope="col">m</th>
              <th scope="col">{t("online.rescale")}</th>
              <th scope="col">ℓ</th>
              <th scope="col">{t("online.o")}</th>
            </tr>
          </thead>
          <tbody>
            {row.blocks.slice(0, MAX_SHOWN).map((b, i) => (
              <tr key={i} data-testid={`online-block-${i + 1}`}>
                <th scope="row">{i + 1}</th>
                <td className="ap-tokens-cell">{keyLabels.slice(b.start, b.end).join(" ")}</td>
                <td>{fmt(b.m)}</td>
                <td>{fmt(b.rescale)}</td>
                <td>{fmt(b.l)}</td>
                <td>{vec(b.o)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p data-testid="online-equal">
          {t("online.equal", { online: vec(row.output), direct: vec(direct) })}
        </p>
      </div>
      <div className="ap-online-part">
        {formula !== undefined && <PanelFormula tex={formula} testId="online-formula" />}
        <form
          className="ap-online-exercise"
          data-testid="online-exercise"
          onSubmit={(e) => {
            e.preventDefault();
            const block = row.blocks[chosen];
            if (block) setMarks(checkOnlineBlock(block, answers));
          }}
        >
          <p>{t("online.exercise", { block: chosen + 1 })}</p>
          <label className="ap-field">
            <span>{t("online.block")}</span>
            <select
              value={chosen}
              data-testid="online-exercise-block"
              onChange={(e) => {
                setExerciseBlock(Number(e.currentTarget.value));
                setMarks(null);
              }}
            >
              {row.blocks.map((_, i) => (
                <option key={i} value={i}>
                  {i + 1}
                </option>
              ))}
            </select>
          </label>
          {(["m", "l", "o"] as const).map((field) => (
            <label className="ap-field" key={field}>
              <span>{field === "l" ? "ℓ" : field === "o" ? "o₁" : "m"}</span>
              <input
                value={answers[field]}
                inputMode="decimal"
                data-testid={`online-answer-${field}`}
                onChange={(e) => {
                  const text = e.currentTarget.value;
                  setAnswers((a) => ({ ...a, [field]: text }));
                }}
              />
              {marks && (
                <span
                  className={`ap-mark ap-mark-${marks[field]}`}
                  data-testid={`online-mark-${field}`}
                  data-mark={marks[field]}
                >
                  {t(
                    `online.${marks[field] === "right" ? "right" : marks[field] === "wrong" ? "wrong" : marks[field]}`,
                  )}
                </span>
              )}
            </label>
          ))}
          <button type="submit" className="ap-button" data-testid="online-check">
            {t("online.check")}
          </button>
        </form>
      </div>
    </section>
  );
}

function KvCacheView(props: ModernPanelProps & { head: number }) {
  const { state, trace, head, keyLabels, dispatch } = props;
  const t = useT();
  const say = useSay();
  // Computed again with each new trace, not with each change of the state: moving the decoding step or
  // showing the data tables at 512 tokens and d_model 512 recomputed every step for 10 s (the trace comes
  // from the same state, so it is new exactly when the decoding can be).
  /* eslint-disable react-hooks/exhaustive-deps */
  const decoded = useMemo(() => {
    const spec = buildSpec(state).spec;
    const problem = spec && maybeProblem(spec);
    if (!problem?.ok) return problem && { ok: false as const, error: problem.error };
    const work = problemWork(problem.value);
    if (work > KV_MAX_WORK)
      return { ok: false as const, error: message("error.kvCache.tooLarge", { work, max: KV_MAX_WORK }) };
    return decodeWithKvCache(problem.value);
  }, [trace]);
  const fullOutput = useMemo(() => (decoded?.ok ? causalOutput(state) : undefined), [decoded]);
  /* eslint-enable react-hooks/exhaustive-deps */
  if (!decoded) return null;
  if (!decoded.ok)
    return (
      <p className="ap-modern-view" role="status">
        {say(decoded.error)}
      </p>
    );
  const steps = decoded.value;
  const t0 = Math.min(state.modern.decodeStep, steps.length - 1);
  const step = steps[t0];
  if (!step) return null;
  const perToken = kvCacheBytesPerToken(1, trace.kvHeads, trace.dK, trace.dV, 4);
  const full = fullOutput && fullOutput.data.subarray(t0 * fullOutput.cols, (t0 + 1) * fullOutput.cols);
  const weights = step.weights.data.subarray(head * step.cached, (head + 1) * step.cached);
  return (
    <section className="ap-modern-view" data-testid="kv-view">
      <h3>{t("kv.title")}</h3>
      <p>{t("kv.text")}</p>
      <label className="ap-field ap-field-wide">
        <span>{t("kv.step", { token: keyLabels[t0] ?? t0 + 1, at: t0 + 1, of: steps.length })}</span>
        <input
          type="range"
          min={0}
          max={steps.length - 1}
          value={t0}
          data-testid="kv-step"
          onChange={(e) =>
            dispatch({ type: "setModern", modern: { decodeStep: Number(e.currentTarget.value) } })
          }
        />
      </label>
      <p data-testid="kv-cache">
        {t("kv.cache", {
          tokens: counted(step.cached, "count.token", "count.tokens"),
          count: step.cached,
          bytes: step.cacheBytes,
          perToken,
          kvHeads: trace.kvHeads,
          dK: trace.dK,
        })}
      </p>
      <table className="ap-table" data-testid="kv-table">
        <thead>
          <tr>
            <th scope="col">{t("kv.cached")}</th>
            {keyLabels.slice(0, Math.min(step.cached, MAX_SHOWN)).map((label, j) => (
              <th scope="col" key={j}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t("kv.weight")}</th>
            {Array.from(weights.subarray(0, MAX_SHOWN)).map((w, j) => (
              <td key={j}>{fmt(w)}</td>
            ))}
          </tr>
        </tbody>
      </table>
      {full && (
        <p data-testid="kv-equal">
          {t("kv.equal", { decoded: vec(step.output), row: t0 + 1, full: vec(full) })}
        </p>
      )}
    </section>
  );
}

/**
 * The most work (problemWork) the KV-cache walk-through takes: a quarter of what the float64 choice computes
 * in the page (EXACT_MAX_WORK), as it decodes every step and also computes the full causal attention to
 * compare. 512 tokens, d_model 128 and 8 heads (2²⁶) take 0.8 s here; d_model 512 took 10 s and froze the page.
 */
export const KV_MAX_WORK = EXACT_MAX_WORK / 4;

/**
 * The output of the same attention computed in full with a causal mask (a causal sliding window is causal
 * already), for comparison with each decoding step; undefined for masks that are not causal.
 */
function causalOutput(state: ExplorerState): Matrix | undefined {
  const kind = state.mask.kind;
  if (kind !== "none" && kind !== "causal" && !(kind === "sliding" && !state.modern.bidirectional))
    return undefined;
  const spec = buildSpec({ ...state, mask: { ...state.mask, kind: kind === "none" ? "causal" : kind } }).spec;
  const problem = spec && maybeProblem(spec);
  return problem?.ok ? referenceTrace(problem.value).output : undefined;
}

/**
 * A panel's worked formula, in a block of its own (not beside the arrows), wrapped where it is wider than the
 * panel (Tex layout "wrap"): RoPE's rotation on one line ran past a 554 px panel at 1440 px.
 */
function PanelFormula({ tex, testId }: { readonly tex: string; readonly testId: string }) {
  return (
    <div className="ap-modern-formula">
      <Tex tex={tex} layout="wrap" testId={testId} />
    </div>
  );
}
