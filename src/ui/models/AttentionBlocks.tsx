import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { maybeMask } from "../../core/mask";
import { nameFlowToken, weightLegendKey } from "../../explorer/describe";
import { layer } from "../../core/matrix";
import { attentionReference } from "../../core/reference";
import type { BlockAttention } from "../../models/tf/predict";
import { FormulaPanel } from "../views/FormulaPanel";
import { useT } from "../app/i18n";
import { type Translate } from "../../i18n/i18n";
import { FlowView, HeatmapView, type CellPick } from "../views/views";
import { ColourFields } from "../inputs/ColourFields";
import { useColours } from "./colours";
import { useFigureZoom } from "./figureZoom";

/** A cell of one head of one block: rows are queries, columns are keys. */
interface Pointed {
  readonly block: number;
  readonly head: number;
  readonly query: number;
  readonly key: number;
}

export function blockTitle(t: Translate, block: BlockAttention): string {
  const n = block.layer + 1;
  if (block.name.startsWith("encoder")) return t("block.encoder", { n });
  if (block.kind === "cross") return t("block.decoderCross", { n });
  if (block.name.startsWith("decoder")) return t("block.decoderSelf", { n });
  return t("block.layer", { n });
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** [queries, keys]: 1 where a causal block hides the key from the query (drawn hatched). */
function causalMask(block: BlockAttention): Uint8Array | undefined {
  if (!block.causal) return undefined;
  const mask = maybeMask({ kind: "causal" }, block.weights.rows, block.weights.cols);
  return mask.ok ? mask.value : undefined;
}

interface AttentionBlocksProps {
  readonly blocks: readonly BlockAttention[];
  /** Shows the pointed cell's softmax with its real numbers (recomputed in float64 from the block's Q, K, V). */
  readonly formula?: boolean;
  /** A line under a head's title (the induction model's head scores). */
  readonly caption?: (block: number, head: number) => string | undefined;
  /** Opens one block in the explorer. */
  readonly onOpen?: (block: BlockAttention) => void;
  readonly testId: string;
}

/**
 * Every attention block of one forward pass, each head a heatmap. Pointing at a cell lights up its query
 * and key in every head, and in every other block that reads the same tokens; a click locks it.
 */
export function AttentionBlocks({ blocks, formula = false, caption, onOpen, testId }: AttentionBlocksProps) {
  const t = useT();
  const { colours, setColours } = useColours();
  const [pointed, setPointed] = useState<Pointed | null>(null);
  const [locked, setLocked] = useState<Pointed | null>(null);
  const host = useRef<HTMLDivElement>(null);
  /**
   * The panel's content width, null until measured. The views are drawn only once it is known: drawn first
   * at a guess (800 px), the flow was 640 px wide on a 390 px phone until the panel was measured, and the
   * page scrolled sideways for a moment (models-projector.spec.ts "from the first frame").
   */
  const [width, setWidth] = useState<number | null>(null);
  // The gap between heads: 1 rem, which a large screen makes more than 16 px (app.css).
  const [gap, setGap] = useState(16);
  // Measured in the commit, before the browser paints: the views are then drawn in the same frame.
  useLayoutEffect(() => {
    const element = host.current;
    if (!element) return;
    const measure = (contentWidth: number) => {
      setWidth(Math.floor(contentWidth));
      setGap(parseFloat(getComputedStyle(element).fontSize) || 16);
    };
    const style = getComputedStyle(element);
    measure(element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
    const observer = new ResizeObserver(([entry]) => entry && measure(entry.contentRect.width));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  // On a wide screen (a projector) the figures are laid out as on a laptop and shown enlarged.
  const zoom = useFigureZoom();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setLocked(null);
        setPointed(null);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  // Escape's work for those without the key: a phone had no way to let a tapped cell go.
  const release = useCallback(() => {
    setLocked(null);
    setPointed(null);
  }, []);
  // A new input (or a new snapshot of a different shape) may not have the pointed cell.
  const selection = [locked, pointed].find(
    (s) =>
      s &&
      blocks[s.block] &&
      s.query < blocks[s.block]!.weights.rows &&
      s.key < blocks[s.block]!.weights.cols,
  );
  const selected = selection ? blocks[selection.block] : undefined;
  const trace = useMemo(
    () =>
      formula && selected
        ? attentionReference({
            source: { kind: "qkv", q: selected.q, k: selected.k, v: selected.v },
            heads: selected.weights.depth,
            score: "scaled-dot",
            mask: { kind: selected.causal ? "causal" : "none" },
          })
        : undefined,
    [formula, selected],
  );
  const masks = useMemo(() => blocks.map(causalMask), [blocks]);
  // One matrix per head per block, kept across renders: the views repaint when their matrix changes identity.
  const headMatrices = useMemo(
    () =>
      blocks.map((block) => Array.from({ length: block.weights.depth }, (_, h) => layer(block.weights, h))),
    [blocks],
  );
  // Views rebuild when their labels change identity: a new snapshot of the same tokens must only repaint.
  const labelKey = blocks
    .map((b) => [...b.queryTokens, "\u0001", ...b.keyTokens].join("\u0000"))
    .join("\u0002");
  const labels = useMemo(
    () => blocks.map((b) => ({ queries: b.queryTokens, keys: b.keyTokens })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [labelKey],
  );
  const heads = blocks[0]?.weights.depth ?? 1;
  // A head's share of the row, as the heatmap lays it out (before the zoom), floored so that the heads do not wrap.
  const cellWidth =
    width === null ? 0 : Math.max(180, Math.min(560, Math.floor((width - gap * (heads - 1)) / heads / zoom)));

  return (
    <div className="ap-blocks" ref={host} data-testid={testId}>
      {setColours && (
        <div className="ap-block-colours">
          <ColourFields
            palette={colours.palette}
            weightScale={colours.weightScale}
            onPalette={(palette) => setColours({ ...colours, palette })}
            onWeightScale={(weightScale) => setColours({ ...colours, weightScale })}
            testIdPrefix={`${testId}-`}
          />
        </div>
      )}
      {width !== null &&
        blocks.map((block, b) => {
          const title = blockTitle(t, block);
          const { queries: queryLabels, keys: keyLabels } = labels[b] ?? { queries: [], keys: [] };
          const row =
            selected && same(block.queryTokens, selected.queryTokens) ? selection!.query : undefined;
          const col = selected && same(block.keyTokens, selected.keyTokens) ? selection!.key : undefined;
          return (
            <section key={b} className="ap-block" data-testid={`${testId}-block-${b}`}>
              <header className="ap-block-header">
                <h3>{title}</h3>
                {onOpen && (
                  <button
                    type="button"
                    className="ap-button"
                    title={t("block.openHint")}
                    onClick={() => onOpen(block)}
                    data-testid={`open-block-${b}`}
                  >
                    {t("block.open")}
                  </button>
                )}
              </header>
              {block.kind === "cross" && (
                // Cross-attention is an alignment: as lines from each word written to the source words, the
                // reordering shows as crossings. One colour per head.
                <div className="ap-figure-zoom" style={{ zoom }} key={zoom}>
                  <FlowView
                    weights={headMatrices[b]!}
                    queryLabels={queryLabels}
                    keyLabels={keyLabels}
                    queryTitle={t("axis.queries")}
                    keyTitle={t("axis.keys")}
                    width={Math.min(Math.floor(width / zoom), 640)}
                    height={Math.max(
                      180,
                      30 * Math.max(block.queryTokens.length, block.keyTokens.length) + 40,
                    )}
                    orientation="horizontal"
                    ariaLabel={t("block.flow", { block: title })}
                    nameToken={({ side }, label) => nameFlowToken(t, side, label)}
                    highlight={{ query: row, key: col }}
                    onPoint={(pick) =>
                      setPointed(
                        pick?.query !== undefined && pick.key !== undefined
                          ? { block: b, head: 0, query: pick.query, key: pick.key }
                          : null,
                      )
                    }
                  />
                </div>
              )}
              <div className="ap-block-heads">
                {headMatrices[b]!.map((matrix, h) => {
                  const at = (pick: CellPick | null): Pointed | null =>
                    pick ? { block: b, head: h, query: pick.row, key: pick.col } : null;
                  return (
                    <figure key={h} className="ap-block-head">
                      <figcaption>
                        {t("block.head", { n: h + 1 })}
                        {caption?.(b, h) && <span className="ap-head-caption"> · {caption(b, h)}</span>}
                      </figcaption>
                      {/* Keyed by the zoom: a canvas painted before it would be blurred by it (render/canvas.ts). */}
                      <div className="ap-figure-zoom" style={{ zoom }} key={zoom}>
                        <HeatmapView
                          matrix={matrix}
                          rowLabels={queryLabels}
                          colLabels={keyLabels}
                          rowTitle={t("axis.queries")}
                          colTitle={t("axis.keys")}
                          kind="sequential"
                          masked={masks[b]}
                          palette={colours.palette}
                          scaleBy={colours.weightScale}
                          width={cellWidth}
                          legendTitle={t(weightLegendKey(colours.weightScale))}
                          ariaLabel={t("heatmap.aria", { block: title, head: h + 1 })}
                          highlight={{ row, col }}
                          onPoint={(pick) => setPointed(at(pick))}
                          onPick={(pick) => setLocked(at(pick))}
                          showValues={false}
                          testId={`${testId}-heatmap-${b}-${h}`}
                        />
                      </div>
                    </figure>
                  );
                })}
              </div>
            </section>
          );
        })}
      {formula && (
        <FormulaPanel
          step={6}
          trace={trace}
          head={selection?.head ?? 0}
          selection={selection ? { query: selection.query, key: selection.key } : {}}
          locked={locked !== null && selection === locked}
          queryLabels={selected?.queryTokens ?? []}
          keyLabels={selected?.keyTokens ?? []}
          onRelease={release}
        />
      )}
    </div>
  );
}
