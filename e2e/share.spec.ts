import { readFileSync, writeFileSync } from "node:fs";
import type { Download, Page } from "@playwright/test";
import { EXAMPLES, exampleById } from "../src/explorer/examples";
import { DAMAGED_KEY, SAVE_KEY } from "../src/explorer/persist";
import { parseCsv } from "../src/render/test-csv";
import { decodePermalink, encodePermalink } from "../src/explorer/permalink";
import { maxDiff, openApp, openOnWasm, readTable, showTables, TOLERANCE, typedState } from "./explorer-page";
import { collectErrors, expect, test, unlessClosed } from "./fixtures";

/**
 * Sharing and exchanging: permalinks that restore exactly what was on screen, hostile links refused safely,
 * exports whose numbers are the engine's, and imported attention weights browsed with the same views.
 */

/** The state the page has autosaved (a moment after the last edit), or null. */
const savedState = (page: Page): Promise<unknown> =>
  page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "null"), SAVE_KEY);

/** The state a permalink opens, as plain JSON (what an autosave of that state holds). */
function linkedState(link: string): unknown {
  const decoded = decodePermalink(new URL(link).hash);
  if (!decoded || "error" in decoded) throw new Error(`the share link does not open: ${link}`);
  return JSON.parse(JSON.stringify(decoded.state));
}

async function permalinkOf(page: Page): Promise<string> {
  await page.getByTestId("open-share").click();
  const link = await page.getByTestId("share-link").inputValue();
  await page.getByTestId("share-close").click();
  return link;
}

