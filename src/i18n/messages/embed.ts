import type { Catalog } from "../lang";

/**
 * The embeddable widget's own words (<attention-playground>, src/embed): its caption, step controls, and
 * the messages for attributes it cannot read, which name the attribute, what it holds and what was expected.
 * embed.html's widget is set from its URL, whose reader wrote parameters and a permalink, not attributes:
 * its messages (embed.url.*) name those.
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
  "embed.errorKept":
    "These settings cannot be drawn: the figure below is from the last settings that could be",
  "embed.bad": 'Attribute {name}="{value}" is not valid: expected {expected}.',
  "embed.badNested": "Attribute {name}: {message}",
  "embed.missing":
    "Attribute {name} is missing: Q and K are both needed when either is given (V defaults to K).",
  "embed.labels":
    "Attribute tokens has {count}, but Q has {queries} and K has {keys}: expected one label per row of Q or of K.",
  "embed.url.bad": "URL parameter {name}={value} is not valid: expected {expected}.",
  "embed.url.badNested": "URL parameter {name}: {message}",
  "embed.url.permalink": "The link's permalink (#{value}) could not be opened. {message}",
  "embed.url.inPermalink":
    "The link's permalink (#{value}) holds a setting this figure cannot be drawn from: {message}",
  "embed.url.missing":
    "URL parameter {name} is missing: Q and K are both needed when either is given (V defaults to K).",
  "embed.url.labels":
    "URL parameter tokens has {count}, but Q has {queries} and K has {keys}: expected one label per row of Q or of K.",
  "embed.url.fullNeedsApp": "ui=full needs the URL parameter app: the URL of the full explorer",
  "embed.permalinkIgnoredOne":
    "Attribute permalink: 1 of the link's settings could not be used and has its default value: {fields}.",
  "embed.permalinkIgnored":
    "Attribute permalink: {count} of the link's settings could not be used and have their default values: {fields}.",
  "embed.url.permalinkIgnoredOne":
    "The link's permalink (#{value}) was opened, but 1 of its settings could not be used and has its default value: {fields}.",
  "embed.url.permalinkIgnored":
    "The link's permalink (#{value}) was opened, but {count} of its settings could not be used and have their default values: {fields}.",
  "embed.url.unknown": "URL parameter {name} is not one this page reads, and was ignored.",
  "embed.url.unknownLike":
    "URL parameter {name} is not one this page reads, and was ignored: did you mean {like}?",
  "embed.url.repeated":
    "URL parameter {name} is given {count} times: only the first, {name}={value}, is read, and the others were ignored.",
  "embed.url.damaged":
    "URL parameter {name} holds {escape}, which is not whole UTF-8 text: the link was cut inside a character or encoded wrongly. Copy it again, in full.",
  "embed.engineFailed": "TensorFlow.js could not compute this: {message}",
  "embed.expect.example": "one of {list}",
  "embed.expect.step": "a whole number from 1 to {max}",
  "embed.expect.view": "heatmap, flow or both",
  "embed.expect.head": "a head number from 1 to {heads}, or mean",
  "embed.expect.heads": "a whole number from 1 to {max}",
  "embed.expect.score": "one of {list}",
  "embed.expect.mask": "none or causal",
  "embed.expect.rope": "half, interleaved or off",
  "embed.expect.alibi": "true or false",
  "embed.expect.kvHeads": "a whole number that divides the {heads} heads",
  "embed.expect.window": "a whole number of keys, at least 1",
  "embed.expect.lang": "en or zh-CN",
  "embed.expect.theme": "light, dark or auto",
  "embed.expect.palette": "default, viridis, cividis or grayscale",
  "embed.expect.weightScale": "weight (one colour, one weight) or row (each row from 0 to its largest)",
  "embed.expect.height": "a CSS length such as 480px or 30rem",
  "embed.expect.ui": "figure, slider or full",
  "embed.expect.backend": "auto, webgpu, webgl, wasm or cpu",
  "embed.expect.app": "an http(s) URL of the full explorer, absolute or relative to this page",
  "embed.fullNeedsApp": 'ui="full" needs the app attribute: the URL of the full explorer',
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
    "embed.errorKept": "这些设置无法绘图：下面仍显示上一组可用设置的图",
    "embed.bad": "属性 {name}=“{value}” 无效：应为{expected}。",
    "embed.badNested": "属性 {name}：{message}",
    "embed.missing": "缺少属性 {name}：给出 Q 或 K 时两者都需要（V 默认等于 K）。",
    "embed.labels": "属性 tokens 有 {count}，但 Q 有 {queries}、K 有 {keys}：标签数应等于 Q 或 K 的行数。",
    "embed.url.bad": "网址参数 {name}={value} 无效：应为{expected}。",
    "embed.url.badNested": "网址参数 {name}：{message}",
    "embed.url.permalink": "链接中的永久链接（#{value}）无法打开。{message}",
    "embed.url.inPermalink": "链接中的永久链接（#{value}）含有无法据以绘图的设置：{message}",
    "embed.url.missing": "缺少网址参数 {name}：给出 Q 或 K 时两者都需要（V 默认等于 K）。",
    "embed.url.labels":
      "网址参数 tokens 有 {count}，但 Q 有 {queries}、K 有 {keys}：标签数应等于 Q 或 K 的行数。",
    "embed.url.fullNeedsApp": "ui=full 需要网址参数 app：完整探索器的网址",
    "embed.permalinkIgnoredOne": "属性 permalink：链接中有 1 项设置无法使用，已改用默认值：{fields}。",
    "embed.permalinkIgnored": "属性 permalink：链接中有 {count} 项设置无法使用，已改用默认值：{fields}。",
    "embed.url.permalinkIgnoredOne":
      "已打开链接中的永久链接（#{value}），但其中有 1 项设置无法使用，已改用默认值：{fields}。",
    "embed.url.permalinkIgnored":
      "已打开链接中的永久链接（#{value}），但其中有 {count} 项设置无法使用，已改用默认值：{fields}。",
    "embed.url.unknown": "网址参数 {name} 不是本页面读取的参数，已忽略。",
    "embed.url.unknownLike": "网址参数 {name} 不是本页面读取的参数，已忽略：是否想写 {like}？",
    "embed.url.repeated": "网址参数 {name} 出现了 {count} 次：只读取第一个 {name}={value}，其余的已忽略。",
    "embed.url.damaged":
      "网址参数 {name} 含有 {escape}，这不是完整的 UTF-8 文字：链接可能在某个字符中间被截断了，或者编码有误。请重新完整地复制。",
    "embed.engineFailed": "TensorFlow.js 无法计算：{message}",
    "embed.expect.example": "以下之一：{list}",
    "embed.expect.step": "1 到 {max} 之间的整数",
    "embed.expect.view": "heatmap、flow 或 both",
    "embed.expect.head": "1 到 {heads} 之间的头编号，或 mean",
    "embed.expect.heads": "1 到 {max} 之间的整数",
    "embed.expect.score": "以下之一：{list}",
    "embed.expect.mask": "none 或 causal",
    "embed.expect.rope": "half、interleaved 或 off",
    "embed.expect.alibi": "true 或 false",
    "embed.expect.kvHeads": "能整除 {heads} 个头的整数",
    "embed.expect.window": "至少为 1 的整数（键的个数）",
    "embed.expect.lang": "en 或 zh-CN",
    "embed.expect.theme": "light、dark 或 auto",
    "embed.expect.palette": "default、viridis、cividis 或 grayscale",
    "embed.expect.weightScale": "weight（同一权重同一颜色）或 row（每行从 0 到该行最大权重）",
    "embed.expect.height": "CSS 长度，例如 480px 或 30rem",
    "embed.expect.ui": "figure、slider 或 full",
    "embed.expect.backend": "auto、webgpu、webgl、wasm 或 cpu",
    "embed.expect.app": "完整探索器的 http(s) 网址，绝对或相对于本页",
    "embed.fullNeedsApp": 'ui="full" 需要 app 属性：完整探索器的网址',
    "embed.expect.tokens": "字符串的 JSON 数组，或普通文本",
    "embed.expect.permalink": "分享对话框生成的链接（s=2.…）",
  },
};
