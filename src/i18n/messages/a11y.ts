import type { Catalog } from "../lang";

/**
 * What screen readers say, and the colour palettes' names. Announcements are short and start with what
 * changes least (the query), so that moving along a row reads as a list: "query 'it', key 'animal',
 * weight 0.62". {value} is the number as the cell prints it.
 */
const en = {
  "a11y.cell": "query '{query}', key '{key}', {quantity} {value}",
  "a11y.cellMasked": "query '{query}', key '{key}', masked",
  "a11y.tokenCell": "token '{token}', dimension {dim}, {quantity} {value}",
  "a11y.score": "score",
  "a11y.scaled": "scaled score",
  "a11y.masked": "masked score",
  "a11y.weight": "weight",
  "a11y.value": "value",
  "a11y.heatmapKeys": "Arrow keys move between cells. Enter locks a cell; Escape releases it.",
  "a11y.flowQuery": "query '{token}': strongest key '{other}', {value}",
  "a11y.flowKey": "key '{token}': strongest query '{other}', {value}",
  "a11y.flowQueryNone": "query '{token}': sees no key",
  "a11y.flowKeyNone": "key '{token}': no query attends to it",
  "a11y.inHead": "{text} (head {n})",
  "palette.label": "Colours",
  "palette.default": "blue–red (ColorBrewer)",
  "palette.viridis": "viridis",
  "palette.cividis": "cividis",
  "palette.grayscale": "grayscale",
  "weightScale.label": "Weight colours",
  "weightScale.domain": "0 to 1: one colour, one weight",
  "weightScale.row": "each row: 0 to its largest weight",
} as const;

type A11yKey = keyof typeof en;

export const a11yMessages: Catalog<A11yKey> = {
  en,
  "zh-CN": {
    "a11y.cell": "查询“{query}”，键“{key}”，{quantity} {value}",
    "a11y.cellMasked": "查询“{query}”，键“{key}”，已遮住",
    "a11y.tokenCell": "词元“{token}”，第 {dim} 维，{quantity} {value}",
    "a11y.score": "分数",
    "a11y.scaled": "缩放后的分数",
    "a11y.masked": "掩码后的分数",
    "a11y.weight": "权重",
    "a11y.value": "值",
    "a11y.heatmapKeys": "方向键在单元格之间移动。Enter 锁定单元格，Esc 解除。",
    "a11y.flowQuery": "查询“{token}”：最强的键“{other}”，{value}",
    "a11y.flowKey": "键“{token}”：最强的查询“{other}”，{value}",
    "a11y.flowQueryNone": "查询“{token}”：看不到任何键",
    "a11y.flowKeyNone": "键“{token}”：没有查询关注它",
    "a11y.inHead": "{text}（第 {n} 个头）",
    "palette.label": "配色",
    "palette.default": "蓝–红（ColorBrewer）",
    "palette.viridis": "viridis",
    "palette.cividis": "cividis",
    "palette.grayscale": "灰度",
    "weightScale.label": "权重配色",
    "weightScale.domain": "0 到 1：同一颜色即同一权重",
    "weightScale.row": "每行：0 到该行最大权重",
  },
};
