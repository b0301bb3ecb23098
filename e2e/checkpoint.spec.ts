import AxeBuilder from "@axe-core/playwright";
import { fileURLToPath } from "node:url";
import { collectErrors, expect, test } from "./fixtures";

const fixture = (dir: string, name: string) =>
  fileURLToPath(new URL(`../src/models/checkpoint/fixtures/${dir}/${name}`, import.meta.url));

/**
 * A person brings a checkpoint: the tiny GPT-2 written by numpy (scripts/make-checkpoint-fixtures.py). The
 * next-token probabilities on screen are numpy's (softmax of its last row of logits, worked in float64):
 *   cat 28.24%, was 22.53%, ran 12.89%, sat 7.69%.
 */
test("your checkpoint: a GPT-2 chosen from disk predicts numpy's next tokens and draws every head", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto("/models.html?lang=en&view=checkpoint");
  await page
    .getByTestId("checkpoint-files")
    .setInputFiles(["config.json", "model.safetensors", "tokenizer.json"].map((n) => fixture("gpt2-f32", n)));
  await expect(page.getByTestId("checkpoint-info")).toContainText(
    "GPT-2, 2 layers × 2 heads, d_model 8, vocabulary 13",
  );
  await page.getByTestId("checkpoint-text").fill("sat the on the mat and cat");
  await page.getByTestId("checkpoint-run").click();
  const next = page.getByTestId("checkpoint-next").locator("li");
  await expect(next.locator(".ap-token")).toHaveText([
    "cat",
    "was",
    "ran",
    "sat",
    /.+/,
    /.+/,
    /.+/,
    /.+/,
    /.+/,
    /.+/,
  ]);
  await expect(next.locator(".ap-next-p").first()).toHaveText("28.24%");
  await expect(next.locator(".ap-next-p").nth(1)).toHaveText("22.53%");
  await expect(next.locator(".ap-next-p").nth(2)).toHaveText("12.89%");
  for (const [b, h] of [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]) {
    await expect(
      page.getByTestId(`checkpoint-attention-heatmap-${b}-${h}`).locator("canvas").first(),
    ).toBeVisible();
  }
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(
    axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id),
  ).toEqual([]);
  expect(errors).toEqual([]);
});

test("your checkpoint: missing files and unknown token ids are said in the page's language, and nothing is lost", async ({
  page,
}) => {
  await page.goto("/models.html?lang=zh-CN&view=checkpoint");
  await page.getByTestId("checkpoint-files").setInputFiles([fixture("gpt2-f32", "model.safetensors")]);
  await expect(page.getByTestId("checkpoint-error")).toHaveText(
    "没有提供 config.json：需要 config.json 和 model.safetensors（处理文本还需要 tokenizer.json）",
  );
  // Without tokenizer.json the text is token ids; an id past the vocabulary is located.
  await page
    .getByTestId("checkpoint-files")
    .setInputFiles(["config.json", "model.safetensors"].map((n) => fixture("llama-bf16-tied", n)));
  await expect(page.getByTestId("checkpoint-info")).toContainText("Llama");
  await page.getByTestId("checkpoint-text").fill("3 1 4 1 5 99");
  await expect(page.getByTestId("checkpoint-token-error")).toHaveText(
    "第 6 个词元是 99：词元编号应在 0 到词表大小 11 减一之间",
  );
  await expect(page.getByTestId("checkpoint-run")).toBeDisabled();
  await page.getByTestId("checkpoint-text").fill("3 1 4 1 5 9");
  await page.getByTestId("checkpoint-run").click();
  await expect(page.getByTestId("checkpoint-next").locator("li")).toHaveCount(10);
  await expect(page.getByTestId("checkpoint-text")).toHaveValue("3 1 4 1 5 9");
});
