/**
 * What a head does, measured on its attention to real text. Each role names, for a query position, the keys
 * it would look at; the role's score is the mean over qualifying queries of the weight the head puts on those
 * keys (pooled over every query of every text). Position 0 (<s>) is never a query: its row is 1 on itself.
 * weights: [queries, keys] row-major, causal; each row sums to 1. Rows are queries, columns are keys.
 */

export const HEAD_ROLES = [
  "previous",
  "first",
  "self",
  "induction",
  "punctuation",
  "previousLine",
  "determiner",
  "subject",
] as const;
export type HeadRole = (typeof HEAD_ROLES)[number];

/** The roles that need parts of speech (RoleText.pos): a text without them has no qualifying query. */
export const POS_ROLES: readonly HeadRole[] = ["determiner", "subject"];

/** A word's part of speech, coarsely: what the POS roles need (from the Brown tags: brownTags.ts). */
export type PartOfSpeech = "noun" | "determiner" | "verb" | "pronoun" | "modifier" | "other";

export interface RoleText {
  readonly ids: readonly number[];
  /** Which positions hold punctuation. */
  readonly punctuation: readonly boolean[];
  /**
   * Each position's part of speech, where the corpus tags it. A word split into several tokens has its part
   * on the first and "other" on the rest; <s> is "other".
   */
  readonly pos?: readonly PartOfSpeech[];
}

/** For query i, the keys the role looks at; empty when the role says nothing about i. */
export function roleKeys(role: HeadRole, text: RoleText, i: number): number[] {
  if (i < 1) return [];
  const { ids, punctuation } = text;
  switch (role) {
    case "previous":
      return [i - 1];
    case "first":
      return [0];
    case "self":
      return [i];
    case "induction": {
      // The token just after each earlier copy of ids[i]; "just after" must be before i itself.
      const keys: number[] = [];
      for (let j = 1; j + 1 < i; j++) if (ids[j] === ids[i]) keys.push(j + 1);
      return keys;
    }
    case "punctuation": {
      const keys: number[] = [];
      for (let j = 1; j <= i; j++) if (punctuation[j]) keys.push(j);
      return keys;
    }
    case "previousLine": {
      // Lines end at punctuation; the key is the same offset in the line before (a poem's couplet partner).
      if (punctuation[i]) return [];
      const starts = [1];
      for (let j = 1; j < i; j++) if (punctuation[j]) starts.push(j + 1);
      const line = starts.length - 1;
      if (line < 1) return [];
      const offset = i - starts[line]!;
      const key = starts[line - 1]! + offset;
      return key < starts[line]! && !punctuation[key] ? [key] : [];
    }
    case "determiner": {
      // A noun looks back at its determiner (the, this, his…) across the modifiers between them: "the old
      // man". Only when a word stands between them, so that a previous-token head does not score here.
      const pos = text.pos;
      if (pos?.[i] !== "noun") return [];
      for (let j = i - 1; j >= 1; j--) {
        if (pos[j] === "determiner") return j <= i - 2 ? [j] : [];
        if (pos[j] !== "modifier" && pos[j] !== "noun") return [];
      }
      return [];
    }
    case "subject": {
      // A verb looks back at the nearest noun or pronoun of its clause (no punctuation between), again only
      // when a word stands between them: "the jury further said".
      const pos = text.pos;
      if (pos?.[i] !== "verb") return [];
      for (let j = i - 1; j >= 1 && !punctuation[j]; j--) {
        if (pos[j] === "noun" || pos[j] === "pronoun") return j <= i - 2 ? [j] : [];
      }
      return [];
    }
  }
}

/** Running sums of one head's score for each role. */
export class RoleTally {
  private readonly sums = new Map<HeadRole, { weight: number; queries: number }>();

  constructor(readonly roles: readonly HeadRole[] = HEAD_ROLES) {
    for (const r of roles) this.sums.set(r, { weight: 0, queries: 0 });
  }

  /** weights: [n, n] of one head on `text` (n = text.ids.length). */
  add(weights: ArrayLike<number>, text: RoleText): void {
    const n = text.ids.length;
    for (const role of this.roles) {
      const s = this.sums.get(role)!;
      for (let i = 1; i < n; i++) {
        const keys = roleKeys(role, text, i);
        if (keys.length === 0) continue;
        s.queries++;
        for (const k of keys) s.weight += weights[i * n + k]!;
      }
    }
  }

  scores(): Record<HeadRole, number | null> {
    const out = {} as Record<HeadRole, number | null>;
    for (const role of HEAD_ROLES) {
      const s = this.sums.get(role);
      out[role] = s && s.queries > 0 ? s.weight / s.queries : null;
    }
    return out;
  }
}

/** The role with the highest score, and that score. */
export function bestRole(scores: Readonly<Record<HeadRole, number | null>>): {
  role: HeadRole;
  score: number;
} {
  let best: { role: HeadRole; score: number } = { role: "previous", score: -1 };
  for (const role of HEAD_ROLES) {
    const s = scores[role];
    if (s !== null && s > best.score) best = { role, score: s };
  }
  return best;
}
