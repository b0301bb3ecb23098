import type { Catalog } from "../lang";

/**
 * Sharing: permalinks (src/ui/permalink.ts), exports (src/render/heatmapSvg.ts, flowSvg.ts, matrixCsv.ts,
 * matrixJson.ts, traceJson.ts) and their labels. A link that cannot be read says what is wrong with it in one
 * of the share.error.* sentences (share.linkFailed in messages/exchange.ts wraps it). A link that opens with
 * settings it could not use lists them (share.ignored.*: the field, the value refused, share.expect.* what was
 * expected; share.linkIgnored in messages/exchange.ts wraps the list).
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

  "share.ignored.field": "{path} ({value}: expected {expected})",
  "share.ignored.unknown": "{path} (not a setting this page knows)",
  "share.ignored.list": "{first}, {rest}",
  "share.ignored.more": "{list}, and {n} more",
  "share.expect.oneOf": "one of {list}",
  "share.expect.number": "a number from {min} to {max}",
  "share.expect.whole": "a whole number from {min} to {max}",
  "share.expect.wholeAtLeast": "a whole number, at least {min}",
  "share.expect.wholeAny": "a whole number",
  "share.expect.greaterThanOne": "a number greater than 1, at most {max}",
  "share.expect.boolean": "true or false",
  "share.expect.text": "text of at most {max} characters",
  "share.expect.texts": "a list of at most {max} texts, {characters} characters in all",
  "share.expect.cells": "rows of cell texts, each as long as the first, at most {max} × {max}",
  "share.expect.painted": "a list of [query, key] pairs of whole numbers from 0 to {max}",
  "share.expect.object": "a set of named settings",
  "share.expect.locked": "null, or the locked cell {query, key}",
  "share.expect.lesson":
    "null, or a lesson {example, stop} whose example is an example's id (lowercase letters, digits and -)",
  "share.expect.head": "a whole number from 0 to {max}, or mean",
  "share.expect.kvHeads": "null (as many KV heads as heads) or a whole number from 1 to {max}",
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

  "share.ignored.field": "{path}（{value}：应为{expected}）",
  "share.ignored.unknown": "{path}（本页面不认识这项设置）",
  "share.ignored.list": "{first}；{rest}",
  "share.ignored.more": "{list}；另有 {n} 项",
  "share.expect.oneOf": "以下之一：{list}",
  "share.expect.number": "{min} 到 {max} 之间的数",
  "share.expect.whole": "{min} 到 {max} 之间的整数",
  "share.expect.wholeAtLeast": "至少为 {min} 的整数",
  "share.expect.wholeAny": "整数",
  "share.expect.greaterThanOne": "大于 1、至多为 {max} 的数",
  "share.expect.boolean": "true 或 false",
  "share.expect.text": "至多 {max} 个字符的文本",
  "share.expect.texts": "至多 {max} 段文本的列表，共计至多 {characters} 个字符",
  "share.expect.cells": "若干行单元格文本，每行与第一行等长，至多 {max} × {max}",
  "share.expect.painted": "由 [查询, 键] 整数对组成的列表，每个数在 0 到 {max} 之间",
  "share.expect.object": "一组带名称的设置",
  "share.expect.locked": "null，或锁定的格子 {query, key}",
  "share.expect.lesson": "null，或课程 {example, stop}，其中 example 为示例的标识（小写字母、数字和 -）",
  "share.expect.head": "0 到 {max} 之间的整数，或 mean",
  "share.expect.kvHeads": "null（KV 头数与头数相同）或 1 到 {max} 之间的整数",
};

export const shareMessages: Catalog<ShareKey> = { en, "zh-CN": zh };
