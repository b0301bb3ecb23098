import type { MessageParams } from "../core/messages";
import type { MessageKey } from "../i18n/i18n";
import type { Pointed } from "./formula";

/** A message and its parameters, translated by the caller. */
export interface Said {
  readonly key: MessageKey;
  readonly params: MessageParams;
}

/**
 * What the formula panel's formula is about at each step, in words: the line above it while a cell is
 * pointed at (`pointed`), and the message when it is locked (`locked`, also announced). It names what the
 * formula uses, no more: step 1 one token's vector (x_i, or q_i when Q, K and V are given); step 2 the query's
 * and the key's rows (every head's columns); steps 3–6 one cell of one head, or of the heads' mean (weights
 * only, describe.ts shownHead); step 7 a query's output row in one head (o_i = Σ_j a_ij v_j, every key);
 * step 8 a query's output row, all heads concatenated (y_i). A key where the formula has none ("Locked on
 * query 2, key 3" beside o_2) sent a student looking for key 3 in a sum over every key.
 */
export function formulaSubject(
  step: number,
  { head, query, key }: Pointed,
  {
    heads,
    mean,
    queryLabel,
    keyLabel,
  }: { heads: number; mean: boolean; queryLabel: string; keyLabel: string },
): { pointed: Said; whose?: Said; locked: Said } {
  const i = query + 1;
  const j = key + 1;
  // Whose numbers, where a step has one head's (or the mean's) and there are several.
  const perHead = heads > 1 && step >= 3 && step <= 7;
  const whose: Said | undefined = perHead
    ? mean
      ? { key: "view.mean", params: {} }
      : { key: "view.head", params: { n: head + 1 } }
    : undefined;
  if (step === 1)
    return {
      pointed: { key: "formula.token", params: { query: i, q: queryLabel } },
      locked: { key: "formula.lockedToken", params: { query: i } },
    };
  if (step === 7 || step === 8)
    return {
      pointed: { key: "formula.output", params: { query: i, q: queryLabel } },
      whose,
      locked:
        step === 7 && perHead
          ? { key: "formula.lockedOutputHead", params: { query: i, head: head + 1 } }
          : { key: "formula.lockedOutput", params: { query: i } },
    };
  const cell = { query: i, key: j };
  return {
    pointed: { key: "formula.cell", params: { ...cell, q: queryLabel, k: keyLabel } },
    whose,
    locked:
      step === 2
        ? { key: "formula.lockedPair", params: cell }
        : perHead
          ? mean
            ? { key: "formula.lockedMean", params: cell }
            : { key: "formula.lockedHead", params: { ...cell, head: head + 1 } }
          : { key: "formula.locked", params: cell },
  };
}
