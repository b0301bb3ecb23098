import {
  english,
  fillTemplate,
  MESSAGES,
  type Message,
  type MessageKey,
  type MessageParams,
} from "../../core/messages";
import type { Catalog } from "../lang";

/**
 * Input errors and engine notices. The English templates are the core's own (src/core/messages.ts), so the
 * page says in English exactly what the library says; the explorer adds its own few below. Chinese: the
 * same ids, the same placeholders (errors.test.ts checks both), the terms of Chinese ML teaching.
 */
const EXPLORER_EN = {
  "error.explorer.noTokens": "There are no tokens: type some text.",
  "error.explorer.invisibleOnly":
    "The text holds only invisible characters ({list}), which make no tokens: type some visible text.",
  "error.explorer.tooManyTokens": "{count} tokens is more than this page shows smoothly: the limit is {max}.",
  "error.explorer.exactTooLarge":
    "Exact (float64) computes in the page itself, up to {max} multiply-adds; this problem has {work}. Choose a TensorFlow.js backend: it computes in a worker, and the page stays responsive.",
  "error.explorer.gridTooLarge":
    "{name} is {rows} × {cols}: the limit for editing by hand is {maxRows} × {maxCols}.",
} as const;

export type ErrorKey = MessageKey | keyof typeof EXPLORER_EN;

const en: Record<ErrorKey, string> = { ...MESSAGES, ...EXPLORER_EN };

