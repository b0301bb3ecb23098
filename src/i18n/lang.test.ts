import { describe, expect, it } from "vitest";
import { langOf } from "./lang";

describe("langOf", () => {
  it("reads the interface languages and the tags people write for them", () => {
    expect(langOf("zh-CN")).toBe("zh-CN");
    expect(langOf("zh")).toBe("zh-CN");
    expect(langOf("ZH-tw")).toBe("zh-CN");
    expect(langOf("zh-Hans")).toBe("zh-CN");
    expect(langOf("en")).toBe("en");
    expect(langOf("en-GB")).toBe("en");
  });

  it("refuses what is not one of them", () => {
    expect(langOf("fr")).toBeUndefined();
    expect(langOf("zhx")).toBeUndefined();
    expect(langOf("english")).toBeUndefined();
    expect(langOf("")).toBeUndefined();
    expect(langOf(null)).toBeUndefined();
  });
});
