import type { Page } from "@playwright/test";
import { encodePermalink } from "../src/explorer/permalink";
import type { ExplorerState } from "../src/explorer/state";
import { openOnWasm, typedState } from "./explorer-page";
import { collectErrors, expect, test } from "./fixtures";

/**
 * The formula panel's lock message names what its formula is about at each step: a token's vector (step 1),
 * a query's and a key's rows (step 2), a cell of a head (steps 3–6), a query's output row, a sum over every
 * key (o_i at step 7, y_i at step 8), never a key the formula does not use. Q, K and V typed by hand:
 * 3 tokens, two heads of d_k = d_v = 1, head 2 shown; query 2 and key 3 locked.
 */
const STATE: ExplorerState = typedState({ heads: 2, head: 1, locked: { query: 1, key: 2 } });

/** At each step: the start of the formula's TeX, and the lock message. */
const EXPECTED: Record<number, [RegExp, string]> = {
  1: [/^q_\{2\} = /u, "Locked on token 2."],
  2: [/^q_\{2\} = .*k_\{3\} = .*v_\{3\} = /u, "Locked on query 2 and key 3."],
  3: [/^s_\{23\} = /u, "Locked on query 2, key 3 of head 2."],
  4: [/^\\tilde s_\{23\} = /u, "Locked on query 2, key 3 of head 2."],
  5: [/^\\hat s_\{23\} = /u, "Locked on query 2, key 3 of head 2."],
  6: [/^a_\{23\} = /u, "Locked on query 2, key 3 of head 2."],
  7: [/^o_\{2\} = \\sum_j a_\{2j\}/u, "Locked on the output of query 2 in head 2."],
  8: [/^y_\{2\} = \[\\,o\^\{\(1\)\}_\{2\},\\ o\^\{\(2\)\}_\{2\}\\,\]/u, "Locked on the output of query 2."],
};

const hint = (page: Page) => page.locator(".ap-formula .ap-hint").first();

test("at every step the lock message names what the formula is about: a token, a cell, or a query's output", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await openOnWasm(page, { ...STATE, step: 1 });
  for (let step = 1; step <= 8; step++) {
    if (step > 1) await page.getByTestId("next-step").click();
    const [tex, message] = EXPECTED[step]!;
    await expect(page.getByTestId("cell-formula"), `step ${step}'s formula`).toHaveAttribute("data-tex", tex);
    await expect(hint(page), `step ${step}'s lock message`).toContainText(message);
  }
  // No key in the message at steps 7 and 8, where the formula sums over every key.
  await expect(hint(page)).not.toContainText("key");
  expect(errors).toEqual([]);
});

test("in Chinese, steps 7 and 8 are locked on the query's output", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`/?backend=wasm&lang=zh-CN#${encodePermalink({ ...STATE, step: 7 })}`);
  await expect(page.getByTestId("backend-name")).toHaveText("wasm");
  await expect(hint(page)).toContainText("已锁定在第 2 个头中查询 2 的输出。");
  await page.getByTestId("next-step").click();
  await expect(hint(page)).toContainText("已锁定在查询 2 的输出。");
  await expect(hint(page)).not.toContainText("键");
  expect(errors).toEqual([]);
});
