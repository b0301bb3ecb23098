import { PALETTE_NAMES, type PaletteName, type ScaleBy } from "../../render/index";
import { useT } from "../app/i18n";
import { SelectField } from "./SelectField";

interface ColourFieldsProps {
  readonly palette: PaletteName;
  readonly weightScale: ScaleBy;
  readonly onPalette: (palette: PaletteName) => void;
  readonly onWeightScale: (weightScale: ScaleBy) => void;
  /** The selects' test ids: `${prefix}palette` and `${prefix}weight-scale`. */
  readonly testIdPrefix?: string;
  readonly wide?: boolean;
}

/** The heatmaps' two colour settings, as the explorer and the models page both offer them. */
export function ColourFields({
  palette,
  weightScale,
  onPalette,
  onWeightScale,
  testIdPrefix = "",
  wide,
}: ColourFieldsProps) {
  const t = useT();
  return (
    <>
      <SelectField
        label={t("palette.label")}
        value={palette}
        testId={`${testIdPrefix}palette`}
        wide={wide}
        onChange={(value) => onPalette(value as PaletteName)}
      >
        {PALETTE_NAMES.map((name) => (
          <option key={name} value={name}>
            {t(`palette.${name}`)}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t("weightScale.label")}
        value={weightScale}
        testId={`${testIdPrefix}weight-scale`}
        wide={wide}
        onChange={(value) => onWeightScale(value as ScaleBy)}
      >
        <option value="domain">{t("weightScale.domain")}</option>
        <option value="row">{t("weightScale.row")}</option>
      </SelectField>
    </>
  );
}
