import type { Catalog } from "../lang";

/** Modern attention in the explorer: RoPE, ALiBi, grouped-query heads, sliding windows, KV cache, online softmax. */
const en = {
  "modern.label": "Modern attention",
  "modern.rope": "RoPE (rotary positions)",
  "modern.rope.off": "off",
  "modern.rope.half": "half pairs (GPT-NeoX, Llama)",
  "modern.rope.interleaved": "interleaved pairs (RoFormer)",
  "modern.ropeBase": "RoPE base",
  "modern.ropeOffset": "Position offset",
  "modern.alibi": "ALiBi (distance penalty)",
  "modern.kvHeads": "KV heads h_kv",
  "modern.window": "Window w",
  "modern.bidirectional": "Both directions",
  "mask.sliding": "sliding window",

  "rope.title": "RoPE: q and k turn by their position",
  "rope.text":
    "Each pair of a head's columns is a 2-D vector that turns by p·θ_i, where p is the token's position and θ_i = base^(−2i/d_k). The arrows are the first pair of query “{query}” and key “{key}” in head {head}: faint before, solid after.",
  "rope.relative":
    "The score depends only on how far apart the tokens are: q·k at positions ({i}, {j}) is {score}; both moved one place later, at ({i2}, {j2}), it is {shifted}.",
  "rope.query": "query",
  "rope.key": "key",
  "alibi.title": "ALiBi: a penalty that grows with distance",
  "alibi.text":
    "Head {head} subtracts m·|i − j| from every scaled score, with slope m = {slope} (m_h = 2^(−8h/H)), before the mask: far keys lose weight.",
  "alibi.row": "Query “{query}” against each key (a row a key), head {head}",
  "alibi.key": "key",
  "alibi.bias": "bias",
  "alibi.scaled": "scaled score",
  "alibi.biased": "with the bias",
  "sliding.causal": "Sliding window of {keys}: query i sees key j only when 0 ≤ i − j < {window}.",
  "sliding.both":
    "Sliding window of {keys} in both directions: query i sees key j only when |i − j| < {window}.",
  "gqa.title": "Grouped-query attention: {heads} query heads share the key/value heads, h_kv = {kvHeads}",
  "gqa.row": "query head {head} reads KV head {kv}",
  "gqa.saving": "The KV cache is {factor} times smaller than with one KV head per query head.",

  "online.title": "Tiled online softmax (as FlashAttention computes it)",
  "online.text":
    "The keys of query {query} (head {head}) are read in blocks of B. Only three things are kept: the running max m, the running sum ℓ and the unnormalised output o. When a block brings a larger max, ℓ and o are multiplied by e^(m_old − m_new).",
  "online.blockSize": "Block size B",
  "online.block": "block",
  "online.keys": "keys",
  "online.rescale": "e^(m_old − m_new)",
  "online.o": "o (first entries)",
  "online.equal": "After the last block, o/ℓ = {online}: the softmax-weighted sum of the values is {direct}.",
  "online.exercise": "Your turn: compute m, ℓ and o₁ (the first entry of o) after block {block}.",
  "online.check": "Check",
  "online.right": "right",
  "online.wrong": "not yet",
  "online.chance": "right by chance",
  "online.empty": "type a number",
  "online.invalid": "not a number",
  "online.soft": "The online softmax is for soft attention: switch the mode to soft to see it.",

  "kv.title": "KV-cache decoding: one token at a time",
  "kv.text":
    "A language model generates token by token. Each new token's key and value join the cache, and its query attends to everything cached; nothing earlier is computed again.",
  "kv.step": "Decoding token: {token} ({at}/{of})",
  "kv.cache":
    "The cache holds {tokens}: {bytes} bytes = {count} × {perToken} bytes per token (2 · layers · h_kv · d_k · 4 bytes of float32, with 1 layer, h_kv = {kvHeads}, d_k = {dK}).",
  "kv.equal": "This step's output = {decoded}; row {row} of full causal attention = {full}: the same.",
  "kv.weight": "weight",
  "kv.cached": "cached token",

  "ex.modern.title": "Attention as today's language models run it",
  "ex.modern.summary":
    "RoPE, grouped-query heads, a sliding window and ALiBi, then the tiled online softmax and the KV cache.",
  "ex.modern.rope":
    "No positions are added to the embeddings: RoPE turns q and k instead. “{token}” is at position {position} (positions count from 0), so each of its pairs turns by {position}·θ_i. Below the views: the arrows, and the same score again with both tokens moved one place later.",
  "ex.modern.gqa":
    "{heads} query heads, but only {kvHeads} key/value heads: pairs of query heads read the same K and V. The list under the scores says which.",
  "ex.modern.alibi":
    "ALiBi adds no positions either: it takes m·|i − j| from every scaled score, a penalty that grows with distance. In head 1, m = {slope}, so “{token}” loses {penalty} on “{key}”, {distance} places back. Each head has a slope of its own, 2^(−8h/H): steep heads look near, gentle ones far.",
  "ex.modern.window":
    "The sliding window lets “{token}” see only {visible}; ALiBi then takes more from farther keys (slope {slope} in head 1).",
  "ex.modern.online":
    "The same softmax, computed in blocks of keys as FlashAttention does: watch m, ℓ and o after each block, then try the exercise.",
  "ex.modern.kv":
    "Generating one token at a time: move the slider to see the cache grow, its memory, and each step's output equal to its row of full attention.",
} as const;

export type ModernKey = keyof typeof en;

