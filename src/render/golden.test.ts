// @vitest-environment happy-dom
// Exact golden files of the render fixtures (src/render/golden/): a fixture whose markup differs from its file
// in any way fails, where a screenshot allows a few hundred pixels. After an intended change:
//   UPDATE_GOLDEN=1 npx vitest run src/render/golden.test.ts
// rewrites them; look at the diff (and the .svg files in a browser) before committing it.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "./fixtures";
import { indent, normaliseMarkup, renumberIds, roundAttributeNumbers } from "./test-golden";

const DIR = join(import.meta.dirname, "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** "small weights 4×4 with labels" → "small-weights-4-4-with-labels", as the screenshots are named. */
const slug = (name: string) =>
  name
    .replace(/[^a-z0-9]+/gi, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();

/** Each fixture's golden text, made once (the 512 × 512 one takes a while). */
const goldens = new Map<string, ReturnType<(typeof FIXTURES)[number]["golden"]>>();
const goldenOf = (fixture: (typeof FIXTURES)[number]) => {
  if (!goldens.has(fixture.name)) goldens.set(fixture.name, fixture.golden(640));
  return goldens.get(fixture.name)!;
};

describe("golden files of the render fixtures", () => {
  if (UPDATE) mkdirSync(DIR, { recursive: true });

  for (const fixture of FIXTURES) {
    it(`"${fixture.name}" is exactly its golden file`, () => {
      const { type, text } = goldenOf(fixture);
      const file = join(DIR, `${slug(fixture.name)}.${type}`);
      const actual = normaliseMarkup(text);
      if (UPDATE) writeFileSync(file, actual);
      expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(actual).toBe(readFileSync(file, "utf8"));
    });
  }

  it("has no file that no fixture makes", () => {
    const made = new Set(FIXTURES.map((f) => `${slug(f.name)}.${goldenOf(f).type}`));
    expect(readdirSync(DIR).filter((file) => !made.has(file))).toEqual([]);
  });
});

describe("normaliseMarkup", () => {
  it("rounds numbers in attributes to 6 decimals, and leaves text, whole numbers and the prolog alone", () => {
    expect(
      roundAttributeNumbers(
        '<line x1="37.599999999999994" y1="-0.0000001" r="3.5" d="M1.25e1,2L3.1234567,4"/>',
      ),
    ).toBe('<line x1="37.6" y1="0" r="3.5" d="M12.5,2L3.123457,4"/>');
    expect(
      roundAttributeNumbers('<rect fill="#c9e0ed" stroke="#d5e6f4" style="fill: var(--x, #1e3e5e)"/>'),
    ).toBe('<rect fill="#c9e0ed" stroke="#d5e6f4" style="fill: var(--x, #1e3e5e)"/>');
    expect(roundAttributeNumbers('<?xml version="1.0"?><text x="12.5">0.428700000001</text>')).toBe(
      '<?xml version="1.0"?><text x="12.5">0.428700000001</text>',
    );
  });

  it("renumbers page-unique ids from 1 by first appearance, references included", () => {
    expect(renumberIds('<g id="ap-hatch-17"/><rect fill="url(#ap-hatch-17)"/><b id="ap-gradient-9"/>')).toBe(
      '<g id="ap-hatch-1"/><rect fill="url(#ap-hatch-1)"/><b id="ap-gradient-1"/>',
    );
  });

  it("writes one element per line, indented, an element of text alone on one line", () => {
    expect(indent('<svg><g><text x="1">a &amp; b</text><rect/><line x1="2"></line></g></svg>')).toBe(
      '<svg>\n  <g>\n    <text x="1">a &amp; b</text>\n    <rect/>\n    <line x1="2"></line>\n  </g>\n</svg>\n',
    );
  });

  it("gives the same text for the same fixture rendered twice (ids differ on the page, not in the file)", () => {
    for (const fixture of FIXTURES.filter((f) => f.name !== "512 × 512 weights")) {
      expect(normaliseMarkup(fixture.golden(640).text), fixture.name).toBe(
        normaliseMarkup(fixture.golden(640).text),
      );
    }
  });
});
