import { memo } from "react";
import { useT } from "../app/i18n";

/** Past this many queries or keys, a grid of buttons is too small to click: painting is refused with a message. */
const MAX_PAINT = 32;

interface MaskPainterProps {
  /** Masked cells as [query, key] pairs. */
  readonly painted: readonly (readonly [number, number])[];
  readonly queryLabels: readonly string[];
  readonly keyLabels: readonly string[];
  readonly onToggle: (query: number, key: number) => void;
}

/** The mask as a grid of toggle buttons: rows are queries, columns are keys; pressed = masked. */
export const MaskPainter = memo(function MaskPainter({
  painted,
  queryLabels,
  keyLabels,
  onToggle,
}: MaskPainterProps) {
  const t = useT();
  if (queryLabels.length > MAX_PAINT || keyLabels.length > MAX_PAINT) {
    return <p className="ap-hint">{t("mask.tooLarge", { max: MAX_PAINT })}</p>;
  }
  const isMasked = new Set(painted.map(([i, j]) => `${i},${j}`));
  return (
    <div className="ap-mask-painter">
      <p className="ap-hint">{t("mask.paint")}</p>
      <table className="ap-mask-grid" data-testid="mask-painter">
        <thead>
          <tr>
            <th />
            {keyLabels.map((k, j) => (
              <th key={j} scope="col" title={k}>
                {j + 1}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {queryLabels.map((_, i) => (
            <tr key={i}>
              <th scope="row" title={queryLabels[i]}>
                {i + 1}
              </th>
              {keyLabels.map((_, j) => {
                const masked = isMasked.has(`${i},${j}`);
                return (
                  <td key={j}>
                    <button
                      type="button"
                      aria-pressed={masked}
                      className={masked ? "ap-mask-cell masked" : "ap-mask-cell"}
                      aria-label={t("mask.cell", {
                        query: `${i + 1} ${queryLabels[i] ?? ""}`,
                        key: `${j + 1} ${keyLabels[j] ?? ""}`,
                        state: t(masked ? "mask.masked" : "mask.visible"),
                      })}
                      onClick={() => onToggle(i, j)}
                    />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
