import { useEffect, useState } from "react";
import { referenceTrace } from "../core/reference";
import { maybeProblem } from "../core/problem";
import { layer } from "../core/matrix";
import type { AttentionSpec, AttentionTrace, Matrix } from "../core/types";
import { seededProjections } from "../core/weights";
import { createEngine, type BackendReport, type EngineResult } from "../engine/engine";
import { isBackendName } from "../engine/backends";

const TOKENS = ["The", "cat", "sat", "on", "the", "mat"];
const D_MODEL = 8;
const weights = seededProjections(D_MODEL, 1);
const EXAMPLE: AttentionSpec = {
  source: { kind: "tokens", tokens: TOKENS, dModel: D_MODEL, seed: 1, positional: "sinusoidal", ...weights },
  heads: 2,
  wo: weights.wo,
  mask: { kind: "causal" },
};

function MatrixTable({
  title,
  m,
  rowLabels,
  colLabels,
}: {
  title: string;
  m: Matrix;
  rowLabels: string[];
  colLabels?: string[];
}) {
  return (
    <table>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">query ↓ / {colLabels ? "key →" : "column →"}</th>
          {Array.from({ length: m.cols }, (_, j) => (
            <th scope="col" key={j}>
              {colLabels?.[j] ?? j + 1}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: m.rows }, (_, i) => (
          <tr key={i}>
            <th scope="row">{rowLabels[i]}</th>
            {Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols), (x, j) => (
              <td key={j}>{x === -Infinity ? "−∞" : x.toFixed(3)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TraceView({ trace }: { trace: AttentionTrace }) {
  return (
    <>
      <MatrixTable title="Q = X·W_Q" m={trace.q} rowLabels={TOKENS} />
      {Array.from({ length: trace.heads }, (_, h) => (
        <section key={h}>
          <h2>Head {h + 1}</h2>
          <MatrixTable
            title="Scores Q·Kᵀ (rows are queries, columns are keys)"
            m={layer(trace.scores, h)}
            rowLabels={TOKENS}
            colLabels={TOKENS}
          />
          <MatrixTable
            title="Masked scores ÷ √d_k"
            m={layer(trace.masked, h)}
            rowLabels={TOKENS}
            colLabels={TOKENS}
          />
          <MatrixTable
            title="Weights softmax(…)"
            m={layer(trace.weights, h)}
            rowLabels={TOKENS}
            colLabels={TOKENS}
          />
        </section>
      ))}
      <MatrixTable title="Output = concat(heads)·W_O" m={trace.output} rowLabels={TOKENS} />
    </>
  );
}

export function App() {
  const [result, setResult] = useState<EngineResult | undefined>();
  const [report, setReport] = useState<BackendReport | undefined>();
  const [exact] = useState(() => {
    const p = maybeProblem(EXAMPLE);
    return p.ok ? referenceTrace(p.value) : undefined;
  });
  useEffect(() => {
    const requested = new URLSearchParams(location.search).get("backend");
    const engine = createEngine({ backend: isBackendName(requested) ? requested : "auto" });
    let live = true;
    void engine.compute(EXAMPLE).then((r) => {
      if (!live) return;
      setResult(r);
      setReport(engine.report());
    });
    return () => {
      live = false;
    };
  }, []);
  const trace = result?.trace ?? exact;
  return (
    <main>
      <h1>Attention Playground</h1>
      <p>
        Backend:{" "}
        <output data-testid="backend">{result?.backend ?? "float64 reference (starting tfjs…)"}</output>
        {report &&
          ` · tried: ${report.attempts.map((a) => `${a.name} ${a.ok ? "✓" : `✗ (${a.reason})`}`).join(", ")}`}
      </p>
      {trace && <TraceView trace={trace} />}
    </main>
  );
}
