import { describe, expect, it } from "vitest";
import { formatNumber } from "../../render/format";
import type { CellDescription, FlowTokenDescription } from "../../render/index";
import { a11yMessages } from "../../i18n/messages/a11y";
import { LANGS, type Lang } from "../../i18n/lang";
import { translate, type Translate } from "../../i18n/i18n";
import { describeFlowToken, describeScoreCell } from "../../explorer/describe";
import { describeTokenCell } from "../steps/StepContent";

const tr =
  (lang: Lang): Translate =>
  (key, params) =>
    translate(lang, key, params);

const cell = (value: number, masked = false): CellDescription => ({
  row: 8,
  col: 1,
  rowLabel: "it",
  colLabel: "animal",
  value,
  text: formatNumber(value, 2),
  masked,
});

describe("announcements, in the reader's language", () => {
  it("every a11y message exists in every language, with the same {placeholders}", () => {
    const holes = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort().join();
    for (const lang of LANGS) {
      for (const [key, text] of Object.entries(a11yMessages.en)) {
        const translated = (a11yMessages[lang] as Record<string, string>)[key];
        expect(translated, `${lang} ${key}`).toBeTruthy();
        expect(holes(translated ?? ""), `${lang} ${key}`).toBe(holes(text));
      }
    }
  });

  it("a weight: query 'it', key 'animal', weight 0.62 / 查询“it”，键“animal”，权重 0.62", () => {
    expect(describeScoreCell(tr("en"), tr("en")("a11y.weight"), cell(0.6234))).toBe(
      "query 'it', key 'animal', weight 0.62",
    );
    expect(describeScoreCell(tr("zh-CN"), tr("zh-CN")("a11y.weight"), cell(0.6234))).toBe(
      "查询“it”，键“animal”，权重 0.62",
    );
  });

  it("names the step's quantity, prints the value as the cell does, and says masked for −∞", () => {
    const t = tr("en");
    expect(describeScoreCell(t, t("a11y.scaled"), cell(-1.5))).toBe(
      "query 'it', key 'animal', scaled score −1.5",
    );
    expect(describeScoreCell(t, t("a11y.masked"), cell(-Infinity, true))).toBe(
      "query 'it', key 'animal', masked",
    );
    expect(describeScoreCell(tr("zh-CN"), "", cell(-Infinity, true))).toBe("查询“it”，键“animal”，已遮住");
  });

  it("a cell of a token's vector: token and dimension", () => {
    const dims = { ...cell(0.41), colLabel: "3" };
    expect(describeTokenCell(tr("en"), dims)).toBe("token 'it', dimension 3, value 0.41");
    expect(describeTokenCell(tr("zh-CN"), dims)).toBe("词元“it”，第 3 维，值 0.41");
  });

  it("a flow token: its strongest partner, with the head when several heads are drawn", () => {
    const token: FlowTokenDescription = {
      side: "query",
      index: 8,
      label: "it",
      strongest: { index: 1, label: "animal", head: 1, weight: 0.62, text: "0.62" },
    };
    expect(describeFlowToken(tr("en"), token, 1)).toBe("query 'it': strongest key 'animal', 0.62");
    expect(describeFlowToken(tr("en"), token, 2)).toBe("query 'it': strongest key 'animal', 0.62 (head 2)");
    expect(describeFlowToken(tr("zh-CN"), { ...token, side: "key" }, 1)).toBe(
      "键“it”：最强的查询“animal”，0.62",
    );
    expect(describeFlowToken(tr("en"), { side: "query", index: 0, label: "x" }, 1)).toBe(
      "query 'x': sees no key",
    );
  });
});
