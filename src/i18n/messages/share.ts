import type { Catalog } from "../lang";

/**
 * Sharing: permalinks (src/ui/permalink.ts), exports (src/render/heatmapSvg.ts, flowSvg.ts, matrixCsv.ts,
 * matrixJson.ts, traceJson.ts) and their labels. A link that cannot be read says what is wrong with it in one
 * of the share.error.* sentences (share.linkFailed in messages/exchange.ts wraps it).
 */
const en = {
  "share.export.png": "Image (PNG, 2×)",
  "share.export.svg": "Vector image (SVG)",
  "share.export.csv": "Matrix (CSV)",
  "share.export.json": "Matrix (JSON)",
  "share.export.trace": "Every intermediate (JSON)",

  "share.error.tooLong": "This link is {length} characters long, more than a link can be ({max}).",
  "share.error.format":
    "This link is damaged: its state should read s=VERSION.DATA, with a version number before the dot.",
  "share.error.newer":
    "This link was made by a newer version of Attention Playground (format {version}; this page reads formats up to {latest}). Reload the page to get the new version.",
  "share.error.unknownVersion":
    "This link has an unknown format number {version} (this page reads formats 1 to {latest}).",
  "share.error.base64":
    "This link is damaged: its data holds characters that a link's data never has (expected letters, digits, - and _).",
  "share.error.truncated": "This link is cut short: copy it again, in full.",
  "share.error.text": "This link is damaged: its data is not text.",
  "share.error.json": "This link is damaged: its data cannot be read as a state.",
  "share.error.notObject":
    "This link is damaged: its data is not a state (expected a set of named settings).",
} as const;

export type ShareKey = keyof typeof en;

const zh: Record<ShareKey, string> = {
  "share.export.png": "图片（PNG，2 倍）",
  "share.export.svg": "矢量图（SVG）",
  "share.export.csv": "矩阵（CSV）",
  "share.export.json": "矩阵（JSON）",
  "share.export.trace": "全部中间结果（JSON）",

  "share.error.tooLong": "这个链接有 {length} 个字符，超出了链接的长度上限（{max}）。",
  "share.error.format": "这个链接已损坏：其中的状态应写作 s=版本.数据，点号前是版本号。",
  "share.error.newer":
    "这个链接由更新版本的注意力游乐场生成（格式 {version}；本页面最多能读取格式 {latest}）。请刷新页面以获取新版本。",
  "share.error.unknownVersion": "这个链接的格式编号 {version} 无法识别（本页面能读取格式 1 到 {latest}）。",
  "share.error.base64": "这个链接已损坏：数据中有链接数据不会包含的字符（应为字母、数字、- 和 _）。",
  "share.error.truncated": "这个链接不完整：请重新完整地复制。",
  "share.error.text": "这个链接已损坏：其中的数据不是文本。",
  "share.error.json": "这个链接已损坏：其中的数据无法读取为状态。",
  "share.error.notObject": "这个链接已损坏：其中的数据不是状态（应为一组带名称的设置）。",
};

export const shareMessages: Catalog<ShareKey> = { en, "zh-CN": zh };
