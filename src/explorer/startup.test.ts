import { describe, expect, it } from "vitest";
import { translate } from "../i18n/i18n";
import { encodePermalink } from "./permalink";
import { ignoredInAddress, savedNoticeOf, settledAddress, startup, type Arrival } from "./startup";
import { readExplorerState } from "./persist";
import { createInitialState, reduce } from "./state";
import { createStartState } from "./examples";

const own = reduce(createInitialState(), { type: "setText", text: "my own words" });
const arrival = (patch: Partial<Arrival> = {}): Arrival => ({
  saved: own,
  search: "",
  hash: "",
  prefersDark: false,
  takeHandoff: () => undefined,
  ...patch,
});

describe("startup", () => {
  it("opens the saved work, with ?step= and ?backend= applied, and no undo step", () => {
    const s = startup(arrival({ search: "?step=3&backend=wasm" }));
    expect(s.history.present).toEqual({ ...own, step: 3, backend: "wasm" });
    expect(s.history.past).toEqual([]);
    expect(s.notice).toBeUndefined();
  });

  it("ignores a step or backend that does not exist, and says so, naming them", () => {
    const s = startup(arrival({ search: "?step=9&backend=gpu" }));
    expect(s.history.present.step).toBe(own.step);
    expect(s.history.present.backend).toBe(own.backend);
    expect(s.addressNotice && translate("en", s.addressNotice.key, s.addressNotice.params)).toBe(
      "2 URL parameters could not be used, and were left out: step=9, backend=gpu. Steps are 1 to 8; the Examples menu lists the examples.",
    );
    expect(s.addressNotice && translate("zh-CN", s.addressNotice.key, s.addressNotice.params)).toBe(
      "有 2 个网址参数本页无法使用，已忽略：step=9、backend=gpu。步骤为 1 到 8；“示例”菜单列出了所有示例。",
    );
    expect(
      startup(arrival({ search: "?step=3&backend=wasm&theme=dark&lang=zh" })).addressNotice,
    ).toBeUndefined();
  });

  it("names each parameter of the address it could not use: a step, example, backend, theme or language", () => {
    expect(ignoredInAddress("?step=99999&example=nope&backend=exact&theme=pink&lang=fr&other=1")).toEqual([
      "step=99999",
      "example=nope",
      "theme=pink",
      "lang=fr",
    ]);
    // Steps 1 to 8 only, written as whole numbers; a value is cut after 24 characters.
    expect(ignoredInAddress("?step=0")).toEqual(["step=0"]);
    expect(ignoredInAddress("?step=2.5")).toEqual(["step=2.5"]);
    // What the page opens on, it does not call left out: ?step=3.0 opens step 3.
    expect(ignoredInAddress("?step=3.0")).toEqual([]);
    expect(startup(arrival({ search: "?step=3.0" })).history.present.step).toBe(3);
    expect(ignoredInAddress("?step=8&example=causal&backend=auto")).toEqual([]);
    expect(ignoredInAddress(`?theme=${"x".repeat(30)}`)).toEqual([`theme=${"x".repeat(24)}…`]);
  });

  it("opens in the theme ?theme= asks for, over saved work, a first visit's and a link's own", () => {
    expect(own.theme).toBe("light");
    expect(startup(arrival({ search: "?theme=dark" })).history.present).toEqual({ ...own, theme: "dark" });
    expect(startup(arrival({ saved: undefined, search: "?theme=dark" })).history.present.theme).toBe("dark");
    const linked = reduce(createInitialState(), { type: "setTemperature", temperature: 0.5 });
    const link = startup(arrival({ search: "?theme=dark", hash: `#${encodePermalink(linked)}` }));
    expect(link.history.present).toEqual({ ...linked, theme: "dark" });
    // A theme that does not exist changes nothing.
    expect(startup(arrival({ search: "?theme=blue" })).history.present).toEqual(own);
  });

  it("a first visit opens the start page, the pronoun lesson, in the system's colour scheme", () => {
    const s = startup(arrival({ saved: undefined, prefersDark: true }));
    expect(s.history.present.theme).toBe("dark");
    expect(s.history.present.lesson?.example).toBe("pronoun");
    expect(s.history.present).toEqual(createStartState({ ...createInitialState(), theme: "dark" }));
  });

  it("a first visit in Chinese opens the lesson's Chinese sentence", () => {
    const s = startup(arrival({ saved: undefined, lang: "zh-CN" }));
    expect(s.history.present.lesson?.example).toBe("pronoun-zh");
    // Saved work opens as it was, whatever the language.
    expect(startup(arrival({ lang: "zh-CN" })).history.present.lesson).toEqual(own.lesson);
  });

  it("a permalink opens on top of the person's work, one undo away, with a notice", () => {
    const linked = reduce(createInitialState(), { type: "setTemperature", temperature: 0.5 });
    const s = startup(arrival({ hash: `#${encodePermalink(linked)}` }));
    expect(s.history.present).toEqual(linked);
    expect(s.history.past).toEqual([own]);
    expect(s.notice).toEqual({ key: "share.linkOpened" });
  });

  it("a permalink with a setting it cannot use opens the rest, and its notice names that setting", () => {
    // {"step":3,"palette":"rainbow"}
    const s = startup(arrival({ hash: "#s=2.eyJzdGVwIjozLCJwYWxldHRlIjoicmFpbmJvdyJ9" }));
    expect(s.history.present).toEqual({ ...createInitialState(), step: 3 });
    expect(s.notice?.key).toBe("share.linkIgnoredOne");
    expect(translate("en", s.notice!.key, s.notice!.params)).toBe(
      'This link was opened, but 1 of its settings could not be used and has its default value: Colours (palette = "rainbow": expected one of default, viridis, cividis, grayscale). Your previous work is one Undo away.',
    );
    expect(translate("zh-CN", s.notice!.key, s.notice!.params)).toBe(
      "已打开这个链接，但其中有 1 项设置无法使用，已改用默认值：配色（palette = “rainbow”：应为以下之一：default、viridis、cividis、grayscale）。你之前的内容按一次“撤销”即可恢复。",
    );
  });

  it("a damaged permalink opens the person's work with a notice that says why", () => {
    const s = startup(arrival({ hash: "#s=2.!!!" }));
    expect(s.history.present).toEqual(own);
    expect(s.notice).toEqual({
      key: "share.linkFailed",
      params: { reason: { key: "share.error.base64", params: {} } },
    });
  });

  it("an example (or else a handoff) opens on top, in the person's theme; the handoff is taken only then", () => {
    let taken = 0;
    const handed = reduce(createInitialState(), { type: "setText", text: "from the models page" });
    const takeHandoff = () => {
      taken += 1;
      return { ...handed, theme: "dark" as const };
    };
    const example = startup(arrival({ search: "?example=five-values", takeHandoff }));
    expect(example.history.present.lesson).toEqual({ example: "five-values", stop: 0 });
    expect(example.history.past).toEqual([own]);
    expect(taken).toBe(0);
    const handoff = startup(arrival({ takeHandoff }));
    expect(handoff.history.present).toEqual({ ...handed, theme: own.theme });
    expect(taken).toBe(1);
  });
});