const zh: Record<ErrorKey, string> = {
  "at.row": "{name} 第 {row} 行",
  "at.cell": "{name} 第 {row} 行第 {col} 列",
  "at.rowCol": "第 {row} 行第 {col} 列",
  "quote.double": "“{text}”",
  "list.next": "{first}、{rest}",
  "quote.single": "“{text}”",
  "value.text": "文本“{text}”",
  "count.entry": "{n} 项",
  "count.entries": "{n} 项",
  "count.number": "{n} 个数",
  "count.numbers": "{n} 个数",
  "count.row": "{n} 行",
  "count.rows": "{n} 行",
  "count.column": "{n} 列",
  "count.columns": "{n} 列",
  "count.dimension": "{n} 维",
  "count.dimensions": "{n} 维",
  "count.byte": "{n} 字节",
  "count.bytes": "{n} 字节",
  "count.token": "{n} 个词元",
  "count.tokens": "{n} 个词元",
  "count.keyToken": "{n} 个键词元",
  "count.keyTokens": "{n} 个键词元",
  "count.query": "{n} 个查询",
  "count.queries": "{n} 个查询",
  "count.key": "{n} 个键",
  "count.keys": "{n} 个键",
  "count.layer": "{n} 层",
  "count.layers": "{n} 层",
  "count.head": "{n} 个头",
  "count.heads": "{n} 个头",
  "count.queryHead": "{n} 个查询头",
  "count.queryHeads": "{n} 个查询头",
  "count.kvHead": "{n} 个 KV 头",
  "count.kvHeads": "{n} 个 KV 头",
  "count.label": "{n} 个标签",
  "count.labels": "{n} 个标签",
  "word.mask": "掩码",
  "word.tokens": "词元",
  "word.keyTokens": "键词元",
  "word.none": "无",
  "word.noMessage": "无说明",
  "word.destroyed": "已销毁",
  "word.unknown": "原因未知",
  "word.qkWidth": "Q/K 宽度",
  "word.vWidth": "V 宽度",
  "name.generalHead": "W（一般形式，第 {head} 个头）",
  "name.additiveWq": "W_q（加性，第 {head} 个头）",
  "name.additiveWk": "W_k（加性，第 {head} 个头）",
  "name.additiveV": "v（加性，第 {head} 个头）",

  "error.text": "出错了：{message}",

  "error.matrix.missing": "缺少 {name}：应为一个矩阵（由数字组成的行）",
  "error.matrix.dataLength": "{name} 有 {got}，应为 行数 × 列数 = {want} 个",
  "error.matrix.rowNotList": "{at}不是由数字组成的列表",
  "error.matrix.ragged": "{at}有 {got}，应与第 1 行一样有 {want} 项",
  "error.matrix.empty": "{name} 为空：至少需要一行一列",
  "error.matrix.notFinite": "{at}是 {value}：应为有限数",
  "error.matrix.tooLarge": "{at}是 {value}，太大了：应在 −1e6 到 1e6 之间",

  "error.mask.paddingLength": "掩码：填充的有效长度是 {value}，应为 0 到 {keys}（键的个数）之间的整数",
  "error.mask.rows": "掩码有 {got}，应为 {want} 行（每个查询一行；行是查询，列是键）",
  "error.mask.rowLength": "{at}有 {got}，应为 {want} 项（每个键一项）",
  "error.mask.entry": "{at}是 {value}：应为 true/false 或 1/0（1 表示遮住）",
  "error.mask.kind": "掩码类型“{kind}”未知：应为 none、causal、padding、custom 或 sliding",
  "error.mask.window": "掩码：滑动窗口是 {value}，应为至少 1 的整数（键的个数）",

  "error.scores.overflow":
    "第 {head} 个头，查询 {query}，键 {key}：缩放后的分数是 {value}（{precision} 溢出），应为有限数；请减小输入或增大温度",

  "error.parse.unopened": "{name}：“{close}”前面没有对应的“{open}”（括号应成对出现）",
  "error.parse.mismatched": "{name}：“{open}”被“{close}”闭合（应为“{want}”）",
  "error.parse.unclosed": "{name}：“{open}”没有闭合（缺少对应的“{close}”）",
  "error.parse.rowNotBracketed": "{at}：发现{text}，应为用括号括起的一行数字，例如 [1, 2]",
  "error.parse.nestedList": "{at}：发现一个列表，应为数字",
  "error.parse.semicolon": "{at}：括号内的一行中出现了“;”，应为用括号括起的一行数字，例如 [1, 2]",
  "error.parse.bracketedList": "{at}：发现一个带括号的列表，应为数字",
  "error.parse.noRows": "{name} 为空：至少需要一行数字",
  "error.parse.emptyRow": "{at}为空：至少需要一个数字",
  "error.parse.ragged": "{at}有 {got}，应与第 1 行一样有 {want} 项",
  "error.parse.notFinite": "{at}：{text}不是有限数（应为有限数）",
  "error.parse.textTooLong": "{name}：文本长 {length} 个字符，太长了：最多 {max} 个字符",
  "error.parse.tooManyEntries":
    "{name}：文本有 {count} 个数，太多了：最多 {max} 个（{maxRows} 行 × {maxCols} 列）",
  "error.parse.tooManyRows": "{name}：文本有 {count} 行，太多了：最多 {max} 行",
  "error.parse.emptyEntry": "{at}：该项为空（应为有限数，例如 0.5 或 -1e-3）",
  "error.parse.ellipsis":
    "{at}：“...”是 NumPy 省略掉的部分（需要每一项：请用 np.set_printoptions(threshold=sys.maxsize) 打印数组）",
  "error.parse.notNumber": "{at}：{text}不是数字（应为有限数，例如 0.5 或 -1e-3）",
  "error.parse.decimalComma":
    "{at}：{text}不是数字：在用“;”或制表符分隔各项的行里，“,”是小数逗号，只能有一个，并且位于两个数字之间（应为数字，例如 0,5 或 -1,2e-3）",
  "error.parse.tooLarge": "{at}：{text}太大了（应为有限数）",
  "error.parse.notText": "{name}：应为文本，实际是 {type}",
  "error.parse.unreadable": "无法读取 {name}（{reason}）：应为由数字组成的行",
  "error.parse.notVector": "{name} 有 {rows} 行 {cols} 列：应为一行或一列数字",
  "error.cell.empty": "{at}为空（应为有限数，例如 0.5 或 -1e-3）",
  "error.paste.tooLarge":
    "{name}：在{at}粘贴的 {rows} × {cols} 数据块会使 {name} 变为 {needRows} × {needCols}（最多 {maxRows} 行、{maxCols} 列）",
  "note.paste.commaSeparates":
    "{name}：第 {line} 行{text}中的“,”被当作项与项之间的分隔符，所以数据块是 {rows} × {cols}；如果它是小数逗号（0,5 即 0.5），数据块应是 {otherRows} × {otherCols}",
  "note.paste.decimalComma":
    "{name}：第 {line} 行{text}中的“,”被当作小数逗号（0,5 即 0.5）：如果把它当作项与项之间的分隔符，各行的项数就不一致",
  "note.paste.commaSeparatesOnly":
    "{name}：第 {line} 行{text}中的“,”被当作项与项之间的分隔符：如果把它当作小数逗号，各行的项数就不一致",

  "error.spec.unreadable": "无法读取注意力设置：{reason}",
  "error.spec.noSource": "注意力设置没有输入来源：应为 tokens、embeddings 或 qkv",
  "error.spec.sourceKind": "输入来源类型“{kind}”未知：应为 tokens、embeddings 或 qkv",
  "error.heads.range": "头数是 {value}：应为 1 到 {max} 之间的整数",
  "error.heads.divide": "{name} 有 {cols}，不能平均分给 {heads}：列数应为 {multiple} 的倍数",
  "error.score.unknown": "评分函数“{name}”未知：应为 {list}",
  "error.temperature.range": "温度 τ 是 {value}：应为大于 0 的数，范围是 {min} 到 {max}",
  "error.mode.unknown": "注意力类型“{mode}”未知：应为 soft 或 hard",
  "error.dModel.range": "d_model 是 {value}：应为 1 到 {max} 之间的整数",
  "error.seed.integer": "随机种子是 {value}：应为整数",
  "error.positional.unknown": "位置编码“{value}”未知：应为 none 或 sinusoidal",
  "error.tokens.empty": "{name}为空：至少需要一个词元",
  "error.tokens.notString": "{name}的第 {index} 项不是字符串",
  "error.shape.queryKeyWidth": "{b} 有 {got}，应与 {a} 一样有 {want} 列（查询和键的宽度必须相同）",
  "error.shape.valueRows": "V 有 {got}，应与 K 一样有 {want} 行（每个键对应一个值）",
  "error.shape.crossWidth": "X_kv 有 {got}，应与 X 一样有 {want} 列（d_model）",
  "error.shape.projectionRows": "{name} 有 {got}，应为 {want} 行（d_model，即 X 的列数）",
  "error.shape.outputRows": "W_O 有 {got}，应为 {want} 行（头数 × d_v，即各头拼接后的宽度）",
  "error.tooLarge.width": "{name}是 {value}，太大了：最多 {max}",
  "error.tooLarge.columns": "{name} 有 {cols} 列，太多了：最多 {max} 列",
  "error.tooLarge.dModel": "X：d_model 是 {value}，太大了：最多 {max}",
  "error.tooLarge.tokens": "序列有 {count} 个词元，太多了：最多 {max} 个",
  "error.tooLarge.queries": "Q：有 {count} 个查询，太多了：最多 {max} 个",
  "error.tooLarge.keys": "K：有 {count} 个键，太多了：最多 {max} 个",
  "error.tooLarge.scores":
    "分数：{heads} 个头 × {queries} 个查询 × {keys} 个键 = {total} 个分数，太多了：最多 {max} 个（例如 8 个头，每个 2048 × 2048）",
  "error.tooLarge.additive": "分数：加性评分函数需要 {count} 个 tanh 项，太多了：最多 {max} 个",
  "error.general.missing":
    "缺少 W（一般形式）：一般形式评分函数需要 scoreParams.general，即 {heads} 个 [d_k, d_k] = [{dK}, {dK}] 的矩阵 W，每个头一个；实际是 {got}",
  "error.general.shape": "{name} 是 [{rows}, {cols}]，应为 [{dK}, {dK}]（d_k × d_k）",
  "error.additive.missing":
    "缺少 W（加性）：加性评分函数需要 scoreParams.additive，即 {heads} 组 {wq, wk, v}，每个头一组；实际是 {got}",
  "error.additive.shape": "{name} 是 [{rows}, {cols}]，应为 [{dK}, {dA}]（d_k × d_a）",
  "error.additive.vLength": "{name} 有 {got}，应为 {want} 项（d_a）",

  "error.rope.spec": "rope：应为对象 {base, layout, offset}",
  "error.rope.oddWidth": "rope：d_k 是 {dK}，为奇数：RoPE 按列两两旋转，所以每个头的 d_k 必须是偶数",
  "error.rope.base": "rope：底数 base 是 {value}，应为大于 1、至多 {max} 的数",
  "error.rope.layout": "rope：配对方式“{value}”未知：应为 half 或 interleaved",
  "error.rope.offset": "rope：位置偏移是 {value}，应为 0 到 {max} 的整数",
  "error.online.blockSize":
    "块大小 B 是 {value}：应为至少为 1 的整数（键的个数；不小于 {keys} 时，一个块就装下全部键）",
  "error.kvCache.cross":
    "KV 缓存：查询（{queries} 个）和键（{keys} 个）来自不同的序列；逐词解码需要自注意力，每个缓存的键对应一个查询",
  "error.kvCache.tooLarge":
    "KV 缓存：这里在页面中以 float64 逐步计算每一次解码，只用于工作量至多 {max}（头数 × 词元数² × (d_k + d_v)）的问题；这个问题是 {work}。减少词元或头数、或减小 d_model 即可查看",
  "error.alibi.notBoolean": "alibi 是 {value}：应为 true 或 false",
  "error.kvHeads.range": "KV 头数 h_kv 是 {value}：应为 1 到 {heads}（查询头数）的整数",
  "error.kvHeads.divide": "KV 头数 h_kv 是 {value}，不能整除 {heads} 个查询头：应为 {heads} 的约数",
  "error.shape.kvWidth": "{name} 有 {got}，应为 {want} 列：{kvHeads} × 每头 {per}",
  "engine.unavailable": "{backend} 不可用：{reason}",
  "engine.failed": "{backend} 出错（{reason}），正在换下一个后端重新计算",
  "engine.noWebGPU": "此浏览器不支持 WebGPU（缺少 navigator.gpu）",
  "engine.webglNeedsBrowser": "WebGL 需要在浏览器中运行",
  "engine.noOffscreenCanvas": "在 Worker 中使用 WebGL 需要 OffscreenCanvas，而此浏览器不支持",
  "engine.wasmBlocked":
    "本页的内容安全策略（Content-Security-Policy）不允许编译 WebAssembly：要使用 wasm，请在 script-src 中加入 'wasm-unsafe-eval'",
  "engine.noWasm": "此浏览器无法运行 WebAssembly（{message}）",
  "engine.loadTimeout": "加载 {backend} 后端超过 {ms} 毫秒仍未完成",
  "engine.initTimeout": "初始化 {backend} 后端超过 {ms} 毫秒仍未完成",
  "engine.initFailed": "tfjs 无法初始化 {backend}",
  "engine.deviceLost": "WebGPU 设备丢失（{reason}：{message}）",
  "engine.contextLost": "WebGL 上下文丢失",
  "engine.measureFailed": "测速时出错：{message}",
  "engine.didNotStart": "未能启动",
  "engine.switchTimeout": "切换到 {backend} 后端超过 {ms} 毫秒仍未完成",
  "engine.switchFailed": "尝试 {attempts} 次仍未能切换到 {backend} 后端",
  "engine.workerFailed": "引擎的 Worker 出错：{message}",

  "at.import.layer": "第 {n} 层",
  "at.import.batch": "批次第 {n} 项",
  "at.import.head": "第 {n} 个头",
  "at.import.row": "第 {n} 行",
  "at.import.col": "第 {n} 列",
  "at.import.in": "{outer}，{inner}",
  "word.weights": "权重数组",
  "error.import.json": "内容不是有效的 JSON",
  "error.import.jsonAt": "内容不是有效的 JSON：第 {line} 行第 {column} 列，“{near}”处有误",
  "error.import.jsonEnd": "内容在第 {line} 行第 {column} 列就结束了，JSON 还没有结束：缺少右括号或值",
  "error.import.noWeights":
    "文件中没有注意力权重：应为嵌套 2 到 4 层的数字数组，或一个对象，其 {field}（或 {fieldHf}）字段是这样的数组",
  "error.import.depth":
    "注意力权重嵌套了 {depth} 层：应为 4 层（[层][头][查询][键]）、3 层（[头][查询][键]）或 2 层（[查询][键]）",
  "error.import.notList": "{at} 是 {value}：应为列表",
  "error.import.empty": "{at} 为空：至少需要一项",
  "error.import.ragged": "{at} 有 {got}，应与第一项一样有 {want} 项",
  "error.import.batch": "权重包含一批 {batch} 个序列：只能有一个（保存前先取批次的第 0 项）",
  "error.import.notNumber": "{at} 是 {value}：应为数字",
  "error.import.notFinite": "{at} 是 {value}：应为有限数",
  "error.import.negative": "{at} 是 {value}：权重应大于或等于 0",
  "error.import.rowSum":
    "{at} 的和是 {sum}：每行权重之和应为 1（误差在 {tolerance} 以内），完全被掩码的行应为 0；分数要先归一化为权重",
  "error.import.tokenCount": "{want}却有 {count}：{name}的个数应与{side}相同",
  "error.import.tokensNotList": "{name} 是 {value}：应为字符串列表",
  "error.import.tooMany": "有 {count} 个{what}，太多了：最多 {max} 个",
  "error.import.tooManyWeights":
    "{layers} 层 × {heads} 个头 × {queries} 个查询 × {keys} 个键 = {total} 个权重，太多了：最多 {max} 个",
  "error.import.shapeData": "形状 [{shape}] 需要 {want} 个数，实际有 {got} 个",
  "error.import.dims": "数组有 {dims} [{shape}]：应为 2 到 4 维，即 [层][头][查询][键]",
  "word.layers": "层",
  "word.heads": "头",
  "word.queries": "查询",
  "word.keys": "键",
  "error.npy.magic": "这不是 NumPy 的 .npy 文件：文件开头应为 {magic}",
  "error.npy.version": ".npy 格式版本 {version} 无法识别：应为 1.0、2.0 或 3.0",
  "error.npy.header": ".npy 文件头无法读取（{reason}）：应为包含键 {keys} 的字典",
  "npy.why.lengthCut": "文件头长度被截断",
  "npy.why.headerCut": "文件头被截断",
  "npy.why.notDict": "文件头不是字典",
  "npy.why.descr": "'descr' 是 {value}，不是类型名",
  "npy.why.missing": "缺少 {key}",
  "npy.why.fortran": "缺少值为 True 或 False 的 'fortran_order'",
  "npy.why.shape": "'shape' 是 ({shape})，不全是整数",
  "npy.why.shapeNegative": "'shape' 是 ({shape})：有负的尺寸",
  "npy.why.shapeHuge": "'shape' 是 ({shape})：有尺寸达到 100 亿或更多，太大了",
  "error.npy.object": ".npy 文件保存的是对象（{descr}），不予读取：应为数值数组（用浮点类型保存）",
  "error.npy.dtype": "不支持 .npy 数据类型 {descr}：应为浮点数（{floats}）或整数（{integers}）",
  "error.npy.truncated": ".npy 文件不完整：形状 [{shape}] 需要 {want} 字节数据，文件只有 {got} 字节",
  "error.npy.extra": ".npy 文件有 {got} 字节数据，但形状 [{shape}] 需要 {want} 字节：数据应与形状一致",

  "error.explorer.noTokens": "没有词元：请输入一些文本。",
  "error.explorer.invisibleOnly": "文本只含不可见字符（{list}），构不成词元：请输入看得见的文字。",
  "error.explorer.tooManyTokens": "{count} 个词元超出了本页面能流畅显示的范围：上限是 {max} 个。",
  "error.explorer.exactTooLarge":
    "“精确（float64）”在页面本身中计算，最多 {max} 次乘加；这个问题有 {work} 次。请选择 TensorFlow.js 后端：它在 Worker 中计算，页面保持响应。",
  "error.explorer.gridTooLarge": "{name} 是 {rows} × {cols}：手动编辑的上限是 {maxRows} × {maxCols}。",
  "error.checkpoint.truncated":
    "文件只有 {size}，不足以构成 safetensors 文件：开头应是 8 字节的头部长度，然后是头部",
  "error.checkpoint.headerLength":
    "safetensors 头部自称长 {n}，但文件只有 {size} 字节：这不是 safetensors 文件，或者文件不完整",
  "error.checkpoint.headerJson": "无法把 safetensors 头部读作 JSON（{reason}）",
  "error.checkpoint.dtype": "张量 {tensor} 的存储类型是 {dtype}：应为 {dtypes} 之一",
  "error.checkpoint.entry": "safetensors 头部中张量 {tensor} 的形状或 data_offsets 无效",
  "error.checkpoint.offsets":
    "张量 {tensor} 占用第 {begin} 到 {end} 字节：按其形状应为 {want} 字节，且在 {dataBytes} 字节的数据之内",
  "error.checkpoint.config": "config.json：{field} 缺失或有误：应为 {want}",
  "error.checkpoint.architecture": "这里不认识架构 {name}：应为 {known} 之一",
  "error.checkpoint.headsDivide": "宽度 {width} 不能平均分给 {heads} 个头",
  "error.checkpoint.kvHeads": "num_key_value_heads 为 {kvHeads}：应为能整除 {heads} 个查询头的整数",
  "error.checkpoint.headDim": "每个头的宽度为 {value}：RoPE 需要偶数",
  "error.checkpoint.ropeScaling": "不支持 rope_scaling {value}：应为空",
  "error.checkpoint.missing": "检查点里没有张量 {tensor}：应有一个形状为 {shape} 的张量",
  "error.checkpoint.shape": "张量 {tensor} 的形状是 {got}：应为 {want}",
  "error.checkpoint.tooLarge": "{name} 大小为 {size}，太大了：这里的上限是 {max}",
  "error.checkpoint.json": "无法把 {name} 读作 JSON（{reason}）",
  "error.checkpoint.tokenizer": "无法使用这个分词器（{reason}）",
  "error.checkpoint.noTokens": "没有词元：请输入一些文字",
  "error.checkpoint.tooManyTokens": "有 {count} 个词元，太多了：上限是 {max}",
  "error.checkpoint.tokenId": "第 {position} 个词元是 {id}：词元编号应在 0 到词表大小 {vocab} 减一之间",
  "error.checkpoint.missingFile":
    "没有提供 {name}：需要 config.json 和 model.safetensors（处理文本还需要 tokenizer.json）",
};

export const errorMessages: Catalog<ErrorKey> = { en, "zh-CN": zh };

/** One of the explorer's own errors: its id, parameters and English text, like the core's. */
export function explorerMessage(
  key: keyof typeof EXPLORER_EN,
  params: MessageParams,
): Message<ErrorKey> & { message: string } {
  return { key, params, message: fillTemplate(EXPLORER_EN[key], params, english) };
}
