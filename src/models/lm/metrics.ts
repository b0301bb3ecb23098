/**
 * metrics.json of a shipped language model, as the training script writes it (scripts/train-lm.ts) and the
 * page reads it: held-out perplexity against the baselines, and each head's measured role with its score.
 */
import { HEAD_ROLES, type HeadRole } from "./headRoles";

export interface HeadRoleLabel {
  readonly layer: number;
  readonly head: number;
  readonly role: HeadRole;
  /** Mean attention weight on the role's keys over held-out text (headRoles.ts). */
  readonly score: number;
  /** Every role's score; null where no held-out query qualifies (no POS roles for poems). */
  readonly scores: Readonly<Partial<Record<HeadRole, number | null>>>;
}

export interface LmMetrics {
  readonly testTokens: number;
  readonly perplexity: { readonly model: number; readonly unigram: number; readonly bigram: number };
  /** heads[layer][head] */
  readonly heads: readonly (readonly HeadRoleLabel[])[];
  /** What each role scores by chance: uniform causal attention on the same texts. */
  readonly chance: Readonly<Partial<Record<HeadRole, number | null>>>;
}

const isNumber = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

/** The parts the page uses, or undefined when the file is not one the training script wrote. */
export function maybeLmMetrics(json: unknown): LmMetrics | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  const m = json as Record<string, unknown>;
  const p = m.perplexity as Record<string, unknown> | undefined;
  if (!isNumber(m.testTokens) || !p || !isNumber(p.model) || !isNumber(p.unigram) || !isNumber(p.bigram))
    return undefined;
  if (!Array.isArray(m.heads)) return undefined;
  const heads: HeadRoleLabel[][] = [];
  for (const layer of m.heads as unknown[]) {
    if (!Array.isArray(layer)) return undefined;
    const row: HeadRoleLabel[] = [];
    for (const h of layer as Record<string, unknown>[]) {
      if (!isNumber(h.layer) || !isNumber(h.head) || !isNumber(h.score)) return undefined;
      if (!(HEAD_ROLES as readonly unknown[]).includes(h.role)) return undefined;
      row.push({
        layer: h.layer,
        head: h.head,
        role: h.role as HeadRole,
        score: h.score,
        scores: roleScores(h.scores),
      });
    }
    heads.push(row);
  }
  return {
    testTokens: m.testTokens,
    perplexity: { model: p.model, unigram: p.unigram, bigram: p.bigram },
    heads,
    chance: roleScores(m.chance),
  };
}

/** The roles' scores that a record gives as numbers (or null: no qualifying query); anything else is left out. */
function roleScores(json: unknown): Partial<Record<HeadRole, number | null>> {
  const given = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
  const scores: Partial<Record<HeadRole, number | null>> = {};
  for (const role of HEAD_ROLES) {
    const v = given[role];
    if (isNumber(v) || v === null) scores[role] = v;
  }
  return scores;
}