test.describe("permalinks", () => {
  test.describe.configure({ mode: "parallel" });

  for (const example of EXAMPLES) {
    test(`${example.id}: a permalink restores the exact state in a fresh browser`, async ({
      page,
      browser,
    }) => {
      await openApp(page, `&example=${example.id}`);
      // Change the view too: another stop of the lesson (step, selection, head) and the dark theme.
      await page.getByTestId("lesson-next").click();
      await page.getByTestId("theme").click();
      const link = await permalinkOf(page);
      expect(link).toMatch(/#s=2\./u);
      // The page's autosave and its share link agree on what is on screen (once the save has been written).
      const before = linkedState(link);
      await expect.poll(() => savedState(page)).toEqual(before);

      const fresh = await browser.newContext();
      const other = await fresh.newPage();
      const errors = collectErrors(other);
      await other.goto(link);
      await expect(other.getByTestId("link-notice")).toBeVisible();
      await expect.poll(() => savedState(other)).toEqual(before);
      // The link has been taken: the address bar no longer carries it, so a reload keeps later edits.
      expect(new URL(other.url()).hash).toBe("");
      expect(errors).toEqual([]);
      await fresh.close();
    });
  }

  test("a link from the previous version (v1, before names, palettes and lessons) still opens", async ({
    page,
  }) => {
    const v1 = {
      input: "matrices",
      matrices: {
        q: [["2", "0"]],
        k: [
          ["1", "0"],
          ["0", "1"],
        ],
        v: [
          ["1", "2"],
          ["3", "4"],
        ],
      },
      score: "dot",
      step: 6,
      theme: "light",
    };
    const payload = Buffer.from(JSON.stringify(v1)).toString("base64url");
    await page.goto(`/?backend=wasm#s=1.${payload}`);
    await expect(page.getByTestId("link-notice")).toBeVisible();
    await showTables(page);
    // softmax([2, 0]) = [0.8808, 0.1192]
    await expect.poll(async () => (await readTable(page, "view-weights"))[0]?.[0]).toBeCloseTo(0.880797, 5);
  });

  test("a link with settings it cannot use opens the rest, and the notice names each one with its value", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    // {"input":"matrices","matrices":{"q":[["2","0"]],"k":[["1","0"],["0","1"]],"v":[["1","2"],["3","4"]]},
    //  "score":"dot","step":6,"temperature":-5,"palette":"rainbow","foo":1}
    const fragment =
      "#s=2.eyJpbnB1dCI6Im1hdHJpY2VzIiwibWF0cmljZXMiOnsicSI6W1siMiIsIjAiXV0sImsiOltbIjEiLCIwIl0sWyIwIiwiMSJdXSwidiI6W1siMSIsIjIiXSxbIjMiLCI0Il1dfSwic2NvcmUiOiJkb3QiLCJzdGVwIjo2LCJ0ZW1wZXJhdHVyZSI6LTUsInBhbGV0dGUiOiJyYWluYm93IiwiZm9vIjoxfQ";
    const notices = {
      en: 'This link was opened, but 3 of its settings could not be used and have their default values: Temperature τ (temperature = \u22125: expected a number from 1e\u22126 to 1e12), Colours (palette = "rainbow": expected one of default, viridis, cividis, grayscale), foo (not a setting this page knows). Your previous work is one Undo away.',
      "zh-CN":
        "已打开这个链接，但其中有 3 项设置无法使用，已改用默认值：温度 τ（temperature = \u22125：应为1e\u22126 到 1e12 之间的数）；配色（palette = “rainbow”：应为以下之一：default、viridis、cividis、grayscale）；foo（本页面不认识这项设置）。你之前的内容按一次“撤销”即可恢复。",
    };
    for (const [lang, notice] of Object.entries(notices)) {
      await page.goto(`/?backend=wasm&lang=${lang}${fragment}`);
      await expect(page.getByTestId("link-notice")).toContainText(notice);
      // The settings it could use did apply: its matrices, score and step; τ and the palette are the defaults.
      await expect
        .poll(() => savedState(page))
        .toMatchObject({ input: "matrices", score: "dot", step: 6, temperature: 1, palette: "default" });
      await expect(page.getByTestId("palette")).toHaveValue("default");
      await showTables(page);
      // softmax([2, 0] / 1) = [0.8808, 0.1192]
      await expect.poll(async () => (await readTable(page, "view-weights"))[0]?.[0]).toBeCloseTo(0.880797, 5);
    }
    expect(errors).toEqual([]);
  });

  const hostile: [string, string][] = [
    ["truncated", encodePermalink(exampleById("pronoun")!.state()).slice(0, 60)],
    ["not base64", "s=2.!!!***"],
    ["not JSON", `s=2.${Buffer.from("{not json").toString("base64url")}`],
    ["from a newer version", `s=99.${Buffer.from("{}").toString("base64url")}`],
  ];
  for (const [what, fragment] of hostile) {
    test(`a damaged link (${what}) opens the person's own work with a notice, no crash`, async ({ page }) => {
      const errors = collectErrors(page);
      await page.goto(`/?backend=wasm#${fragment}`);
      await expect(page.getByTestId("link-notice")).toContainText("This link could not be opened");
      // The reason is said in words, not as a message id.
      await expect(page.getByTestId("link-notice")).not.toContainText("share.error");
      await expect(page.getByTestId("step-title")).toBeVisible();
      expect(errors).toEqual([]);
    });
  }

  test("a hostile link: script in token text is shown as text and never runs; huge numbers are refused", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    page.on("dialog", (d) => {
      errors.push(`dialog: ${d.message()}`);
      void unlessClosed(d.dismiss());
    });
    const attack = {
      input: "matrices",
      matrices: {
        q: [["1e308", "0"]],
        k: [
          ["1", "0"],
          ["0", "1"],
        ],
        v: [
          ["1", "2"],
          ["3", "4"],
        ],
        labels: {
          queries: ['<img src=x onerror="window.__pwned=1">'],
          keys: ["<script>window.__pwned=1</script>", "__proto__"],
        },
      },
      __proto__: { polluted: true },
      step: 6,
    };
    const payload = Buffer.from(JSON.stringify(attack)).toString("base64url");
    await page.goto(`/?backend=wasm#s=2.${payload}`);
    await expect(page.getByTestId("link-notice")).toBeVisible();
    await expect(page.getByTestId("errors")).toContainText("Q row 1, column 1");
    await page.getByRole("tab", { name: "Q, K, V by hand" }).click();
    await expect(page.getByText('<img src=x onerror="window.__pwned=1">').first()).toBeVisible();
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (({}) as { polluted?: boolean }).polluted)).toBeUndefined();
    expect(errors).toEqual([]);
  });
});

