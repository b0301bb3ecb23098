import type { Catalog } from "../lang";

/**
 * The embeddable widget's own words (<attention-playground>, src/embed): its caption, step controls, and
 * the messages for attributes it cannot read, which name the attribute, what it holds and what was expected.
 */
const en = {
  "embed.caption": "Step {n} of {total} · {title}",
  "embed.orientation": "Rows are queries, columns are keys.",
  "embed.open": "Open in Attention Playground",
  "embed.step": "Step",
  "embed.stepValue": "Step {n} of {total}: {title}",
  "embed.prev": "Previous step",
  "embed.next": "Next step",
  "embed.figure": "Attention figure",
  "embed.frameTitle": "Attention Playground explorer",
  "embed.loading": "Computing on TensorFlow.js…",
  "embed.computedBy": "Computed with {backend}",
  "embed.reference": "the float64 reference",
  "embed.tfjs": "TensorFlow.js ({backend})",
  "embed.errorTitle": "This attention figure cannot be drawn",
  "embed.bad": 'Attribute {name}="{value}" is not valid: expected {expected}.',
  "embed.badNested": "Attribute {name}: {message}",
  "embed.missing":
    "Attribute {name} is missing: Q and K are both needed when either is given (V defaults to K).",
  "embed.labels":
    "Attribute tokens has {count} labels, but Q has {queries} rows and K has {keys}: expected one label per row of Q or of K.",
  "embed.engineFailed": "TensorFlow.js could not compute this: {message}",
  "embed.expect.example": "one of {list}",
  "embed.expect.step": "a whole number from 1 to {max}",
  "embed.expect.view": "heatmap, flow or both",
  "embed.expect.head": "a head number from 1 to {heads}, or mean",
  "embed.expect.heads": "a whole number from 1 to {max}",
  "embed.expect.score": "one of {list}",
  "embed.expect.mask": "none or causal",
  "embed.expect.lang": "en or zh-CN",
  "embed.expect.theme": "light, dark or auto",
  "embed.expect.height": "a CSS length such as 480px or 30rem",
  "embed.expect.ui": "figure, slider or full",
  "embed.expect.tokens": "a JSON array of strings, or plain text",
  "embed.expect.permalink": "a link made by the share dialog (s=2.…)",
} as const;

type EmbedKey = keyof typeof en;

export const embedMessages: Catalog<EmbedKey> = {
  en,
  "zh-CN": {
    "embed.caption": "第 {n} 步（共 {total} 步）· {title}",
    "embed.orientation": "行是查询，列是键。",
    "embed.open": "在 Attention Playground 中打开",
    "embed.step": "步骤",
    "embed.stepValue": "第 {n} 步（共 {total} 步）：{title}",
    "embed.prev": "上一步",
    "embed.next": "下一步",
    "embed.figure": "注意力图",
    "embed.frameTitle": "注意力游乐场探索器",
    "embed.loading": "正在用 TensorFlow.js 计算…",
    "embed.computedBy": "计算方式：{backend}",
    "embed.reference": "float64 参考实现",
    "embed.tfjs": "TensorFlow.js（{backend}）",
    "embed.errorTitle": "无法绘制这张注意力图",
    "embed.bad": "属性 {name}=“{value}” 无效：应为{expected}。",
    "embed.badNested": "属性 {name}：{message}",
    "embed.missing": "缺少属性 {name}：给出 Q 或 K 时两者都需要（V 默认等于 K）。",
    "embed.labels":
      "属性 tokens 有 {count} 个标签，但 Q 有 {queries} 行、K 有 {keys} 行：标签数应等于 Q 或 K 的行数。",
    "embed.engineFailed": "TensorFlow.js 无法计算：{message}",
    "embed.expect.example": "以下之一：{list}",
    "embed.expect.step": "1 到 {max} 之间的整数",
    "embed.expect.view": "heatmap、flow 或 both",
    "embed.expect.head": "1 到 {heads} 之间的头编号，或 mean",
    "embed.expect.heads": "1 到 {max} 之间的整数",
    "embed.expect.score": "以下之一：{list}",
    "embed.expect.mask": "none 或 causal",
    "embed.expect.lang": "en 或 zh-CN",
    "embed.expect.theme": "light、dark 或 auto",
    "embed.expect.height": "CSS 长度，例如 480px 或 30rem",
    "embed.expect.ui": "figure、slider 或 full",
    "embed.expect.tokens": "字符串的 JSON 数组，或普通文本",
    "embed.expect.permalink": "分享对话框生成的链接（s=2.…）",
  },
};
