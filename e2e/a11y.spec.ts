// Accessibility (issue 4): axe on every page and mode, in both languages and both themes, and the explorer
// worked from the keyboard alone with what a screen reader hears checked against the numbers on screen.
// Run alone: `npx vite build --outDir /tmp/a11y && AP_OUT_DIR=/tmp/a11y AP_PORT=4182 npx playwright test e2e/a11y.spec.ts`.
import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { formatNumber } from "../src/render/format";
import { seedOwnWork } from "./explorer-page";
import { collectErrors, expect, test } from "./fixtures";

type Lang = "en" | "zh-CN";
type Theme = "light" | "dark";

/** Brings the page to the next state to check, then calls `check(state)`; axe runs there. */
type Check = (state: string) => Promise<void>;

interface A11yPage {
  readonly name: string;
  /** Opened with ?lang= and ?theme= added (a page reads what it understands), and the colour scheme emulated. */
  readonly url: string;
  /** The page is ready: what to wait for after loading. */
  readonly ready: (page: Page) => Promise<void>;
  /** Walks the page through the states to check, calling check at each, the loaded state first. */
  readonly setup: (page: Page, check: Check) => Promise<void>;
  /** Languages to check it in; default both. */
  readonly langs?: readonly Lang[];
  /** Themes to check it in; default both. */
  readonly themes?: readonly Theme[];
}

const LANGS: readonly Lang[] = ["en", "zh-CN"];
const THEMES: readonly Theme[] = ["light", "dark"];

// ---- the explorer ---------------------------------------------------------------------------------------

const stepButton = (page: Page, n: number): Locator =>
  page
    .locator(".ap-steps .ap-step-list > li")
    .nth(n - 1)
    .getByRole("button");

async function goToStep(page: Page, n: number): Promise<void> {
  await stepButton(page, n).click();
  await expect(stepButton(page, n)).toHaveAttribute("aria-current", "step");
  await expect(page.locator(".ap-step-card .ap-views")).toBeVisible();
}

async function explorerReady(page: Page): Promise<void> {
  await expect(page.getByTestId("backend-name")).toHaveText("wasm");
}

const weightsPlot = (page: Page) => page.getByTestId("view-weights").locator(".ap-plot");

async function explorerStates(page: Page, check: Check): Promise<void> {
  await page.getByTestId("tables").check();
  for (let n = 1; n <= 8; n++) {
    await goToStep(page, n);
    await check(`sequence, step ${n}, data tables on`);
  }
  // A locked cell: from the keyboard, on the weights.
  await goToStep(page, 6);
  await weightsPlot(page).focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("cell-formula")).toBeVisible();
  await check("step 6, a cell locked");
  await page.keyboard.press("Escape");
  await page.getByTestId("mask-kind").selectOption("custom");
  await expect(page.getByTestId("mask-painter")).toBeVisible();
  await page.getByTestId("mask-painter").getByRole("button").nth(1).click();
  await check("painted-mask editor open, a cell painted");
  await page.getByRole("tab").nth(1).click();
  await expect(page.getByRole("tab").nth(1)).toHaveAttribute("aria-selected", "true");
  for (const n of [3, 6]) {
    await goToStep(page, n);
    await check(`matrices, step ${n}`);
  }
  await page.locator(".ap-grid__input").first().fill("abc");
  await expect(page.getByTestId("errors")).toBeVisible();
  await check("matrices, a bad cell");
}

// ---- the render gallery ---------------------------------------------------------------------------------

async function galleryReady(page: Page): Promise<void> {
  await expect(page.locator("#status")).toHaveText("ready");
}

async function galleryStates(_page: Page, check: Check): Promise<void> {
  await check("every fixture");
}

// ---- worked examples, lessons, exercises, presenter mode, sharing, imports --------------------------------