const zh: Record<ModernKey, string> = {
  "modern.label": "现代注意力",
  "modern.rope": "RoPE（旋转位置编码）",
  "modern.rope.off": "关",
  "modern.rope.half": "前后两半配对（GPT-NeoX、Llama）",
  "modern.rope.interleaved": "相邻配对（RoFormer）",
  "modern.ropeBase": "RoPE 底数",
  "modern.ropeOffset": "位置偏移",
  "modern.alibi": "ALiBi（距离惩罚）",
  "modern.kvHeads": "KV 头数 h_kv",
  "modern.window": "窗口 w",
  "modern.bidirectional": "双向",
  "mask.sliding": "滑动窗口",

  "rope.title": "RoPE：q 和 k 按位置旋转",
  "rope.text":
    "每个头的列两两成对，看作二维向量，旋转角度 p·θ_i，其中 p 是词元的位置，θ_i = base^(−2i/d_k)。箭头是头 {head} 中查询“{query}”和键“{key}”的第一对：浅色为旋转前，深色为旋转后。",
  "rope.relative":
    "分数只取决于两个词元相隔多远：位置 ({i}, {j}) 上的 q·k 是 {score}；两者都后移一位，到 ({i2}, {j2})，仍是 {shifted}。",
  "rope.query": "查询",
  "rope.key": "键",
  "alibi.title": "ALiBi：随距离增大的惩罚",
  "alibi.text":
    "头 {head} 在掩码之前从每个缩放后的分数中减去 m·|i − j|，斜率 m = {slope}（m_h = 2^(−8h/H)）：越远的键权重越小。",
  "alibi.row": "查询“{query}”对每个键（每行一个键），头 {head}",
  "alibi.key": "键",
  "alibi.bias": "偏置",
  "alibi.scaled": "缩放后的分数",
  "alibi.biased": "加上偏置后",
  "sliding.causal": "{keys}的滑动窗口：只有当 0 ≤ i − j < {window} 时，查询 i 才能看到键 j。",
  "sliding.both": "{keys}的双向滑动窗口：只有当 |i − j| < {window} 时，查询 i 才能看到键 j。",
  "gqa.title": "分组查询注意力：{heads} 个查询头共享 {kvHeads} 个键/值头",
  "gqa.row": "查询头 {head} 读取 KV 头 {kv}",
  "gqa.saving": "KV 缓存比每个查询头各有一个 KV 头时小 {factor} 倍。",

  "online.title": "分块在线 softmax（FlashAttention 的算法）",
  "online.text":
    "查询 {query}（头 {head}）的键按每块 B 个读取。只保留三样东西：当前最大值 m、当前和 ℓ、未归一化的输出 o。某一块带来更大的最大值时，ℓ 和 o 都乘以 e^(m_old − m_new)。",
  "online.blockSize": "块大小 B",
  "online.block": "块",
  "online.keys": "键",
  "online.rescale": "e^(m_old − m_new)",
  "online.o": "o（前几项）",
  "online.equal": "最后一块之后，o/ℓ = {online}：按 softmax 权重对值加权求和也是 {direct}。",
  "online.exercise": "轮到你了：算出第 {block} 块之后的 m、ℓ 和 o₁（o 的第一项）。",
  "online.check": "检查",
  "online.right": "正确",
  "online.wrong": "还不对",
  "online.chance": "碰巧对了",
  "online.empty": "请输入数字",
  "online.invalid": "不是数字",
  "online.soft": "在线 softmax 用于软注意力：把模式切换为软注意力即可看到。",

  "kv.title": "KV 缓存解码：一次一个词元",
  "kv.text":
    "语言模型逐个生成词元。每个新词元的键和值加入缓存，它的查询关注缓存中的全部内容；之前的内容不再重新计算。",
  "kv.step": "正在解码的词元：{token}（{at}/{of}）",
  "kv.cache":
    "缓存中有 {tokens}：{bytes} 字节 = {count} × 每个词元 {perToken} 字节（2 · 层数 · h_kv · d_k · 4 字节 float32，其中 1 层，h_kv = {kvHeads}，d_k = {dK}）。",
  "kv.equal": "这一步的输出 = {decoded}；完整因果注意力的第 {row} 行 = {full}：两者相同。",
  "kv.weight": "权重",
  "kv.cached": "已缓存的词元",

  "ex.modern.title": "当今语言模型运行的注意力",
  "ex.modern.summary": "RoPE、分组查询头、滑动窗口和 ALiBi，然后是分块在线 softmax 和 KV 缓存。",
  "ex.modern.rope":
    "嵌入上不加位置编码，而是由 RoPE 旋转 q 和 k。“{token}”位于位置 {position}（位置从 0 数起），所以它的每一对列旋转 {position}·θ_i。视图下方：箭头，以及两个词元都后移一位后的同一分数。",
  "ex.modern.gqa":
    "{heads} 个查询头，却只有 {kvHeads} 个键/值头：每两个查询头读取同一组 K 和 V。分数下方的列表说明了对应关系。",
  "ex.modern.alibi":
    "ALiBi 同样不加位置编码：它从每个缩放后的分数中减去 m·|i − j|，距离越远，扣得越多。头 1 的 m = {slope}，所以“{token}”对 {distance} 个位置之前的“{key}”被扣去 {penalty}。每个头有自己的斜率 2^(−8h/H)：斜率大的头看得近，斜率小的头看得远。",
  "ex.modern.window":
    "滑动窗口让“{token}”只能看到 {visible}；ALiBi 再对越远的键扣得越多（头 1 的斜率为 {slope}）。",
  "ex.modern.online":
    "同一个 softmax，像 FlashAttention 那样按键分块计算：看每块之后的 m、ℓ 和 o，然后试试练习。",
  "ex.modern.kv":
    "一次生成一个词元：拖动滑块，看缓存增长、它占用的内存，以及每一步的输出等于完整注意力的对应行。",
};

export const modernMessages: Catalog<ModernKey> = { en, "zh-CN": zh };
