/**
 * The toy tasks that the project's small transformers are trained on, chosen because the attention that
 * solves them can be read: reversing (an anti-diagonal), sorting, continuing a repeated sequence (a
 * previous-token head and an induction head), and a toy translation with word reordering (cross-attention
 * shows the alignment).
 *
 * Every task maps an input of n tokens to an output of n tokens, so decoding runs exactly n steps and a batch
 * of one length needs no padding (training draws one length per batch). Sequences, as the models see them:
 * - prefix (a decoder): [BOS, x_1 … x_n, SEP, y_1 … y_n]; the loss is on the predictions of y_1 … y_n;
 * - next-token (a decoder): [BOS, x_1 … x_n]; y_i is the prediction made at x_i, the token that follows it;
 * - encoder–decoder: the encoder reads [x_1 … x_n]; the decoder reads [BOS, y_1 … y_n].
 * Pure TypeScript: examples come from a seeded generator, so training and tests are reproducible.
 */
import { createRandom, type Random } from "../core/random";

export const TASK_NAMES = ["reverse", "sort", "induction", "translate"] as const;
export type TaskName = (typeof TASK_NAMES)[number];

export const isTaskName = (value: unknown): value is TaskName =>
  typeof value === "string" && (TASK_NAMES as readonly string[]).includes(value);

/** Special tokens, first in every vocabulary: BOS starts a sequence, SEP ends the input of a decoder-only task. */
export const BOS = "<s>";
export const SEP = "→";

export type TaskFormat = "prefix" | "next-token" | "encoder-decoder";

export interface Example {
  readonly input: readonly string[];
  readonly output: readonly string[];
}

export interface Task {
  readonly name: TaskName;
  readonly format: TaskFormat;
  /** Every token the model knows, specials first; a token's id is its index here. */
  readonly vocab: readonly string[];
  /** The tokens a person may type (the vocabulary less the specials), in the order a message lists them. */
  readonly allowed: readonly string[];
  /** Input lengths the model was trained on, in tokens. */
  readonly minLength: number;
  readonly maxLength: number;
  /** Words are separated by spaces; otherwise every character is a token (spaces and commas are ignored). */
  readonly split: "characters" | "words";
  /** One example of length n. */
  example(random: Random, n: number): Example;
  /** The right answer for an input, when the task defines one (a translation needs a grammatical sentence). */
  answer(input: readonly string[]): readonly string[] | undefined;
  /** The input that the training view watches while the model learns. */
  readonly probe: readonly string[];
  /** An input to start the trained-model view with. */
  readonly sample: string;
}

const LETTERS = "abcdefghijklmnop".split("");
const DIGITS = "0123456789".split("");

const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random.uniform() * items.length)] as T;

/** k distinct items in random order (a partial Fisher–Yates shuffle). */
function distinct<T>(random: Random, items: readonly T[], k: number): T[] {
  const pool = [...items];
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random.uniform() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, k);
}

const reverse: Task = {
  name: "reverse",
  format: "prefix",
  vocab: [BOS, SEP, ...LETTERS],
  allowed: LETTERS,
  minLength: 2,
  maxLength: 8,
  split: "characters",
  example(random, n) {
    const input = Array.from({ length: n }, () => pick(random, LETTERS));
    return { input, output: [...input].reverse() };
  },
  answer: (input) => [...input].reverse(),
  probe: "abcdefgh".split(""),
  sample: "blanked",
};

const sort: Task = {
  name: "sort",
  format: "prefix",
  vocab: [BOS, SEP, ...DIGITS],
  allowed: DIGITS,
  minLength: 2,
  maxLength: 8,
  split: "characters",
  example(random, n) {
    const input = Array.from({ length: n }, () => pick(random, DIGITS));
    return { input, output: [...input].sort() };
  },
  answer: (input) => [...input].sort(),
  probe: "52907314".split(""),
  sample: "3141592",
};

