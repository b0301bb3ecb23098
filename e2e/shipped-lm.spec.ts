import { collectErrors, expect, test } from "./fixtures";

/**
 * The built-in language models, trained by the project (npm run train -- --lm brown|poetry) and fetched from
 * the app's own public/models/lm: each is picked, given text, and shows its next tokens and every head's
 * attention labelled with its measured role and score.
 */
const ROLE =
  /^ · (previous token|first token|itself|induction\/copy|punctuation|same place, previous line|noun → its determiner|verb → the noun before it) (\d\.\d\d)/;
const POS_ROLES = ["noun → its determiner", "verb → the noun before it"];

for (const [name, label, text, layers, heads, ownRole] of [
  ["brown", "English — Brown corpus", "the jury said that the city", 2, 4, POS_ROLES[0]],
  ["poetry", "中文 — Tang poems", "床前明月光，疑是地上", 2, 4, "same place, previous line"],
] as const) {
  test(`built-in model ${name}: predictions and labelled heads for a typed text`, async ({ page }) => {
    const errors = collectErrors(page);
    const requests: string[] = [];
    page.on("request", (r) => requests.push(new URL(r.url()).origin));
    await page.goto("/models.html?lang=en&view=checkpoint");
    await page.getByTestId(`lm-${name}`).click();
    await expect(page.getByTestId(`lm-${name}`)).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("checkpoint-info")).toContainText(label);
    await expect(page.getByTestId("checkpoint-info")).toContainText(
      `${layers} layers × ${heads} query heads`,
    );
    await expect(page.getByTestId("lm-perplexity")).toContainText("Held-out perplexity");
    await page.getByTestId("checkpoint-text").fill(text);
    await page.getByTestId("checkpoint-run").click();
    const next = page.getByTestId("checkpoint-next").locator("li");
    await expect(next).toHaveCount(10);
    await expect(next.locator(".ap-next-p").first()).toHaveText(/^\d+\.\d\d%$/);
    const captions = page.getByTestId("checkpoint-attention").locator(".ap-head-caption");
    await expect(captions).toHaveCount(layers * heads);
    // Every head's scores for every role: the Brown model's include parts of speech (its corpus is tagged),
    // the poems' the line before; each head's bold score is the one its caption gives.
    const table = page.getByTestId("lm-role-table");
    await table.locator("summary").click();
    const columns = await table.locator("thead th").allTextContents();
    expect(columns).toContain(ownRole);
    for (const role of POS_ROLES) expect(columns.includes(role)).toBe(name === "brown");
    await expect(table.locator("tbody tr")).toHaveCount(layers * heads);
    for (let i = 0; i < layers * heads; i++) {
      await expect(captions.nth(i)).toHaveText(ROLE);
      const score = ROLE.exec((await captions.nth(i).textContent()) ?? "")?.[2];
      await expect(table.locator("tbody tr").nth(i).locator("strong")).toHaveText(score ?? "?");
    }
    await expect(
      page
        .getByTestId(`checkpoint-attention-heatmap-${layers - 1}-${heads - 1}`)
        .locator("canvas")
        .first(),
    ).toBeVisible();
    await expect(page.getByTestId("checkpoint-unknown")).toHaveCount(0);
    // Nothing but the app itself was asked for anything.
    expect([...new Set(requests)]).toEqual([new URL(page.url()).origin]);
    expect(errors).toEqual([]);
  });
}

test("built-in English model: words outside its vocabulary are named as <unk>, and the run still works", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto("/models.html?lang=en&view=checkpoint");
  await page.getByTestId("lm-brown").click();
  await expect(page.getByTestId("checkpoint-info")).toContainText("English — Brown corpus");
  await page.getByTestId("checkpoint-text").fill("the zorblaxian jury said qwxz");
  await expect(page.getByTestId("checkpoint-unknown")).toContainText(
    "Not in the model's vocabulary, read as <unk>: zorblaxian, qwxz.",
  );
  await page.getByTestId("checkpoint-run").click();
  await expect(page.getByTestId("checkpoint-next").locator("li")).toHaveCount(10);
  await expect(page.getByTestId("checkpoint-attention").locator(".ap-token, canvas").first()).toBeVisible();
  expect(errors).toEqual([]);
});

test("built-in models in Chinese: the choice and the unknown-word message are translated", async ({
  page,
}) => {
  await page.goto("/models.html?lang=zh-CN&view=checkpoint");
  await page.getByTestId("lm-poetry").click();
  await expect(page.getByTestId("checkpoint-info")).toContainText("中文 — 唐诗");
  await page.getByTestId("checkpoint-text").fill("床前明月光，😀月🙃");
  // A Chinese list is joined by 、, not by an English comma.
  await expect(page.getByTestId("checkpoint-unknown")).toContainText("不在模型词表中，按 <unk> 处理：😀、🙃");
});
