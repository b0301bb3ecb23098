import { describe, expect, it } from "vitest";
import { initialColours } from "./colours";

describe("the models page's first colours", () => {
  it("are the defaults with nothing chosen anywhere", () => {
    expect(initialColours("", null, undefined)).toEqual({ palette: "default", weightScale: "domain" });
  });

  it("follow the explorer's choice where this page has none", () => {
    expect(initialColours("", null, { palette: "cividis", weightScale: "row" })).toEqual({
      palette: "cividis",
      weightScale: "row",
    });
  });

  it("prefer this page's own choice to the explorer's, each colour on its own", () => {
    const saved = JSON.stringify({ palette: "grayscale" });
    expect(initialColours("", saved, { palette: "cividis", weightScale: "row" })).toEqual({
      palette: "grayscale",
      weightScale: "row",
    });
  });

  it("take the address's words first: the widget's palette and weight-scale", () => {
    const saved = JSON.stringify({ palette: "grayscale", weightScale: "row" });
    expect(initialColours("?palette=viridis&weight-scale=weight", saved, undefined)).toEqual({
      palette: "viridis",
      weightScale: "domain",
    });
    expect(initialColours("?weight-scale=row", null, undefined).weightScale).toBe("row");
  });

  it("skip what they cannot read: an unknown palette, a broken saved value", () => {
    expect(initialColours("?palette=rainbow&weight-scale=log", "{not json", { palette: "viridis" })).toEqual({
      palette: "viridis",
      weightScale: "domain",
    });
    expect(initialColours("", JSON.stringify({ palette: 3, weightScale: null }), undefined)).toEqual({
      palette: "default",
      weightScale: "domain",
    });
    expect(initialColours("", "null", undefined).palette).toBe("default");
  });
});
