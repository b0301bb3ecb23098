import { createContext, useCallback, useContext, useState } from "react";
import { loadSaved } from "../../explorer/persist";
import { readStorage, writeStorage } from "../../explorer/storage";
import type { PaletteName } from "../../render/paletteName";
import type { ScaleBy } from "../../render/scaleBy";
import { PALETTE_NAMES } from "../../render/scales";

/** The colours of the models page's heatmaps: a palette, and what a weight's colour stands for. */
export interface ModelColours {
  readonly palette: PaletteName;
  readonly weightScale: ScaleBy;
}

/** The page's own key; the explorer keeps its choice in its saved state. */
const COLOURS_KEY = "attention-playground:models-colours";

const DEFAULT_COLOURS: ModelColours = { palette: "default", weightScale: "domain" };

const paletteOf = (value: unknown): PaletteName | undefined => PALETTE_NAMES.find((name) => name === value);
/** As the widget's attribute says it: "weight" (each colour one weight) or "row"; the state's own words too. */
const scaleOf = (value: unknown): ScaleBy | undefined =>
  value === "row" ? "row" : value === "weight" || value === "domain" ? "domain" : undefined;

/**
 * The colours the page opens with, each chosen on its own: the address's (?palette=viridis&weight-scale=row,
 * the widget's words), else what was chosen on this page before, else the explorer's (a reader who chose a
 * palette for colour blindness there needs it here too), else the defaults.
 */
export function initialColours(
  search: string,
  saved: string | null | undefined,
  explorer: Partial<ModelColours> | undefined,
): ModelColours {
  const asked = new URLSearchParams(search);
  let kept: Record<string, unknown> = {};
  try {
    const parsed: unknown = saved ? JSON.parse(saved) : {};
    if (typeof parsed === "object" && parsed !== null) kept = parsed as Record<string, unknown>;
  } catch {
    // A value another version wrote, or none: the other sources decide.
  }
  return {
    palette:
      paletteOf(asked.get("palette")) ??
      paletteOf(kept.palette) ??
      explorer?.palette ??
      DEFAULT_COLOURS.palette,
    weightScale:
      scaleOf(asked.get("weight-scale")) ??
      scaleOf(kept.weightScale) ??
      explorer?.weightScale ??
      DEFAULT_COLOURS.weightScale,
  };
}

/**
 * The page's colours, remembered on this device when changed here (only then: opened from a link, the page
 * does not keep the link's colours).
 */
export function useModelColours(): [ModelColours, (colours: ModelColours) => void] {
  const [colours, setColours] = useState(() =>
    initialColours(location.search, readStorage("local", COLOURS_KEY), loadSaved()),
  );
  const choose = useCallback((next: ModelColours) => {
    writeStorage("local", COLOURS_KEY, JSON.stringify(next));
    setColours(next);
  }, []);
  return [colours, choose];
}

/** The page's colours and their setter, for every view of attention on it (AttentionBlocks). */
export const ColoursContext = createContext<{
  readonly colours: ModelColours;
  readonly setColours?: (colours: ModelColours) => void;
}>({ colours: DEFAULT_COLOURS });

export const useColours = () => useContext(ColoursContext);