describe("saved work that cannot be read in full", () => {
  const said = (notice: ReturnType<typeof savedNoticeOf>) => ({
    en: translate("en", notice!.key, notice!.params),
    zh: translate("zh-CN", notice!.key, notice!.params),
  });

  it("an unreadable save opens the first lesson, with a notice that says so and where the save is kept", () => {
    const s = startup(arrival({ saved: undefined, savedDamage: { kept: true } }));
    expect(s.history.present).toEqual(createStartState({ ...createInitialState(), theme: "light" }));
    expect(s.notice).toBeUndefined();
    expect(said(s.savedNotice)).toEqual({
      en: "Your saved work could not be read, so the explorer opens on the first lesson, as on a first visit. What was saved is kept, unchanged, in this browser's local storage under attention-playground:state:v1.damaged.",
      zh: "无法读取你保存的内容，探索器像首次访问时一样打开第一课。原来保存的内容已原样保留在本浏览器的本地存储中，键名为 attention-playground:state:v1.damaged。",
    });
  });

  it("a save with a setting it cannot use opens, and the notice names the setting; one not kept says so", () => {
    const { ignored } = readExplorerState({ step: 3, palette: "rainbow" });
    expect(said(savedNoticeOf({ ignored, kept: false }))).toEqual({
      en: 'Your saved work was opened, but 1 of its settings could not be read and has its default value: Colours (palette = "rainbow": expected one of default, viridis, cividis, grayscale). This browser\'s storage could not keep a copy of it: the next save replaces it.',
      zh: "已打开你保存的内容，但其中有 1 项设置无法读取，已改用默认值：配色（palette = “rainbow”：应为以下之一：default、viridis、cividis、grayscale）。本浏览器的存储无法保留它的副本：下次保存时会将其覆盖。",
    });
    const two = readExplorerState({ temperature: -5, extra: 1 }).ignored;
    expect(said(savedNoticeOf({ ignored: two, kept: true })).en).toBe(
      "Your saved work was opened, but 2 of its settings could not be read and have their default values: Temperature τ (temperature = \u22125: expected a number from 1e\u22126 to 1e12), extra (not a setting this page knows). What was saved is kept, unchanged, in this browser's local storage under attention-playground:state:v1.damaged.",
    );
  });

  it("a link opened over a damaged save gives both notices", () => {
    const linked = reduce(createInitialState(), { type: "setTemperature", temperature: 0.5 });
    const s = startup(
      arrival({ saved: undefined, savedDamage: { kept: true }, hash: `#${encodePermalink(linked)}` }),
    );
    expect(s.history.present).toEqual(linked);
    expect(s.notice).toEqual({ key: "share.linkOpened" });
    expect(s.savedNotice?.key).toBe("save.unreadable");
    expect(startup(arrival()).savedNotice).toBeUndefined();
  });
});

describe("settledAddress", () => {
  it("keeps the step and drops an opened example and permalink, nothing else", () => {
    expect(settledAddress("http://x/?backend=wasm&example=causal&step=2#s=2.e30", 5)).toBe(
      "http://x/?backend=wasm&step=5",
    );
    expect(settledAddress("http://x/?lang=en#other", 1)).toBe("http://x/?lang=en&step=1#other");
  });

  it("drops a permalink a mail program percent-encoded, once or twice, which the page opened too", () => {
    // Left in the bar, a reload opened the link again over the edits made since.
    expect(settledAddress("http://x/#s%3D2.e30", 3)).toBe("http://x/?step=3");
    expect(settledAddress("http://x/#%23s%3D2.e30", 3)).toBe("http://x/?step=3");
    expect(settledAddress("http://x/#s%253D2.e30", 3)).toBe("http://x/?step=3");
    // An escaped equals sign that is not a link's stays.
    expect(settledAddress("http://x/#a%3D1", 3)).toBe("http://x/?step=3#a%3D1");
  });
});
