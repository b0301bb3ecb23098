import { Fragment, useState } from "react";
import { layer } from "../../core/matrix";
import type { AttentionTrace, Matrix } from "../../core/types";
import { HEAD_COLORS } from "../../render/flow";
import { flowSvg } from "../../render/flowSvg";
import { heatmapSvg } from "../../render/heatmapSvg";
import { headMatrix, shownHead } from "../../explorer/describe";
import { matrixCsv } from "../../render/matrixCsv";
import { matrixJson, type Orientation } from "../../render/matrixJson";
import { svgToPng } from "../../render/svgToPng";
import { traceJson } from "../../render/traceJson";
import { encodePermalink } from "../../explorer/permalink";
import { useT } from "../app/i18n";
import { type Lang } from "../../i18n/lang";
import { type MessageKey } from "../../i18n/i18n";
import { useModal } from "../app/useModal";
import type { ExplorerState } from "../../explorer/state";
import { weightLegendKey } from "../../explorer/describe";
import { exported, exportedTrace } from "./exportNumbers";

interface ShareDialogProps {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly state: ExplorerState;
  readonly lang: Lang;
  readonly trace?: AttentionTrace;
  readonly queryLabels: readonly string[];
  readonly keyLabels: readonly string[];
}

/** The matrix a step shows (for its head), named for files and titled for figures. */
interface StepMatrix {
  readonly matrix: Matrix;
  readonly name: string;
  readonly title: MessageKey;
  readonly kind: "diverging" | "sequential";
  readonly rowLabels: readonly string[];
  readonly colLabels: readonly string[];
  readonly masked?: Uint8Array;
  /** What its rows and columns are, named as in the trace's JSON: queries and keys, or queries and d_v… */
  readonly orientation: Orientation;
  /** One head's matrix, or the mean of the heads (step 6's weights), not the whole model's (x, Q, Y). */
  readonly perHead: boolean;
}

const SVG = "image/svg+xml";
const PNG = "image/png";
const JSON_TYPE = "application/json";

interface ExportGroup {
  readonly heading: string;
  readonly files: readonly {
    readonly label: MessageKey;
    readonly name: string;
    readonly type: string;
    readonly testId: string;
    readonly make: () => string | Blob | Promise<Blob>;
  }[];
}

const dims = (n: number) => Array.from({ length: n }, (_, j) => String(j + 1));

function stepMatrix(
  trace: AttentionTrace,
  step: number,
  head: number | "mean",
  queryLabels: readonly string[],
  keyLabels: readonly string[],
): StepMatrix {
  const scores = (name: string, title: MessageKey, stack: AttentionTrace["scores"], masked?: Uint8Array) => ({
    matrix: headMatrix(stack, head),
    name,
    title,
    kind: name === "weights" ? ("sequential" as const) : ("diverging" as const),
    rowLabels: queryLabels,
    colLabels: keyLabels,
    masked,
    orientation: { rows: "queries", cols: "keys" },
    perHead: true,
  });
  // A matrix of vectors, one row per query token: its columns are the vectors' dimensions, not keys.
  const tokens = (name: string, title: MessageKey, matrix: Matrix, cols: string, perHead = false) => ({
    matrix,
    name,
    title,
    kind: "diverging" as const,
    rowLabels: queryLabels,
    colLabels: dims(matrix.cols),
    orientation: { rows: "queries", cols },
    perHead,
  });
  const q = () => tokens("q", "view.Q", trace.q, "heads × d_k");
  switch (step) {
    case 1:
      return trace.x ? tokens("x", "view.X", trace.x, "d_model") : q();
    case 2:
      return q();
    case 3:
      return scores("scores", "view.scores", trace.scores);
    case 4:
      return scores("scaled", "view.scaled", trace.scaled);
    case 5:
      return scores("masked", "view.masked", trace.masked, trace.mask);
    case 6:
      return scores("weights", "view.weights", trace.weights, trace.mask);
    case 7:
      return tokens("head-output", "view.headOutput", headMatrix(trace.headOutputs, head), "d_v", true);
    default:
      return tokens("output", "view.output", trace.output, "d_out");
  }
}

