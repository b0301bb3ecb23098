import { test as base, expect, type Page } from "@playwright/test";

/** Fails a test on any console error or uncaught exception in the page. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

export async function openHarness(page: Page, query = ""): Promise<void> {
  await page.goto(`/e2e/harness.html${query}`);
  await expect(page.locator("#status")).toHaveText("ready");
}

export const test = base;
export { expect };
