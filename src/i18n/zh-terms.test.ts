import { describe, expect, it } from "vitest";
import { translate } from "./i18n";
import { a11yMessages } from "./messages/a11y";
import { appMessages } from "./messages/app";
import { embedMessages } from "./messages/embed";
import { errorMessages } from "./messages/errors";
import { exchangeMessages } from "./messages/exchange";
import { gridMessages } from "./messages/grid";
import { lessonMessages } from "./messages/lessons";
import { modelsMessages } from "./messages/models";
import { shareMessages } from "./messages/share";

/**
 * The Chinese a teacher reads aloud, held to what can be checked mechanically: one word for each idea
 * (分数 for a score's value, 评分函数 for the function that computes it, 探索器 for the explorer) and Chinese
 * quotation marks. That no English is left inside a formula is checked in explorer/steps.test.ts.
 */
const CATALOGS = [
  appMessages,
  gridMessages,
  errorMessages,
  lessonMessages,
  a11yMessages,
  modelsMessages,
  exchangeMessages,
  shareMessages,
  embedMessages,
];

/** Every message as [id, English, Chinese]. */
const MESSAGES: [string, string, string][] = CATALOGS.flatMap((catalog) =>
  Object.entries(catalog.en as Record<string, string>).map(([key, en]): [string, string, string] => [
    key,
    en,
    (catalog["zh-CN"] as Record<string, string>)[key] ?? "",
  ]),
);

const offending = (test: (zh: string, en: string) => boolean) =>
  MESSAGES.filter(([, en, zh]) => test(zh, en)).map(([key, , zh]) => `${key}: ${zh}`);

describe("the Chinese catalogs", () => {
  it("quote with “” and never with 「」", () => {
    expect(offending((zh) => /[「」『』]/u.test(zh))).toEqual([]);
  });

  it("call a score's value 分数 and never 得分 or 打分", () => {
    expect(offending((zh) => /得分|打分/u.test(zh))).toEqual([]);
  });

  it("call the score function 评分函数 wherever the English says score function", () => {
    expect(translate("zh-CN", "score.label")).toBe("评分函数");
    expect(offending((zh, en) => /score functions?/iu.test(en) && !zh.includes("评分函数"))).toEqual([]);
  });

  it("say 分数 (or 评分函数) wherever the English speaks of scores", () => {
    const scores = (en: string) => /\bscores?\b/iu.test(en);
    expect(offending((zh, en) => scores(en) && !/分数|评分函数/u.test(zh))).toEqual([]);
  });

  it("call the explorer 探索器, and keep 演示 for presenter mode alone", () => {
    expect(offending((zh, en) => /\bexplorer\b/iu.test(en) && !zh.includes("探索器"))).toEqual([]);
    expect(offending((zh) => /演示(?!模式)/u.test(zh))).toEqual([]);
  });
});
