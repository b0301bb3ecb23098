// The render layer's edge: d3/canvas views, plain data and options in, a DOM node out. No React, no tfjs.
// Styles: import "render/render.css" once in the host.
export { formatNumber, MINUS } from "./format";
export {
  PALETTES,
  PALETTE_NAMES,
  contrastRatio,
  divergingScale,
  finiteExtent,
  paletteFor,
  relativeLuminance,
  sequentialScale,
  textColorOn,
  type Palette,
  type PaletteName,
  type ScaleBy,
} from "./scales";
export { legend, type LegendOptions } from "./legend";
export {
  applyHighlight,
  applyTheme,
  updateHeatmap,
  heatmap,
  type Cell,
  type CellDescription,
  type HeatmapElement,
  type HeatmapHighlight,
  type HeatmapOptions,
} from "./heatmap";
export { dataTable, type DataTableOptions } from "./dataTable";
export {
  HEAD_COLORS,
  applyFlowHighlight,
  updateFlow,
  flow,
  type FlowElement,
  type FlowTokenDescription,
  type FlowHighlight,
  type FlowOptions,
  type FlowValue,
} from "./flow";
export { type FlowToken } from "./flowLayout";
export {
  applyVectorHighlight,
  updateVectorStrips,
  vectorStrips,
  type VectorStripsElement,
  type VectorStripsOptions,
  type VectorValue,
} from "./vectors";
export { FALLBACK_THEME, FONT_FAMILY, isDark, readTheme, type Theme } from "./theme";
