import { encodePermalink } from "../src/explorer/permalink";
import { createInitialState, reduce } from "../src/explorer/state";
import { collectErrors, expect, test } from "./fixtures";

/**
 * Links as they arrive from the outside, mangled on the way: what the explorer opens, and what it says.
 */

test("a permalink that a mail program percent-encoded on the way opens its state and says so", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const state = reduce(createInitialState(), { type: "setText", text: "encoded on the way 已编码" });
  const rest = encodePermalink(state).slice("s=".length);
  // "=" written as %3D, as some mail and chat programs write it in a fragment.
  await page.goto(`/?backend=wasm#s%3D${rest}`);
  await expect(page.getByTestId("link-notice")).toContainText("Opened from a link");
  await expect(page.getByRole("textbox", { name: "Text", exact: true })).toHaveValue(
    "encoded on the way 已编码",
  );
  expect(errors).toEqual([]);
});

test("URL parameters the explorer cannot use are named in a notice, and the page opens without them", async ({
  page,
}) => {
  // ?step=99999 opened the first visit's step and ?theme=pink its theme, without a word: a mistyped link
  // looked like a page that ignores links.
  const errors = collectErrors(page);
  await page.goto("/?backend=exact&step=99999&theme=pink&lang=zh-CN");
  await expect(page.getByTestId("address-notice")).toHaveText(
    "有 2 个网址参数本页无法使用，已忽略：step=99999、theme=pink。步骤为 1 到 8；“示例”菜单列出了所有示例。 ×",
  );
  await expect(page.getByTestId("step-title")).toBeVisible();
  await page.getByTestId("address-notice").getByRole("button").click();
  await expect(page.getByTestId("address-notice")).toHaveCount(0);
  // Parameters it can use bring no notice.
  await page.goto("/?backend=exact&step=3&theme=dark");
  await expect(page.getByTestId("step-title")).toBeVisible();
  await expect(page.getByTestId("address-notice")).toHaveCount(0);
  expect(errors).toEqual([]);
});