async function lessonStates(page: Page, check: Check): Promise<void> {
  await expect(page.getByTestId("lesson")).toBeVisible();
  await check("lesson, first stop");
  await page.getByTestId("open-examples").click();
  await expect(page.getByTestId("examples")).toBeVisible();
  await check("examples dialog");
  await page.getByTestId("example-score-functions").click();
  await expect(page.getByTestId("compare")).toBeVisible();
  await check("score functions side by side");
  await page.getByTestId("open-examples").click();
  await page.getByTestId("example-five-values").click();
  await page.getByTestId("lesson-next").click();
  await page.getByTestId("lesson-next").click();
  await page.getByTestId("exercise-toggle").click();
  await page.getByTestId("answer-0-0").fill("0.5");
  await page.getByTestId("answer-0-1").fill("x");
  await page.getByTestId("exercise-check").click();
  await expect(page.getByTestId("exercise-result")).toBeVisible();
  await check("exercise, answers marked, hints shown");
  await page.getByTestId("exercise-toggle").click();
  await page.getByTestId("open-share").click();
  await expect(page.getByTestId("share")).toBeVisible();
  await check("share and export dialog");
  await page.getByTestId("share-close").click();
}

async function presenterStates(page: Page, check: Check): Promise<void> {
  await expect(page.locator(".ap-app")).toHaveAttribute("data-presenter", "true");
  await check("presenter mode, a lesson's first stop");
  await page.getByTestId("presenter").focus();
  await page.keyboard.press("PageDown");
  await expect(page.getByTestId("lesson")).toHaveAttribute("data-stop", "1");
  await check("presenter mode, the flow view, a cell pointed at");
}

async function importStates(page: Page, check: Check): Promise<void> {
  await page.getByTestId("import-panel").locator("summary").click();
  await page.getByTestId("import-text").fill("[[1, 2]]");
  await page.getByTestId("import-load").click();
  await expect(page.getByTestId("import-error")).toBeVisible();
  await check("import panel, a refused file");
  await page
    .getByTestId("import-file")
    .setInputFiles(new URL("./fixtures/attention.json", import.meta.url).pathname);
  await expect(page.getByTestId("imported")).toBeVisible();
  await check("imported attention, layer 1, head 1");
}

async function postReady(page: Page): Promise<void> {
  const widgets = page.locator("attention-playground");
  await expect(widgets.first()).toBeVisible();
  for (const widget of await widgets.all()) await expect(widget).toHaveAttribute("data-ready", "");
}

async function postStates(_page: Page, check: Check): Promise<void> {
  await check("demo blog post with its widgets");
}

/** Pages and modes to check. Each row is one page load per language and theme, run in parallel. */
const PAGES: readonly A11yPage[] = [
  { name: "explorer", url: "/?backend=wasm", ready: explorerReady, setup: explorerStates },
  // The gallery's fixtures carry their own English labels; it has no language to switch.
  { name: "gallery", url: "/e2e/gallery.html", ready: galleryReady, setup: galleryStates, langs: ["en"] },
  {
    name: "lessons, exercise and sharing",
    url: "/?backend=wasm&example=pronoun",
    ready: explorerReady,
    setup: lessonStates,
  },
  {
    name: "presenter",
    url: "/?backend=wasm&example=translate-en-zh&present=1",
    ready: explorerReady,
    setup: presenterStates,
  },
  { name: "import", url: "/?backend=wasm", ready: explorerReady, setup: importStates },
  // The post fixes each widget's language and theme in its attributes (one is Chinese and dark).
  {
    name: "blog post",
    url: "/blog/attention-demo.html",
    ready: postReady,
    setup: postStates,
    langs: ["en"],
    themes: ["light"],
  },
];

// ---- axe ------------------------------------------------------------------------------------------------

interface Finding {
  readonly state: string;
  readonly id: string;
  readonly impact: string;
  readonly target: string;
  readonly summary: string;
}

/** Serious and critical violations of WCAG 2.1 A and AA on the page as it is now. */
async function axe(page: Page, state: string): Promise<Finding[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) =>
      v.nodes.map((node) => ({
        state,
        id: v.id,
        impact: v.impact ?? "",
        target: JSON.stringify(node.target),
        summary: (node.failureSummary ?? v.help).replace(/\s+/g, " "),
      })),
    );
}

const report = (findings: readonly Finding[]) =>
  findings.map((f) => `[${f.state}] ${f.impact} ${f.id} ${f.target}: ${f.summary}`).join("\n");

