// @vitest-environment happy-dom
import { act } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { testRoot } from "../test-helpers";
import { ViewBoundary } from "./ViewBoundary";

const mounted = testRoot();

beforeEach(() => {
  // React reports the caught error on the console; the test reads the page, not the console.
  vi.spyOn(console, "error").mockImplementation(() => undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A view that throws for one input, as a lesson's numbers did on a trace of another length. */
function View({ tokens }: { tokens: number }) {
  if (tokens < 11) throw new Error(`row 8 of ${tokens}`);
  return <p>drawn {tokens}</p>;
}

const page = (tokens: number, key: string) =>
  act(() =>
    mounted.root.render(
      <main>
        <textarea defaultValue="kept" />
        <ViewBoundary resetKey={key} fallback={(message) => <p role="alert">failed: {message}</p>}>
          <View tokens={tokens} />
        </ViewBoundary>
      </main>,
    ),
  );

describe("ViewBoundary", () => {
  it("shows a located message instead of a view that throws; the rest of the page stays", () => {
    page(11, "a");
    expect(mounted.container.querySelector("p")?.textContent).toBe("drawn 11");
    page(6, "b");
    expect(mounted.container.querySelector("[role=alert]")?.textContent).toBe("failed: row 8 of 6");
    expect(mounted.container.querySelector("textarea")?.value).toBe("kept");
  });

  it("draws again when the key changes, and not before", () => {
    page(6, "a");
    expect(mounted.container.querySelector("[role=alert]")).not.toBeNull();
    page(11, "a");
    expect(mounted.container.querySelector("[role=alert]")).not.toBeNull();
    page(11, "b");
    expect(mounted.container.querySelector("[role=alert]")).toBeNull();
    expect(mounted.container.querySelector("p")?.textContent).toBe("drawn 11");
  });
});
