import type { Catalog } from "../lang";

/**
 * The worked examples' titles and lessons, and the classroom modes (lesson, presenter, exercise).
 * {placeholders} in lesson texts are filled with numbers read from the trace on screen.
 */
const en = {
  "examples.open": "Examples",
  "examples.title": "Worked examples",
  "examples.intro":
    "Each example opens the explorer on its own inputs, with a short lesson that says what to notice at each step. Your own work stays one Undo away.",
  "examples.close": "Close",

  "lesson.label": "Lesson",
  "lesson.stop": "{n} of {total}",
  "lesson.previous": "Previous",
  "lesson.next": "Next",
  "lesson.finish": "Finish",
  "lesson.exit": "Leave the lesson",
  "lesson.notThisInput":
    "This lesson is about its own example, and the input on screen is not it: leave the lesson, or open the example again from Examples.",
  "lesson.endedByEdit":
    "The lesson has ended: its words and numbers are about its own example, and the input is now yours. Undo brings the lesson back; Examples opens it again.",
  "lesson.done": "End of the lesson. Change anything you like: every number follows.",
  "lesson.try": "Try:",
  "lesson.compare": "Side by side (weights of head 1; rows are queries, columns are keys)",

  "present.enter": "Present",
  "present.exit": "Leave presenter mode",
  "present.hint": "Presenter mode: ← → or PageUp/PageDown move, Esc leaves.",

  "exercise.open": "Check your work",
  "exercise.close": "Show the answers",
  "exercise.title": "Your turn: {quantity}",
  "exercise.intro":
    "The page hides its numbers for this step. Work them out by hand, type them in (rows are queries, columns are keys), then check.",
  "exercise.check": "Check",
  "exercise.clear": "Clear",
  "exercise.result": "{right} of {total} right",
  "exercise.allRight": "All {total} right. Well done!",
  "exercise.right": "right",
  "exercise.wrong": "wrong: the answer is not {value}",
  "exercise.unanswered": "not answered",
  "exercise.notNumber": "{text} is not a number",
  "exercise.cell": "{query}, {key}",
  "exercise.tolerance": "A cell is right within ±{tol} or {rel}% of its size, whichever is larger.",
  "exercise.chance": "this number is right, but the method the hint names gives it too",
  "exercise.tooBig":
    "Exercises are for small examples: at most {max} queries and {max} keys, and one head. Open an example (the five-value one is a good start).",
  "exercise.quantity.scores": "the scores Q·Kᵀ",
  "exercise.quantity.scaled": "the scaled scores",
  "exercise.quantity.masked": "the masked scores (write −inf for a masked cell)",
  "exercise.quantity.weights": "the attention weights",
  "exercise.quantity.output": "the output A·V",
  "hint.forgotScaling": "These look like scores that were not divided by √d_k·τ = {divisor}.",
  "hint.forgotTemperature": "These look like scores that were not divided by the temperature τ = {divisor}.",
  "hint.rowSum": "Row {row} adds up to {sum}: the weights of every row must add up to 1.",
  "hint.swapped": "These look transposed: rows are queries and columns are keys.",
  "hint.forgotMask": "These look like the weights without the mask: a masked key gets weight 0.",
  "hint.maskedCell": "Masked cells are −∞ (type -inf), not 0.",
  "hint.notExp": "Softmax uses e^x: dividing each score by the row's sum of scores is not the same.",

  "ex.try.exercise": "Check your own weights",
  "ex.try.scalingOff": "Turn scaling off",
  "ex.try.scalingOn": "Turn scaling on",
  "ex.try.tau100": "τ = 100",
  "ex.try.tau10": "τ = 10",
  "ex.try.tau1": "τ = 1",
  "ex.try.tau01": "τ = 0.1",
  "ex.try.hard": "Hard attention",
  "ex.try.soft": "Soft attention",

  "ex.five.title": "Five values, one query",
  "ex.five.summary": "The textbook example: encoder outputs 1 to 5, a query of 0.5, the plain dot product.",
  "ex.five.s1":
    "Five encoder outputs, 1, 2, 3, 4 and 5, are both the keys and the values; the query is 0.5. With the plain dot product each score is a product: {scores}.",
  "ex.five.s2":
    "This example does not scale: the score function is the plain dot product. (Here d_k = 1, so dividing by √d_k would change nothing anyway.)",
  "ex.five.s3":
    "Softmax turns the scores into weights: {weights}. They add up to {sum}, as they must: each weight is e^score divided by the sum of all five. Many copies of this example print weights that add up to more than 1 — if yours do, a rounding or the division went wrong.",
  "ex.five.s4":
    "The output is the weighted sum of the values: {terms} = {output}. The largest value gets the largest weight, so the output leans towards 5.",

  "ex.big.title": "Large dot products",
  "ex.big.summary":
    "Self-attention on X = [[1,2,3],[4,5,6],[7,8,9]] with Q = K = V = X: why softmax turns one-hot, and what scaling and temperature do.",
  "ex.big.s1":
    "Q = K = V = X. The dot products grow with the size of the vectors: the scores of query x3 are {row}.",
  "ex.big.s2": "Scaling divides every score by √d_k·τ = {divisor}. Query x3's scores become {row}.",
  "ex.big.s3":
    "Even scaled, query x3's weights are {row}: the largest is {top}, nearly one-hot. Softmax magnifies gaps: a gap of 10 between two scores is a ratio of e^10 ≈ 22,000 between their weights. Turn scaling off to see it get worse.",
  "ex.big.s4":
    "The temperature τ divides the scores too (τ = {tau} now; weights {row}). A larger τ flattens the weights; a smaller one makes attention harder. Try the buttons.",

  "ex.pronoun.title": "What does “it” refer to?",
  "ex.pronoun.summary":
    "“The animal didn't cross the street because it was too tired”, with hand-set features so that “it” attends to “animal”.",
  "ex.pronounZh.title": "“它”指的是谁？（中文）",
  "ex.pronounZh.summary": "The same sentence in Chinese: “它” attends to “动物”.",
  "ex.pronoun.s1":
    "Each word has four hand-set features: animate, place, function word, state. Keys say what a word is; queries say what it looks for. The pronoun's query asks for something animate that can be tired.",
  "ex.pronoun.s2":
    "The query “{it}” gives weight {wAnimal} to “{animal}” and only {wStreet} to “{street}”: the features match the animal, not the street.",
  "ex.pronoun.s3":
    "The output for “{it}” is mostly the animal's value vector: after attention, the pronoun carries what it refers to.",

  "ex.translate.title": "Translation: English → Chinese",
  "ex.translateBack.title": "Translation: Chinese → English",
  "ex.translate.summary":
    "Cross-attention from each Chinese word being written to the English sentence; “yesterday / 昨天” moves, and the flow view shows the crossing.",
  "ex.translateBack.summary":
    "Cross-attention from each English word being written to the Chinese sentence; “昨天 / yesterday” moves, and the flow view shows the crossing.",
  "ex.translate.s1":
    "Cross-attention: queries are the words being written, keys and values the source sentence. The two sentences have different word orders.",
  "ex.translate.s2":
    "“{query}” attends to “{key}” with weight {weight}. In the flow view the lines cross where the word order differs: that is the alignment.",
  "ex.translate.s3": "Each output row is mostly the value of the source word it aligns with.",

  "ex.causal.title": "A language model's causal mask",
  "ex.causal.summary": "Token by token, each word sees only itself and the words before it.",
  "ex.causal.s1": "The scores are computed for every pair, future words included…",
  "ex.causal.s2":
    "…then the causal mask sets every key after the query to −∞ (above the diagonal). A language model must not see the words it is about to predict.",
  "ex.causal.first": "The first token, “{token}”, sees only itself: its weight is {weights}.",
  "ex.causal.next": "Token {n}, “{token}”, sees {visible}: weights {weights}. Everything to its right is 0.",

  "ex.heads.title": "Two heads, two jobs",
  "ex.heads.summary": "One head looks at the previous token, the other at earlier copies of the same word.",
  "ex.heads.s1":
    "Head 1 matches positions: each query asks for the token just before it. “saw” gives weight {w} to “cat”.",
  "ex.heads.s2":
    "Head 2 matches words: the second “the” gives weight {w} to the first “the”. Same input, different questions.",
  "ex.heads.s3":
    "The first token has no previous token: head 1's query for it is zero, so its weights are spread evenly.",
  "ex.heads.s4":
    "The heads' outputs are concatenated: each head contributes its own columns, and W_O (when there is one) mixes them.",

  "ex.hard.title": "Hard versus soft attention",
  "ex.hard.summary": "Softmax weights against a one-hot choice of the best key, side by side.",
  "ex.hard.s1":
    "Soft attention spreads weight over every key in proportion to e^score. Hard attention puts all of it on the best-scoring key.",
  "ex.hard.s2":
    "Hard attention copies one value row; soft attention blends them. Soft attention has gradients everywhere, which is why models are trained with it.",

  "ex.scores.title": "Every score function",
  "ex.scores.summary":
    "Dot, scaled dot, general (bilinear), additive and cosine on the same input, side by side.",
  "ex.scores.s1":
    "Five ways to score a query against a key. Dot and scaled dot differ by a constant factor; general puts a learned W between q and k; additive scores with a small network; cosine ignores lengths.",
  "ex.scores.s2":
    "The weights differ most where the vectors' lengths differ: cosine similarity ignores length, the dot product rewards it.",
};