/**
 * Induction: a run of distinct letters, then the same run again. Seeing the second copy, the model can only
 * predict the next letter by finding where the current letter appeared before and copying the letter after
 * it: a previous-token head in layer 1, an induction head in layer 2. The first letter of the second copy
 * cannot be known, so the output is the input shifted by one (the next token at each position), and only
 * the second copy's predictions are scored.
 */
const INDUCTION_MIN_RUN = 3;
const induction: Task = {
  name: "induction",
  format: "next-token",
  vocab: [BOS, SEP, ...LETTERS],
  allowed: LETTERS,
  minLength: 2 * INDUCTION_MIN_RUN,
  maxLength: 16,
  split: "characters",
  example(random, n) {
    const run = distinct(random, LETTERS, Math.ceil(n / 2));
    const input = [...run, ...run].slice(0, n);
    // The output at position i is the token after it; past the end, the run continues.
    const output = Array.from({ length: n }, (_, i) => run[(i + 1) % run.length] as string);
    return { input, output };
  },
  answer(input) {
    const period = repeatPeriod(input);
    if (period === undefined) return undefined;
    return input.map((_, i) => input[(i + 1) % period] as string);
  },
  probe: "cfajmbcfajmb".split(""),
  sample: "hofbegnhofb",
};

/** The length of the repeated run when the input is a run of distinct tokens followed by its repetition. */
export function repeatPeriod(input: readonly string[]): number | undefined {
  for (let p = 1; p < input.length; p++) {
    if (new Set(input.slice(0, p)).size !== p) return undefined;
    if (input.every((t, i) => t === input[i % p]) && input.length > p) return p;
  }
  return undefined;
}

/** Scored predictions of an induction example: those made inside the second copy, where a rule can know them. */
export function scoredPositions(task: TaskName, input: readonly string[]): number[] {
  if (task !== "induction") return input.map((_, i) => i);
  const period = repeatPeriod(input) ?? Math.ceil(input.length / 2);
  return input.map((_, i) => i).filter((i) => i >= period);
}

/**
 * A toy translation with reordering. The source is English-like, subject–verb–object with adjectives before
 * nouns; the target language puts the verb last and adjectives after their nouns, one word for each word:
 *   "big dog chases small cat" → "wof gra miu pim kuru".
 */
const NOUNS: Record<string, string> = {
  cat: "miu",
  dog: "wof",
  bird: "tsi",
  fish: "blo",
  fox: "rek",
  mouse: "pik",
};
const ADJECTIVES: Record<string, string> = { big: "gra", small: "pim", red: "ruz", blue: "azu", old: "vek" };
const VERBS: Record<string, string> = { sees: "vidu", eats: "manu", likes: "ama", chases: "kuru" };
const DICTIONARY: Record<string, string> = { ...NOUNS, ...ADJECTIVES, ...VERBS };
const SOURCE_WORDS = [...Object.keys(NOUNS), ...Object.keys(ADJECTIVES), ...Object.keys(VERBS)];
const TARGET_WORDS = SOURCE_WORDS.map((w) => DICTIONARY[w] as string);

/** A noun phrase: the noun, after an adjective or not. */
type Phrase = readonly string[];

/** Splits "adj? noun verb adj? noun" into its subject, verb and object, or undefined if it is not one. */
function parseSentence(
  words: readonly string[],
): { subject: Phrase; verb: string; object: Phrase } | undefined {
  const phrase = (at: number): Phrase | undefined => {
    if (words[at] !== undefined && words[at]! in NOUNS) return [words[at]!];
    if (words[at] !== undefined && words[at]! in ADJECTIVES && words[at + 1]! in NOUNS)
      return [words[at]!, words[at + 1]!];
    return undefined;
  };
  const subject = phrase(0);
  if (!subject) return undefined;
  const verb = words[subject.length];
  if (verb === undefined || !(verb in VERBS)) return undefined;
  const object = phrase(subject.length + 1);
  if (!object || subject.length + 1 + object.length !== words.length) return undefined;
  return { subject, verb, object };
}