function download(name: string, data: Blob | string, type: string) {
  const blob = typeof data === "string" ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  // The download has started from the URL by the time the next task runs.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Share and export exactly what is on screen: a permalink, the widget and iframe snippets for a blog post,
 * the step's view as PNG (2×, for slides) or SVG (real text, for papers), its matrix as CSV or JSON, and the
 * whole trace as JSON. The files' numbers read back exactly: the engine's float32 values as their shortest
 * decimal (a typed 1.1 as 1.1), the float64 reference's as String() writes them (exportNumbers.ts).
 */
export function ShareDialog({ open, onClose, state, lang, trace, queryLabels, keyLabels }: ShareDialogProps) {
  const t = useT();
  const dialog = useModal(open);
  const [copied, setCopied] = useState<string | null>(null);
  if (!open) return <dialog ref={dialog} className="ap-gallery ap-share" onClose={onClose} />;

  const fragment = encodePermalink(state);
  const base = new URL(".", location.href).href;
  const link = `${base}#${fragment}`;
  const attributes = [
    `permalink="${fragment}"`,
    `view="both"`,
    `ui="slider"`,
    `lang="${lang}"`,
    `theme="${state.theme}"`,
  ].join(" ");
  const widget = `<script type="module" src="${base}widget.js"></script>\n<attention-playground ${attributes}></attention-playground>`;
  const iframe = `<iframe src="${base}embed.html#${fragment}" title="${t("app.title")}" width="100%" height="520" loading="lazy"></iframe>`;
  // The head on screen, or the mean of the heads (step 6 only), as the step's views show it (StepContent).
  const head = trace ? shownHead(state.step, state.head, trace.heads) : 0;
  const view = trace ? stepMatrix(trace, state.step, head, queryLabels, keyLabels) : undefined;
  const whose = view?.perHead && trace && trace.heads > 1 ? head : undefined;
  const file = view
    ? `attention-step${state.step}-${view.name}${whose === undefined ? "" : whose === "mean" ? "-mean" : `-head${whose + 1}`}`
    : "";
  // The view's title as on screen: "Attention weights A · Head 2", "… · Mean of heads".
  const viewTitle = view
    ? `${t(view.title)}${whose === undefined ? "" : ` · ${whose === "mean" ? t("view.mean") : t("view.head", { n: whose + 1 })}`}`
    : "";
  const dark = state.theme === "dark";
  const heatmap = () =>
    view
      ? heatmapSvg(view.matrix, {
          rowLabels: [...view.rowLabels],
          colLabels: [...view.colLabels],
          rowTitle: view.kind === "sequential" || state.step >= 3 ? t("axis.queries") : t("axis.tokens"),
          colTitle: state.step >= 3 && state.step <= 6 ? t("axis.keys") : t("axis.dims"),
          title: viewTitle,
          kind: view.kind,
          palette: state.palette,
          scaleBy: state.weightScale,
          masked: view.masked,
          dark,
          legendTitle: view.kind === "sequential" ? t(weightLegendKey(state.weightScale)) : t("view.value"),
        })
      : "";
  const flow = () =>
    trace
      ? flowSvg(
          head === "mean"
            ? Array.from({ length: trace.heads }, (_, h) => layer(trace.weights, h))
            : [layer(trace.weights, head)],
          {
            // The head's own colour, as the flow on screen draws it; every head's, in theirs, for the mean.
            headColors: head === "mean" ? HEAD_COLORS : [HEAD_COLORS[head % HEAD_COLORS.length] as string],
            queryLabels: [...queryLabels],
            keyLabels: [...keyLabels],
            queryTitle: t("axis.queries"),
            keyTitle: t("axis.keys"),
            title: t("view.flow"),
            dark,
          },
        )
      : "";

  /** Every file the dialog offers, by what it shows: made only when its button is pressed. */
  const exportGroups = (view: StepMatrix, trace: AttentionTrace): ExportGroup[] => [
    {
      heading: t("share.exports", { step: state.step, view: viewTitle }),
      files: [
        { label: "share.export.svg", name: `${file}.svg`, type: SVG, testId: "export-svg", make: heatmap },
        {
          label: "share.export.png",
          name: `${file}.png`,
          type: PNG,
          testId: "export-png",
          make: () => svgToPng(heatmap(), 2),
        },
        {
          label: "share.export.csv",
          name: `${file}.csv`,
          type: "text/csv",
          testId: "export-csv",
          make: () => matrixCsv(exported(view.matrix), view.rowLabels, view.colLabels),
        },
        {
          label: "share.export.json",
          name: `${file}.json`,
          type: JSON_TYPE,
          testId: "export-json",
          make: () => matrixJson(exported(view.matrix), view.rowLabels, view.colLabels, view.orientation),
        },
      ],
    },
    {
      heading: t("view.flow"),
      files: [
        {
          label: "share.export.svg",
          name: "attention-flow.svg",
          type: SVG,
          testId: "export-flow-svg",
          make: flow,
        },
        {
          label: "share.export.png",
          name: "attention-flow.png",
          type: PNG,
          testId: "export-flow-png",
          make: () => svgToPng(flow(), 2),
        },
      ],
    },
    {
      heading: t("share.trace"),
      files: [
        {
          label: "share.export.trace",
          name: "attention-trace.json",
          type: JSON_TYPE,
          testId: "export-trace",
          make: () => traceJson(exportedTrace(trace), { queryLabels, keyLabels }),
        },
      ],
    },
  ];

  const copy = async (what: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(what);
    } catch {
      setCopied(null);
    }
  };
  const snippet = (what: string, label: MessageKey, text: string) => (
    <div className="ap-share-snippet">
      <label className="ap-field ap-field-wide">
        <span>{t(label)}</span>
        <textarea readOnly rows={what === "link" ? 2 : 3} value={text} data-testid={`share-${what}`} />
      </label>
      <button type="button" className="ap-button" onClick={() => void copy(what, text)}>
        {copied === what ? t("share.copied") : t("share.copy")}
      </button>
    </div>
  );

  return (
    <dialog
      ref={dialog}
      className="ap-gallery ap-share"
      aria-labelledby="ap-share-title"
      onClose={onClose}
      data-testid="share"
    >
      <header>
        <h2 id="ap-share-title">{t("share.title")}</h2>
        <button type="button" className="ap-button" onClick={onClose} data-testid="share-close">
          {t("examples.close")}
        </button>
      </header>
      {snippet("link", "share.link", link)}
      {snippet("widget", "share.widget", widget)}
      {snippet("iframe", "share.iframe", iframe)}
      {view && trace && (
        <section className="ap-share-exports">
          {exportGroups(view, trace).map((group) => (
            <Fragment key={group.heading}>
              <h3>{group.heading}</h3>
              <div className="ap-share-buttons">
                {group.files.map((f) => (
                  <button
                    key={f.testId}
                    type="button"
                    className="ap-button"
                    onClick={() =>
                      void Promise.resolve(f.make()).then((data) => download(f.name, data, f.type))
                    }
                    data-testid={f.testId}
                  >
                    {t(f.label)}
                  </button>
                ))}
              </div>
            </Fragment>
          ))}
        </section>
      )}
    </dialog>
  );
}