type Key = keyof typeof en;

const zh: Record<Key, string> = {
  "examples.open": "示例",
  "examples.title": "详解示例",
  "examples.intro":
    "每个示例都会用自己的输入打开探索器，并附一段短课，说明每一步要注意什么。你自己的内容按一次“撤销”即可恢复。",
  "examples.close": "关闭",

  "lesson.label": "课程",
  "lesson.stop": "第 {n} / {total} 步",
  "lesson.previous": "上一步",
  "lesson.next": "下一步",
  "lesson.finish": "完成",
  "lesson.exit": "退出课程",
  "lesson.notThisInput":
    "这节课讲的是它自己的示例，而屏幕上的输入不是那个示例：请退出课程，或从“示例”重新打开它。",
  "lesson.endedByEdit":
    "课程已结束：它的文字和数字说的是它自己的示例，而现在的输入是你的。撤销可回到课程；“示例”可重新打开它。",
  "lesson.done": "课程结束。随意修改任何输入，所有数字都会随之更新。",
  "lesson.try": "试一试：",
  "lesson.compare": "并排对比（第 1 个头的权重；行是查询，列是键）",

  "present.enter": "演示模式",
  "present.exit": "退出演示模式",
  "present.hint": "演示模式：← → 或 PageUp/PageDown 翻页，Esc 退出。",

  "exercise.open": "自己算一算",
  "exercise.close": "显示答案",
  "exercise.title": "轮到你了：{quantity}",
  "exercise.intro": "本步的数字已隐藏。请手算后填入（行是查询，列是键），再点“检查”。",
  "exercise.check": "检查",
  "exercise.clear": "清空",
  "exercise.result": "{total} 个中对了 {right} 个",
  "exercise.allRight": "{total} 个全对，做得好！",
  "exercise.right": "正确",
  "exercise.wrong": "错误：答案不是 {value}",
  "exercise.unanswered": "未作答",
  "exercise.notNumber": "{text} 不是数字",
  "exercise.cell": "{query}，{key}",
  "exercise.tolerance": "误差在 ±{tol} 或数值大小的 {rel}% 以内（取较大者）即算正确。",
  "exercise.chance": "这个数是对的，但提示里说的那种错误算法也会得到它",
  "exercise.tooBig":
    "练习只适用于小例子：查询和键各不超过 {max} 个，且只有一个头。请先打开一个示例（“五个值”就很合适）。",
  "exercise.quantity.scores": "分数 Q·Kᵀ",
  "exercise.quantity.scaled": "缩放后的分数",
  "exercise.quantity.masked": "掩码后的分数（被掩码的格子填 −inf）",
  "exercise.quantity.weights": "注意力权重",
  "exercise.quantity.output": "输出 A·V",
  "hint.forgotScaling": "这些看起来是没有除以 √d_k·τ = {divisor} 的分数。",
  "hint.forgotTemperature": "这些看起来是没有除以温度 τ = {divisor} 的分数。",
  "hint.rowSum": "第 {row} 行的和是 {sum}：每一行的权重之和必须为 1。",
  "hint.swapped": "行和列好像颠倒了：行是查询，列是键。",
  "hint.forgotMask": "这些看起来是未加掩码的权重：被掩码的键权重为 0。",
  "hint.maskedCell": "被掩码的格子是 −∞（填 -inf），不是 0。",
  "hint.notExp": "softmax 用的是 e^x：直接用每个分数除以该行分数之和并不相同。",

  "ex.try.exercise": "自己算权重",
  "ex.try.scalingOff": "关闭缩放",
  "ex.try.scalingOn": "打开缩放",
  "ex.try.tau100": "τ = 100",
  "ex.try.tau10": "τ = 10",
  "ex.try.tau1": "τ = 1",
  "ex.try.tau01": "τ = 0.1",
  "ex.try.hard": "硬注意力",
  "ex.try.soft": "软注意力",

  "ex.five.title": "五个值，一个查询",
  "ex.five.summary": "教科书里的例子：编码器输出 1 到 5，查询为 0.5，普通点积。",
  "ex.five.s1":
    "五个编码器输出 1、2、3、4、5 既是键也是值；查询是 0.5。用普通点积，每个分数就是一个乘积：{scores}。",
  "ex.five.s2": "这个例子不做缩放：评分函数是普通点积。（这里 d_k = 1，即使除以 √d_k 也不会改变结果。）",
  "ex.five.s3":
    "softmax 把分数变成权重：{weights}。它们的和是 {sum}，本应如此：每个权重都是 e^分数 除以五个 e^分数 之和。网上流传的很多版本印出的权重之和大于 1——如果你的也是这样，说明舍入或除法出了错。",
  "ex.five.s4": "输出是值的加权和：{terms} = {output}。最大的值得到最大的权重，所以输出偏向 5。",

  "ex.big.title": "很大的点积",
  "ex.big.summary":
    "在 X = [[1,2,3],[4,5,6],[7,8,9]] 上做自注意力，Q = K = V = X：为什么 softmax 会变成近似独热，缩放和温度又起什么作用。",
  "ex.big.s1": "Q = K = V = X。点积随向量大小增长：查询 x3 的分数是 {row}。",
  "ex.big.s2": "缩放把每个分数除以 √d_k·τ = {divisor}。查询 x3 的分数变为 {row}。",
  "ex.big.s3":
    "即使缩放后，查询 x3 的权重仍是 {row}：最大的是 {top}，几乎是独热的。softmax 会放大差距：两个分数相差 10，权重之比就是 e^10 ≈ 22,000。关掉缩放看看会更糟。",
  "ex.big.s4":
    "温度 τ 也会除以分数（现在 τ = {tau}，权重为 {row}）。τ 越大，权重越平；τ 越小，注意力越“硬”。试试这些按钮。",

  "ex.pronoun.title": "“it”指的是什么？",
  "ex.pronoun.summary":
    "“The animal didn't cross the street because it was too tired”，手工设定特征，让“it”关注“animal”。",
  "ex.pronounZh.title": "“它”指的是谁？",
  "ex.pronounZh.summary": "同一句话的中文版：“动物没有过马路，因为它太累了”，“它”关注“动物”。",
  "ex.pronoun.s1":
    "每个词有四个手工设定的特征：有生命、地点、虚词、状态。键说明这个词“是什么”，查询说明它“在找什么”。代词的查询寻找一个有生命、会累的东西。",
  "ex.pronoun.s2":
    "查询“{it}”给“{animal}”的权重是 {wAnimal}，给“{street}”的只有 {wStreet}：特征与动物相符，而不是马路。",
  "ex.pronoun.s3": "“{it}”的输出主要是动物的值向量：经过注意力之后，代词带上了它所指对象的信息。",

  "ex.translate.title": "翻译：英文 → 中文",
  "ex.translateBack.title": "翻译：中文 → 英文",
  "ex.translate.summary":
    "交叉注意力：正在生成的每个中文词关注英文原句；“yesterday / 昨天”的位置发生了变化，流向图里能看到交叉。",
  "ex.translateBack.summary":
    "交叉注意力：正在生成的每个英文词关注中文原句；“昨天 / yesterday”的位置发生了变化，流向图里能看到交叉。",
  "ex.translate.s1": "交叉注意力：查询是正在生成的词，键和值来自源句子。两种语言的语序不同。",
  "ex.translate.s2":
    "“{query}”以 {weight} 的权重关注“{key}”。在流向图中，语序不同的地方连线会交叉：这就是对齐。",
  "ex.translate.s3": "每一行输出主要是与之对齐的源词的值。",

  "ex.causal.title": "语言模型的因果掩码",
  "ex.causal.summary": "逐个词元来看：每个词只能看到自己和前面的词。",
  "ex.causal.s1": "先对每一对词计算分数，包括后面的词……",
  "ex.causal.s2": "……然后因果掩码把查询之后的所有键设为 −∞（对角线以上）。语言模型不能看到它将要预测的词。",
  "ex.causal.first": "第一个词元“{token}”只能看到自己：它的权重是 {weights}。",
  "ex.causal.next": "第 {n} 个词元“{token}”能看到 {visible}：权重为 {weights}。它右边的都是 0。",

  "ex.heads.title": "两个头，两种分工",
  "ex.heads.summary": "一个头看前一个词元，另一个头看前面出现过的同一个词。",
  "ex.heads.s1": "头 1 按位置匹配：每个查询寻找紧挨在它前面的词元。“saw”给“cat”的权重是 {w}。",
  "ex.heads.s2": "头 2 按词匹配：第二个“the”给第一个“the”的权重是 {w}。同样的输入，问的是不同的问题。",
  "ex.heads.s3": "第一个词元前面没有词：头 1 对它的查询是零向量，所以权重平均分配。",
  "ex.heads.s4": "各个头的输出被拼接起来：每个头贡献自己的列，再由 W_O（如果有）把它们混合。",

  "ex.hard.title": "硬注意力与软注意力",
  "ex.hard.summary": "softmax 权重与“只选分数最高的键”的独热选择，并排对比。",
  "ex.hard.s1": "软注意力按 e^分数 的比例把权重分给所有键；硬注意力把全部权重给分数最高的那个键。",
  "ex.hard.s2": "硬注意力只复制一行值；软注意力把它们混合起来。软注意力处处有梯度，所以模型用它来训练。",

  "ex.scores.title": "所有评分函数",
  "ex.scores.summary": "点积、缩放点积、一般（双线性）、加性和余弦，在同一输入上并排对比。",
  "ex.scores.s1":
    "为查询和键计算分数的五种评分函数。点积和缩放点积只差一个常数因子；一般形式在 q 和 k 之间放一个可学习的 W；加性用一个小网络计算分数；余弦忽略向量长度。",
  "ex.scores.s2": "向量长度不同时，权重差别最大：余弦相似度忽略长度，点积则偏向长的向量。",
};

export const lessonMessages: Catalog<Key> = { en, "zh-CN": zh };
