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