test.describe("saved work that cannot be read in full", () => {
  /** Puts `text` where the explorer autosaves, before the page's first script runs, at every load. */
  const damageSave = (page: Page, text: string) =>
    page.addInitScript(([key, value]) => localStorage.setItem(key!, value!), [SAVE_KEY, text]);
  const stored = (page: Page, key: string): Promise<string | null> =>
    page.evaluate((k) => localStorage.getItem(k), key);

  test("a save that is not JSON opens the first lesson with a notice, and its text is kept under its own key", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    const damaged = '{"step": 3, "temperature": 0.5, "sequ';
    await damageSave(page, damaged);
    const notices = {
      en: "Your saved work could not be read, so the explorer opens on the first lesson, as on a first visit. What was saved is kept, unchanged, in this browser's local storage under attention-playground:state:v1.damaged.",
      "zh-CN":
        "无法读取你保存的内容，探索器像首次访问时一样打开第一课。原来保存的内容已原样保留在本浏览器的本地存储中，键名为 attention-playground:state:v1.damaged。",
    };
    for (const [lang, notice] of Object.entries(notices)) {
      await page.goto(`/?backend=wasm&lang=${lang}`);
      await expect(page.getByTestId("saved-notice")).toContainText(notice);
      await expect(page.getByTestId("link-notice")).toHaveCount(0);
      await expect(page.getByTestId("lesson")).toBeVisible();
      // The page's next save replaces the damaged one; what the person had is still there, as it was.
      await expect.poll(() => stored(page, SAVE_KEY)).not.toBe(damaged);
      expect(await stored(page, DAMAGED_KEY)).toBe(damaged);
    }
    expect(errors).toEqual([]);
  });

  test("a save with settings it cannot use opens the rest, and the notice names each one", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    const damaged = JSON.stringify({ input: "matrices", score: "dot", step: 6, palette: "rainbow" });
    await damageSave(page, damaged);
    const notices = {
      en: 'Your saved work was opened, but 1 of its settings could not be read and has its default value: Colours (palette = "rainbow": expected one of default, viridis, cividis, grayscale). What was saved is kept, unchanged, in this browser\'s local storage under attention-playground:state:v1.damaged.',
      "zh-CN":
        "已打开你保存的内容，但其中有 1 项设置无法读取，已改用默认值：配色（palette = “rainbow”：应为以下之一：default、viridis、cividis、grayscale）。原来保存的内容已原样保留在本浏览器的本地存储中，键名为 attention-playground:state:v1.damaged。",
    };
    for (const [lang, notice] of Object.entries(notices)) {
      await page.goto(`/?backend=wasm&lang=${lang}`);
      await expect(page.getByTestId("saved-notice")).toContainText(notice);
      await expect(page.getByTestId("palette")).toHaveValue("default");
      await expect
        .poll(() => savedState(page))
        .toMatchObject({ input: "matrices", score: "dot", step: 6, palette: "default" });
      expect(await stored(page, DAMAGED_KEY)).toBe(damaged);
    }
    expect(errors).toEqual([]);
  });
});

/** A download's bytes. */
async function bytesOf(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFileSync(path);
}

async function exportFile(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  return { name: download.suggestedFilename(), bytes: await bytesOf(download) };
}