async function openPage(page: Page, entry: A11yPage, lang: Lang, theme: Theme): Promise<void> {
  const url = new URL(entry.url, "http://x");
  url.searchParams.set("lang", lang);
  if (theme === "dark") url.searchParams.set("theme", "dark");
  await page.goto(url.pathname + url.search);
  await entry.ready(page);
  // The explorer follows the emulated colour scheme, the gallery ?theme=: either way this is the theme.
  expect(await page.evaluate(() => document.documentElement.dataset.theme ?? "light")).toBe(theme);
}

async function runAxe(page: Page, entry: A11yPage): Promise<void> {
  const errors = collectErrors(page);
  const findings: Finding[] = [];
  await entry.setup(page, async (state) => {
    findings.push(...(await axe(page, state)));
  });
  if (findings.length > 0) console.log(report(findings));
  expect(findings, report(findings)).toEqual([]);
  expect(errors).toEqual([]);
}

for (const entry of PAGES) {
  for (const lang of entry.langs ?? LANGS) {
    for (const theme of entry.themes ?? THEMES) {
      test.describe(`${entry.name}, ${lang}, ${theme}`, () => {
        test.use({ colorScheme: theme });
        // Up to 14 states, each a full axe pass over the page (3–10 s each on 2 cores with software
        // rendering): the limit guards against a hang, it is not a speed target.
        test.setTimeout(360_000);
        test(`axe finds no serious or critical violation: ${entry.name}, ${lang}, ${theme}`, async ({
          page,
        }) => {
          await openPage(page, entry, lang, theme);
          await runAxe(page, entry);
        });
      });
    }
  }
}

test.describe("phone width", () => {
  test.use({ viewport: { width: 390, height: 844 }, colorScheme: "light" });
  test.setTimeout(360_000);
  test("axe finds no serious or critical violation: explorer, en, light, 390 px wide", async ({ page }) => {
    const entry = PAGES[0] as A11yPage;
    await openPage(page, entry, "en", "light");
    await runAxe(page, entry);
  });
});

// ---- what a screen reader hears ---------------------------------------------------------------------------

/** The numbers of a data table (`${view}-table`): rows are queries, columns keys; labels from its headers. */
async function readTable(page: Page, view: string) {
  const table = page.getByTestId(`${view}-table`);
  return table.evaluate((wrap) => {
    const rows: number[][] = [];
    for (const td of wrap.querySelectorAll<HTMLElement>("td[data-row]")) {
      (rows[Number(td.dataset.row)] ??= [])[Number(td.dataset.col)] = Number(td.dataset.value);
    }
    const text = (cells: NodeListOf<Element>) => Array.from(cells, (cell) => cell.textContent ?? "");
    return {
      values: rows,
      queries: text(wrap.querySelectorAll("tbody th")),
      keys: text(wrap.querySelectorAll("thead th")).slice(1),
    };
  });
}

const announcement = (page: Page, view: string) => page.getByTestId(view).locator(".ap-announce");

test("arrow keys over the weights heatmap announce the query, the key and the weight shown in the data table", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await seedOwnWork(page);
  await page.goto("/?backend=wasm&step=6");
  await explorerReady(page);
  await page.getByTestId("tables").check();
  const table = await readTable(page, "view-weights");
  const live = announcement(page, "view-weights");
  await expect(live).toHaveAttribute("aria-live", "polite");
  await weightsPlot(page).focus();
  // The first arrow lands on the first cell; then each arrow moves one cell.
  const path: [string, number, number][] = [
    ["ArrowRight", 0, 0],
    ["ArrowRight", 0, 1],
    ["ArrowDown", 1, 1],
    ["ArrowDown", 2, 1],
    ["ArrowRight", 2, 2],
    ["ArrowLeft", 2, 1],
  ];
  const heard: string[] = [];
  for (const [key, row, col] of path) {
    await page.keyboard.press(key);
    const weight = table.values[row]?.[col] as number;
    const expected = `query '${table.queries[row]}', key '${table.keys[col]}', weight ${formatNumber(weight, 2)}`;
    await expect(live).toHaveText(expected);
    heard.push(expected);
  }
  // The text changed at every move.
  for (let k = 1; k < heard.length; k++) expect(heard[k]).not.toBe(heard[k - 1]);

  // A masked cell says "masked"; a masked score step names its quantity.
  await page.getByTestId("mask-kind").selectOption("causal");
  await goToStep(page, 5);
  const masked = await readTable(page, "view-masked");
  await page.getByTestId("view-masked").locator(".ap-plot").focus();
  await page.keyboard.press("ArrowRight");
  await expect(announcement(page, "view-masked")).toHaveText(
    `query '${masked.queries[0]}', key '${masked.keys[0]}', masked score ${formatNumber(masked.values[0]![0]!, 2)}`,
  );
  await page.keyboard.press("ArrowRight");
  await expect(announcement(page, "view-masked")).toHaveText(
    `query '${masked.queries[0]}', key '${masked.keys[1]}', masked`,
  );
  expect(errors).toEqual([]);
});