/** Target order of a noun phrase: the noun, then its adjective. */
const reorder = (phrase: Phrase): string[] => [...phrase].reverse().map((w) => DICTIONARY[w] as string);

const translate: Task = {
  name: "translate",
  format: "encoder-decoder",
  vocab: [BOS, SEP, ...SOURCE_WORDS, ...TARGET_WORDS],
  allowed: SOURCE_WORDS,
  minLength: 3,
  maxLength: 5,
  split: "words",
  example(random, n) {
    // n = 3 + the number of adjectives; with one adjective, it goes to the subject or the object.
    const adjectives = n - 3;
    const withAdjective =
      adjectives === 2
        ? [true, true]
        : adjectives === 1
          ? pick(random, [
              [true, false],
              [false, true],
            ])
          : [false, false];
    const phrase = (adjective: boolean): string[] => [
      ...(adjective ? [pick(random, Object.keys(ADJECTIVES))] : []),
      pick(random, Object.keys(NOUNS)),
    ];
    const input = [
      ...phrase(withAdjective[0]!),
      pick(random, Object.keys(VERBS)),
      ...phrase(withAdjective[1]!),
    ];
    return { input, output: translate.answer(input) ?? [] };
  },
  answer(input) {
    const parsed = parseSentence(input);
    if (!parsed) return undefined;
    return [...reorder(parsed.subject), ...reorder(parsed.object), DICTIONARY[parsed.verb] as string];
  },
  probe: "old fox likes red bird".split(" "),
  sample: "big dog chases small cat",
};

export const TASKS: Record<TaskName, Task> = { reverse, sort, induction, translate };

/** What is wrong with a typed input, for a message that says what is allowed. */
export type InputProblem =
  | { readonly code: "empty" }
  | {
      readonly code: "unknown";
      readonly token: string;
      readonly position: number;
      readonly allowed: readonly string[];
    }
  | { readonly code: "length"; readonly length: number; readonly min: number; readonly max: number };

/** A typed input as the task's tokens, or the first problem found. Letters and words are read case-blind. */
export function maybeTaskInput(
  task: Task,
  text: string,
): { ok: true; value: string[] } | { ok: false; error: InputProblem } {
  const cleaned = text.toLowerCase().trim();
  const tokens =
    task.split === "words"
      ? cleaned.split(/[\s,，、]+/u).filter(Boolean)
      : [...cleaned.replace(/[\s,，、]+/gu, "")];
  if (tokens.length === 0) return { ok: false, error: { code: "empty" } };
  const allowed = new Set(task.allowed);
  const position = tokens.findIndex((t) => !allowed.has(t));
  if (position >= 0) {
    return {
      ok: false,
      error: { code: "unknown", token: tokens[position]!, position, allowed: task.allowed },
    };
  }
  if (tokens.length < task.minLength || tokens.length > task.maxLength) {
    return {
      ok: false,
      error: { code: "length", length: tokens.length, min: task.minLength, max: task.maxLength },
    };
  }
  return { ok: true, value: tokens };
}

/** A length drawn uniformly from the task's range, minLength … maxLength inclusive. */
export function drawLength(task: Task, random: Random): number {
  return task.minLength + Math.floor(random.uniform() * (task.maxLength - task.minLength + 1));
}

/** n examples of random lengths from the task's range, drawn from `seed`. */
export function examples(task: Task, count: number, seed: number): Example[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => {
    const n = drawLength(task, random);
    return task.example(random, n);
  });
}

/** Token ids, failing loudly on a token the vocabulary lacks (a bug, since inputs are checked first). */
export function encode(task: Task, tokens: readonly string[]): number[] {
  return tokens.map((t) => {
    const id = task.vocab.indexOf(t);
    if (id < 0) throw new Error(`"${t}" is not in the ${task.name} vocabulary`);
    return id;
  });
}