test.describe("exports", () => {
  test("the step's view as SVG and PNG 2×, its matrix as CSV and JSON, and the whole trace as JSON", async ({
    page,
  }) => {
    await openApp(page, "&example=pronoun");
    await page.getByTestId("lesson-next").click(); // to step 6, the weights
    await showTables(page);
    const shown = await readTable(page, "view-weights");
    await page.getByTestId("open-share").click();

    const csv = await exportFile(page, "export-csv");
    expect(csv.name).toBe("attention-step6-weights.csv");
    const rows = parseCsv(csv.bytes.toString("utf8").replace(/^\uFEFF/u, ""));
    const labels = exampleById("pronoun")!.state().matrices.labels;
    expect(rows[0]!.slice(1)).toEqual(labels.keys);
    expect(rows.slice(1).map((r) => r[0])).toEqual(labels.queries);
    // The engine's numbers, exactly: each reads back to the float32 value the data table on screen holds.
    expect(rows.slice(1).map((r) => r.slice(1).map((x) => Math.fround(Number(x))))).toEqual(shown);

    const json = JSON.parse((await exportFile(page, "export-json")).bytes.toString("utf8"));
    expect(JSON.stringify(json)).toContain('"queries"');
    const trace = JSON.parse((await exportFile(page, "export-trace")).bytes.toString("utf8"));
    expect(trace).toHaveProperty("weights");

    const svg = (await exportFile(page, "export-svg")).bytes.toString("utf8");
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, "image/svg+xml");
      return {
        error: doc.querySelector("parsererror")?.textContent ?? null,
        rects: doc.querySelectorAll("rect").length,
        text: [...doc.querySelectorAll("text")].map((t) => t.textContent),
        width: Number(doc.documentElement.getAttribute("width")),
      };
    }, svg);
    expect(parsed.error).toBeNull();
    expect(parsed.rects).toBeGreaterThanOrEqual(labels.queries.length * labels.keys.length);
    expect(parsed.text).toContain("animal");

    const png = (await exportFile(page, "export-png")).bytes;
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    // IHDR: width at byte 16, big-endian: twice the SVG's width, for slides.
    expect(png.readUInt32BE(16)).toBe(2 * parsed.width);

    const flow = (await exportFile(page, "export-flow-svg")).bytes.toString("utf8");
    expect(flow).toContain("<svg");
    expect(flow).toContain("animal");
  });

  test("numbers typed as 1.1 export as 1.1, not float32's 1.100000023841858; masked scores as -Infinity and null", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    // Q, K and V typed by hand: 3 tokens, one head of d_k = 2, causal mask, scaled dot product.
    const state = typedState({ heads: 1, step: 2 }, "causal");
    await openOnWasm(page, state);
    await page.getByTestId("open-share").click();
    const csvOf = async () =>
      parseCsv((await exportFile(page, "export-csv")).bytes.toString("utf8").replace(/^\uFEFF/u, ""));
    // Step 2's Q as typed: the engine's float32 numbers, each written as the shortest decimal of its float32.
    expect(await csvOf()).toEqual([
      ["", "1", "2"],
      ["q1", "0.5", "-1.2"],
      ["q2", "-0.3", "0.8"],
      ["q3", "1.5", "0.25"],
    ]);
    const trace = JSON.parse((await exportFile(page, "export-trace")).bytes.toString("utf8"));
    expect(trace.precision).toBe("float32");
    expect(trace.k.data).toEqual([
      [-0.7, 0.4],
      [1.1, -0.5],
      [0.2, 0.9],
    ]);
    expect(trace.v.data).toEqual([
      [2, -1],
      [0.5, 0.5],
      [-1.5, 3],
    ]);
    await page.getByTestId("share-close").click();

    // Step 5's masked scores: computed numbers, at most 9 significant digits, each reading back to the
    // float32 the data table holds; a masked score is -Infinity in the CSV and null in the JSON.
    await page.goto(`/?backend=wasm#${encodePermalink({ ...state, step: 5 })}`);
    await showTables(page);
    const shown = await readTable(page, "view-masked");
    await page.getByTestId("open-share").click();
    const rows = (await csvOf()).slice(1).map((r) => r.slice(1));
    expect(rows.map((r) => r.map((x) => Math.fround(Number(x))))).toEqual(shown);
    expect(rows[0]).toEqual([expect.stringMatching(/^-?\d\.\d{1,8}$/u), "-Infinity", "-Infinity"]);
    for (const x of rows.flat())
      expect(x.replace(/^-|\.|e.*$/gu, "").replace(/^0+/u, "").length).toBeLessThanOrEqual(9);
    const json = JSON.parse((await exportFile(page, "export-json")).bytes.toString("utf8"));
    expect(json.data[0].slice(1)).toEqual([null, null]);
    expect(
      json.data.map((r: (number | null)[]) => r.map((x) => (x === null ? -Infinity : Math.fround(x)))),
    ).toEqual(shown);
    expect(errors).toEqual([]);
  });

  test("with the mean of the heads on screen, the exports are the mean, named and titled so, not head 1", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    // Q, K and V typed by hand: 3 tokens, two heads of d_k = 1, causal mask; step 6 showing the heads' mean.
    const state = typedState({ heads: 2, head: "mean", step: 6 }, "causal");
    await openOnWasm(page, state);
    await page.getByTestId("open-share").click();
    const file = await exportFile(page, "export-json");
    expect(file.name).toBe("attention-step6-weights-mean.json");
    // By numpy: head 1's and head 2's weights, averaged (head 1's row 2 is 0.6318, 0.3682, 0).
    const mean = [
      [1, 0, 0],
      [0.65220972, 0.34779028, 0],
      [0.1958845, 0.51313538, 0.29098013],
    ];
    expect(maxDiff(JSON.parse(file.bytes.toString("utf8")).data as number[][], mean)).toBeLessThanOrEqual(
      TOLERANCE,
    );
    const svg = (await exportFile(page, "export-svg")).bytes.toString("utf8");
    expect(svg).toContain("Attention weights A · Mean of heads");
    expect(errors).toEqual([]);
  });

  test("step 7's matrix as JSON says its columns are the value's dimensions d_v, not keys, beside numpy's numbers", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    // Q, K and V typed by hand: 3 tokens, d_k = d_v = 2, one head, no mask, √2 scaling.
    const state = typedState({ heads: 1, step: 7 });
    await openOnWasm(page, state);
    await page.getByTestId("open-share").click();
    const json = JSON.parse((await exportFile(page, "export-json")).bytes.toString("utf8"));
    expect(json).toMatchObject({
      shape: [3, 2],
      rows: "queries",
      cols: "d_v",
      rowLabels: ["q1", "q2", "q3"],
    });
    // O = softmax(QKᵀ/√2) V, by numpy.
    const numpy = [
      [0.44983412, 0.62568118],
      [0.2236983, 0.99498544],
      [0.06474206, 1.08316431],
    ];
    expect(maxDiff(json.data as number[][], numpy)).toBeLessThanOrEqual(TOLERANCE);
    expect(errors).toEqual([]);
  });
});