test("in Chinese, the heatmap announces 查询/键/权重, and flow tokens are named by their strongest key", async ({
  page,
}) => {
  await seedOwnWork(page);
  await page.goto("/?backend=wasm&step=6&lang=zh-CN");
  await explorerReady(page);
  await page.getByTestId("tables").check();
  const table = await readTable(page, "view-weights");
  await weightsPlot(page).focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowRight");
  await expect(announcement(page, "view-weights")).toHaveText(
    `查询“${table.queries[0]}”，键“${table.keys[1]}”，权重 ${formatNumber(table.values[0]![1]!, 2)}`,
  );
  // Head 1 is drawn alone: query i's strongest key is the largest weight of its row in the table.
  const row = table.values[2] as number[];
  const best = row.indexOf(Math.max(...row));
  const token = page.getByTestId("flow").locator('g.ap-flow-token[data-query="2"]');
  await expect(token).toHaveAccessibleName(
    `查询“${table.queries[2]}”：最强的键“${table.keys[best]}”，${formatNumber(row[best]!, 2)}`,
  );
  // After an edit the names follow the new weights (they are renamed once the new picture is painted).
  const temperature = page.getByTestId("temperature");
  await temperature.focus();
  for (let i = 0; i < 5; i++) await temperature.press("ArrowLeft");
  await expect.poll(async () => (await readTable(page, "view-weights")).values[2]).not.toEqual(row);
  const after = (await readTable(page, "view-weights")).values[2] as number[];
  const strongest = after.indexOf(Math.max(...after));
  await expect(token).toHaveAccessibleName(
    `查询“${table.queries[2]}”：最强的键“${table.keys[strongest]}”，${formatNumber(after[strongest]!, 2)}`,
  );
});

// ---- the keyboard alone ----------------------------------------------------------------------------------

