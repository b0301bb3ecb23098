import { layer } from "../../core/matrix";
import { SCORE_FUNCTIONS } from "../../core/types";
import type { PaletteName } from "../../render/scales";
import { useT } from "../app/i18n";
import { type MessageKey } from "../../i18n/i18n";
import { useBuiltSpec } from "../app/useBuiltSpec";
import type { BackendChoice, ExplorerState } from "../../explorer/state";
import { useTrace } from "../app/useTrace";
import { HeatmapView } from "./views";

/** What a lesson compares side by side: soft against hard attention, or every score function. */
export type CompareKind = "mode" | "score";

interface Variant {
  readonly id: string;
  readonly label: MessageKey;
  readonly patch: Partial<ExplorerState>;
}

const VARIANTS: Record<CompareKind, readonly Variant[]> = {
  mode: [
    { id: "soft", label: "mode.soft", patch: { mode: "soft" } },
    { id: "hard", label: "mode.hard", patch: { mode: "hard" } },
  ],
  score: SCORE_FUNCTIONS.map((score) => ({
    id: score,
    label: `score.${score}` as MessageKey,
    patch: { score },
  })),
};

interface CompareProps {
  readonly kind: CompareKind;
  readonly state: ExplorerState;
  readonly width: number;
  readonly palette: PaletteName;
  /**
   * Presenter mode: the variants in a grid of 2 or 3 columns (classroom.css) without axis titles, which the
   * caption states once (rows are queries, columns are keys), so that their cells get the room.
   */
  readonly compact?: boolean;
}

/** The same input under each variant, computed by the engine like the main view, as small weight heatmaps. */
export function Compare({ kind, state, width, palette, compact = false }: CompareProps) {
  const t = useT();
  const variants = VARIANTS[kind];
  const perRow = compact ? Math.min(variants.length, 3) : Math.min(variants.length, width < 700 ? 2 : 5);
  const each = Math.max(compact ? 80 : 160, Math.floor(width / perRow) - 12);
  return (
    <figure className="ap-compare" data-testid="compare" data-kind={kind}>
      <figcaption>{t("lesson.compare")}</figcaption>
      <div className="ap-compare-grid">
        {variants.map((v) => (
          <VariantView
            key={v.id}
            id={v.id}
            // Compact: the name alone ("scaled dot"), without the formula after it, so that it fits one line.
            label={compact ? (t(v.label).split(/\s{2,}/u)[0] ?? "") : t(v.label)}
            state={state}
            patch={v.patch}
            backend={state.backend}
            width={each}
            palette={palette}
            titles={!compact}
          />
        ))}
      </div>
    </figure>
  );
}

interface VariantProps {
  readonly id: string;
  readonly label: string;
  readonly state: ExplorerState;
  readonly patch: Partial<ExplorerState>;
  readonly backend: BackendChoice;
  readonly width: number;
  readonly palette: PaletteName;
  readonly titles: boolean;
}

function VariantView({ id, label, state, patch, backend, width, palette, titles }: VariantProps) {
  const t = useT();
  const built = useBuiltSpec(state, patch);
  const { computed } = useTrace(built.errors.length === 0 ? built : undefined, backend);
  const trace = computed?.trace;
  const labels = computed?.job;
  return (
    <div className="ap-compare-item" data-testid={`compare-${id}`} data-backend={computed?.backend}>
      <h4>{label}</h4>
      {trace && labels && (
        <HeatmapView
          matrix={layer(trace.weights, 0)}
          rowLabels={labels.queryLabels}
          colLabels={labels.keyLabels}
          rowTitle={titles ? t("axis.queries") : ""}
          colTitle={titles ? t("axis.keys") : ""}
          // On the fixed scale to 1 whatever the page's weight colours: variants side by side are compared by
          // colour, and coloured by row one colour would stand for different weights in each.
          kind="sequential"
          masked={trace.mask}
          palette={palette}
          width={width}
          legendTitle={t("view.weight")}
          ariaLabel={`${t("view.weights")}: ${label}`}
          highlight={{}}
          showValues="auto"
          testId={`compare-heatmap-${id}`}
        />
      )}
    </div>
  );
}
