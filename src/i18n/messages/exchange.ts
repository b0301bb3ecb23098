import type { Catalog } from "../lang";

/** Sharing (permalinks, snippets), exports, and imported attention weights. */
const en = {
  "share.open": "Share",
  "share.title": "Share, embed and export",
  "share.link": "Permalink: this exact state (inputs, settings, step, selection, view)",
  "share.widget": "Widget for a web page (one script tag)",
  "share.iframe": "Iframe, for pages that allow no scripts",
  "share.copy": "Copy",
  "share.copied": "Copied",
  "share.exports": "Step {step}: {view}",
  "share.trace": "The whole trace (every intermediate)",
  "share.linkFailed": "This link could not be opened ({reason}). The explorer shows your last work instead.",
  "share.linkOpened": "Opened from a link. Your previous work is one Undo away.",
  "share.linkIgnoredOne":
    "This link was opened, but 1 of its settings could not be used and has its default value: {fields}. Your previous work is one Undo away.",
  "share.linkIgnored":
    "This link was opened, but {count} of its settings could not be used and have their default values: {fields}. Your previous work is one Undo away.",
  // Saved work that could not be read in full (persist.ts loadSavedWork): what opened, and where it is kept.
  "save.unreadable":
    "Your saved work could not be read, so the explorer opens on the first lesson, as on a first visit. {kept}",
  "save.ignoredOne":
    "Your saved work was opened, but 1 of its settings could not be read and has its default value: {fields}. {kept}",
  "save.ignored":
    "Your saved work was opened, but {count} of its settings could not be read and have their default values: {fields}. {kept}",
  "save.kept": "What was saved is kept, unchanged, in this browser's local storage under {key}.",
  "save.notKept": "This browser's storage could not keep a copy of it: the next save replaces it.",
  // Parameters of the address the page could not use (startup.ts ignoredInAddress), as name=value.
  "address.ignoredOne":
    "URL parameter {fields} could not be used, and was left out. Steps are 1 to 8; the Examples menu lists the examples.",
  "address.ignored":
    "{count} URL parameters could not be used, and were left out: {fields}. Steps are 1 to 8; the Examples menu lists the examples.",

  "import.panel": "Import attention weights",
  "import.help":
    'A JSON file shaped [layers][heads][n][n] with its tokens, as model libraries return them ({"tokens": […], "attention": […]}), or a NumPy .npy file.',
  "import.choose": "Choose a file…",
  "import.drop": "or drop it here",
  "import.tokens": "Tokens for a .npy file (separated by spaces; optional)",
  "import.paste": "Or paste JSON",
  "import.load": "Load",
  "import.pastedName": "pasted JSON",
  "import.failed": "{name} was not loaded: {message}",
  "import.title": "Imported attention",
  "import.summary": "{name}: {layers} × {heads}, {queries} × {keys}.",
  "import.layer": "Layer",
  "import.head": "Head",
  "import.close": "Back to the explorer",
  "import.viewTitle": "Layer {layer}, head {head}: attention weights",
};

type Key = keyof typeof en;

const zh: Record<Key, string> = {
  "share.open": "分享",
  "share.title": "分享、嵌入与导出",
  "share.link": "永久链接：当前的完整状态（输入、设置、步骤、选中的格子、视图）",
  "share.widget": "网页小组件（一个 script 标签）",
  "share.iframe": "iframe，用于不允许脚本的页面",
  "share.copy": "复制",
  "share.copied": "已复制",
  "share.exports": "第 {step} 步：{view}",
  "share.trace": "完整计算过程（所有中间结果）",
  "share.linkFailed": "无法打开这个链接（{reason}）。探索器显示的是你上次的内容。",
  "share.linkOpened": "已从链接打开。你之前的内容按一次“撤销”即可恢复。",
  "share.linkIgnoredOne":
    "已打开这个链接，但其中有 1 项设置无法使用，已改用默认值：{fields}。你之前的内容按一次“撤销”即可恢复。",
  "share.linkIgnored":
    "已打开这个链接，但其中有 {count} 项设置无法使用，已改用默认值：{fields}。你之前的内容按一次“撤销”即可恢复。",
  "save.unreadable": "无法读取你保存的内容，探索器像首次访问时一样打开第一课。{kept}",
  "save.ignoredOne": "已打开你保存的内容，但其中有 1 项设置无法读取，已改用默认值：{fields}。{kept}",
  "save.ignored": "已打开你保存的内容，但其中有 {count} 项设置无法读取，已改用默认值：{fields}。{kept}",
  "save.kept": "原来保存的内容已原样保留在本浏览器的本地存储中，键名为 {key}。",
  "save.notKept": "本浏览器的存储无法保留它的副本：下次保存时会将其覆盖。",
  "address.ignoredOne": "网址参数 {fields} 本页无法使用，已忽略。步骤为 1 到 8；“示例”菜单列出了所有示例。",
  "address.ignored":
    "有 {count} 个网址参数本页无法使用，已忽略：{fields}。步骤为 1 到 8；“示例”菜单列出了所有示例。",

  "import.panel": "导入注意力权重",
  "import.help":
    '形状为 [层][头][n][n] 的 JSON 文件并附词元，即模型库返回的格式（{"tokens": […], "attention": […]}），或 NumPy 的 .npy 文件。',
  "import.choose": "选择文件…",
  "import.drop": "或拖放到这里",
  "import.tokens": ".npy 文件的词元（用空格分隔；可选）",
  "import.paste": "或粘贴 JSON",
  "import.load": "载入",
  "import.pastedName": "粘贴的 JSON",
  "import.failed": "{name} 未载入：{message}",
  "import.title": "导入的注意力",
  "import.summary": "{name}：{layers} × {heads}，{queries} × {keys}。",
  "import.layer": "层",
  "import.head": "头",
  "import.close": "返回探索器",
  "import.viewTitle": "第 {layer} 层，第 {head} 个头：注意力权重",
};

export const exchangeMessages: Catalog<Key> = { en, "zh-CN": zh };