test.describe("imports", () => {
  const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
  const expected = JSON.parse(readFileSync(fixture("attention.json"), "utf8")) as {
    tokens: string[];
    attention: number[][][][];
  };

  test("a JSON file of weights [layers][heads][n][n] is browsed by layer and head", async ({ page }) => {
    const errors = collectErrors(page);
    await openApp(page);
    await showTables(page);
    await page.getByTestId("import-panel").locator("summary").click();
    await page.getByTestId("import-file").setInputFiles(fixture("attention.json"));
    await expect(page.getByTestId("imported")).toBeVisible();
    // Layers and heads are counted from 1 on screen.
    await page.getByTestId("import-layer").selectOption("2");
    await page.getByTestId("import-head").selectOption("2");
    await expect.poll(() => readTable(page, "imported-weights")).toEqual(expected.attention[1]![1]);
    await expect(page.getByTestId("imported")).toContainText(expected.tokens[0]!);
    await page.getByTestId("import-close").click();
    await expect(page.getByTestId("step-title")).toBeVisible();
    expect(errors).toEqual([]);
  });

  test("a NumPy .npy file, with tokens typed, shows the same weights (as float32)", async ({ page }) => {
    await openApp(page);
    await showTables(page);
    await page.getByTestId("import-panel").locator("summary").click();
    await page.getByTestId("import-tokens").fill(expected.tokens.join(" "));
    await page.getByTestId("import-file").setInputFiles(fixture("attention.npy"));
    await expect(page.getByTestId("imported")).toBeVisible();
    const shown = await readTable(page, "imported-weights");
    const want = expected.attention[0]![0]!;
    shown.forEach((row, i) => row.forEach((x, j) => expect(x).toBeCloseTo(want[i]![j]!, 6)));
  });

  /** A NumPy .npy file (format 1.0) of little-endian float32 values of the given shape. */
  function npyFloat32(data: Float32Array, shape: readonly number[]): Buffer {
    let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(", ")}), }`;
    // Magic, version, header length, header: a multiple of 64 bytes, the header ending in a newline.
    header += " ".repeat(64 - ((10 + header.length + 1) % 64)) + "\n";
    const head = Buffer.alloc(10);
    head.write("\x93NUMPY", 0, "latin1");
    head.writeUInt8(1, 6);
    head.writeUInt8(0, 7);
    head.writeUInt16LE(header.length, 8);
    return Buffer.concat([head, Buffer.from(header, "latin1"), Buffer.from(data.buffer)]);
  }

  test("a long sequence of 4,096 tokens: an overview in blocks, and a window at full detail moved by picking a block", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    // Each query on itself, except query 512 (0-based), which puts its whole weight on key 212.
    const n = 4096;
    const data = new Float32Array(n * n);
    for (let i = 0; i < n; i++) data[i * n + i] = 1;
    data[512 * n + 512] = 0;
    data[512 * n + 212] = 1;
    await openApp(page);
    await showTables(page);
    await page.getByTestId("import-panel").locator("summary").click();
    // 64 MiB: past what Playwright hands over as a buffer, so from a file.
    const file = test.info().outputPath("long.npy");
    writeFileSync(file, npyFloat32(data, [1, 1, n, n]));
    await page.getByTestId("import-file").setInputFiles(file);
    const overview = page.getByTestId("imported-overview");
    await expect(overview).toContainText("4096 queries × 4096 keys");
    await expect(overview).toContainText("16 × 16");
    const plot = page.getByTestId("imported-overview-heatmap").locator(".ap-plot");
    await expect(plot).toHaveAttribute("data-rows", "256");
    await expect(plot).toHaveAttribute("data-cols", "256");
    const window = page.getByTestId("imported-overview-window");
    await expect(window).toContainText("queries 1–64, keys 1–64");
    const identity = Array.from({ length: 64 }, (_, i) =>
      Array.from({ length: 64 }, (_, j) => (i === j ? 1 : 0)),
    );
    expect(await readTable(page, "imported-weights")).toEqual(identity);

    // The block of queries 513–528 and keys 209–224 holds the one weight off the diagonal: pick it.
    const cells = page.getByTestId("imported-overview-heatmap").locator("canvas.ap-cells");
    await cells.scrollIntoViewIfNeeded();
    const box = (await cells.boundingBox())!;
    await page.mouse.click(box.x + ((13 + 0.5) * box.width) / 256, box.y + ((32 + 0.5) * box.height) / 256);
    await expect(window).toContainText("queries 513–576, keys 209–272");
    // Query 513 (the window's first row) puts its weight on key 213 (the window's fifth column); the other
    // queries' own keys lie outside these keys.
    const shown = await readTable(page, "imported-weights");
    expect(shown).toHaveLength(64);
    expect(shown[0]).toEqual(Array.from({ length: 64 }, (_, j) => (j === 4 ? 1 : 0)));
    expect(
      shown
        .slice(1)
        .flat()
        .every((x) => x === 0),
    ).toBe(true);
    expect(errors).toEqual([]);
  });

  test("a malformed file is refused whole, with a message saying what was expected", async ({ page }) => {
    await openApp(page);
    await page.getByTestId("import-panel").locator("summary").click();
    await page.getByTestId("import-text").fill('{"tokens": ["a", "b"], "attention": [[[[0.5, 0.5], [1]]]]}');
    await page.getByTestId("import-load").click();
    await expect(page.getByTestId("import-error")).toContainText("row 2");
    await expect(page.getByTestId("imported")).toHaveCount(0);
    // A damaged .npy is told it is not one, not that it is not JSON.
    const damaged = Buffer.from([0x93, ..."NUMPX".split("").map((c) => c.charCodeAt(0)), 1, 0, 0, 0]);
    await page
      .getByTestId("import-file")
      .setInputFiles({ name: "weights.npy", mimeType: "application/octet-stream", buffer: damaged });
    await expect(page.getByTestId("import-error")).toContainText(
      'this is not a NumPy .npy file: it should start with "\\x93NUMPY"',
    );
  });
});