/** What has focus: its test id, else a short description. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return "body";
    return el.dataset.testid ?? `${el.tagName.toLowerCase()}.${el.getAttribute("class") ?? ""}`;
  });

/** Presses Tab until `matches` holds for the focused element; fails after `limit` presses. */
async function tabTo(page: Page, matches: (el: Element) => boolean, what: string, limit = 300) {
  const holds = () => page.evaluate(`(${matches.toString()})(document.activeElement)`) as Promise<boolean>;
  for (let i = 0; i < limit; i++) {
    if (await holds()) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${what} (last: ${await focused(page)})`);
}

test("keyboard alone: type a sentence, step with Enter, move over the weights with arrows, lock a cell with Enter", async ({
  page,
}) => {
  const errors = collectErrors(page);
  await seedOwnWork(page);
  await page.goto("/?backend=wasm&step=1");
  await explorerReady(page);
  await page.keyboard.press("Tab");
  await tabTo(page, (el) => el.getAttribute("data-testid") === "sequence-text", "the text field");
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("the cat sat on the mat");
  await expect(page.getByTestId("token-chips").getByTestId("token-chip")).toHaveCount(6);
  await tabTo(page, (el) => el.getAttribute("data-testid") === "next-step", "the next-step button");
  for (let n = 2; n <= 6; n++) {
    await page.keyboard.press("Enter");
    await expect(stepButton(page, n)).toHaveAttribute("aria-current", "step");
  }
  await tabTo(page, (el) => el.matches('[data-testid="view-weights"] .ap-plot'), "the weights heatmap");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowDown");
  await expect(announcement(page, "view-weights")).toHaveText(/^query 'cat', key 'the', weight /);
  await page.keyboard.press("Enter");
  await expect(page.locator(".ap-formula")).toContainText("Locked on query 2, key 1");
  await expect(page.getByTestId("cell-formula")).toBeVisible();
  // Escape releases it.
  await page.keyboard.press("Escape");
  await expect(page.locator(".ap-formula")).not.toContainText("Locked");
  expect(errors).toEqual([]);
});

test("token chips from the keyboard: Enter edits, Enter commits, × deletes, and focus stays on the chips", async ({
  page,
}) => {
  await seedOwnWork(page);
  await page.goto("/?backend=wasm");
  await explorerReady(page);
  const chips = page.getByTestId("token-chips");
  const count = await chips.getByTestId("token-chip").count();
  await chips.locator(".ap-chip-text").nth(1).focus();
  await page.keyboard.press("Enter");
  await expect(chips.locator("input")).toBeFocused();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("dog");
  await page.keyboard.press("Enter");
  await expect(chips.locator(".ap-chip-text").nth(1)).toBeFocused();
  await expect(chips.locator(".ap-chip-text").nth(1)).toHaveAccessibleName("Edit token 2: dog");
  // Tab to its ×, delete it: focus goes to the chip that took its place.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(page.locator(":focus")).toHaveAccessibleName("Delete token dog");
  await page.keyboard.press("Enter");
  await expect(chips.getByTestId("token-chip")).toHaveCount(count - 1);
  await expect(chips.locator(".ap-chip-text").nth(1)).toBeFocused();
});

test("with prefers-reduced-motion: reduce, nothing animates: no transition, no animation, no smooth scrolling", async ({
  page,
}) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto("/?backend=wasm&step=6");
  await explorerReady(page);
  const moving = await page.evaluate(() => {
    const seconds = (list: string) =>
      Math.max(...list.split(",").map((d) => parseFloat(d) * (d.trim().endsWith("ms") ? 0.001 : 1)));
    return Array.from(document.querySelectorAll("*"))
      .filter((el) => {
        const style = getComputedStyle(el);
        return (
          seconds(style.transitionDuration) > 0.001 ||
          (style.animationName !== "none" && seconds(style.animationDuration) > 0.001) ||
          style.scrollBehavior === "smooth"
        );
      })
      .map((el) => el.className.toString() || el.tagName);
  });
  expect(moving).toEqual([]);
});

test("Tab visits every control with a visible focus ring and comes round again: nothing traps focus", async ({
  page,
}) => {
  await page.goto("/?backend=wasm&step=6");
  await explorerReady(page);
  const seen: string[] = [];
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      // The ring: an outline, or for an SVG token the stroke of its hit area.
      const style = getComputedStyle(el);
      const hit = el.querySelector(".ap-flow-hit");
      const ring =
        (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) ||
        (hit !== null && getComputedStyle(hit).stroke !== "none");
      const path: string[] = [];
      for (let node: Element | null = el; node && node !== document.body; node = node.parentElement) {
        path.unshift(
          `${node.tagName}${node.parentElement ? [...node.parentElement.children].indexOf(node) : ""}`,
        );
      }
      return {
        id: path.join(">"),
        ring,
        name: el.getAttribute("aria-label") ?? el.textContent?.slice(0, 30),
      };
    });
    if (stop === null) continue;
    if (seen[0] === stop.id) break;
    expect(stop.ring, `focus ring on ${stop.name}`).toBe(true);
    expect(seen, `${stop.name} is focused twice in one round`).not.toContain(stop.id);
    seen.push(stop.id);
  }
  // The round trip covered the header, the panels, the steps, the views: far more than a trap would allow.
  expect(seen.length).toBeGreaterThan(40);
  expect(seen.length).toBeLessThan(400);
});
