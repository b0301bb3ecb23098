/**
 * Attention Playground's library entry: the float64 reference, the tfjs engine, and their types.
 * Conventions: row vectors; X is [n, d_model]; Q = X·W_Q, K = X_kv·W_K, V = X_kv·W_V;
 * in every score and weight matrix rows are queries and columns are keys.
 */
export type * from "./core/types";
export { SCORE_FUNCTIONS } from "./core/types";
export { AttentionInputError, type InputErrorCode, type InputErrorDetails, type Result } from "./core/errors";
export { attentionReference, referenceTrace } from "./core/reference";
export { maybeProblem, type AttentionProblem } from "./core/problem";
export { LIMITS } from "./core/limits";
export { maybeMask } from "./core/mask";
// Modern attention: RoPE, ALiBi, grouped-query heads, sliding windows, KV-cache decoding, online softmax.
export {
  applyRope,
  maybeRope,
  ropeFrequencies,
  ropePairs,
  ROPE_DEFAULTS,
  type RopeSettings,
} from "./core/rope";
export { alibiSlopes, alibiBias } from "./core/alibi";
export { kvHeadsOf, maybeKvHeads } from "./core/gqa";
export { maybeSlidingMask } from "./core/sliding";
export {
  decodeWithKvCache,
  kvCacheBytesPerToken,
  type DecodeStep,
  type KvCacheOptions,
} from "./core/kvCache";
export {
  onlineSoftmaxRow,
  onlineSoftmaxBlock,
  onlineTilingReference,
  maybeBlockSize,
  type OnlineBlock,
  type OnlineRow,
  type OnlineState,
  type OnlineTiling,
} from "./core/onlineSoftmax";
export { decodeOnBackend } from "./engine/kvCache";
export { onlineTilingOnBackend } from "./engine/online";
export { softmaxRows, hardmaxRows } from "./core/softmax";
export { sinusoidalEncoding } from "./core/positional";
export { embedTokens, tokenEmbedding } from "./core/embedding";
export { createRandom, hashString } from "./core/random";
export { seededMatrix, seededProjections, seededScoreParams } from "./core/weights";
export { createMatrix, fromRows, toRows, entry, identity, layer, matMul } from "./core/matrix";
export { maybeMatrix, maybeVector } from "./core/parse";
export {
  createEngine,
  type AttentionEngine,
  type BackendReport,
  type EngineNotice,
  type EngineOptions,
  type EngineResult,
} from "./engine/engine";
export { createWorkerEngine } from "./engine/remote";
export {
  BACKEND_ORDER,
  isBackendName,
  type AdapterInfo,
  type BackendAttempt,
  type BackendName,
} from "./engine/backends";
