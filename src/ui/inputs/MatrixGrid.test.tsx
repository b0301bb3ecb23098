// @vitest-environment happy-dom
import { act, useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { testRoot, typeInto as type } from "../test-helpers";
import { LangContext } from "../app/i18n";
import { type Lang } from "../../i18n/lang";
import { MatrixGrid, type MatrixGridProps } from "./MatrixGrid";
import { parseCells, type Cells } from "../../explorer/grid";

const mounted = testRoot();

type HarnessProps = Partial<Omit<MatrixGridProps, "cells" | "onChange">> & {
  initial: Cells;
  onChange?: (cells: Cells) => void;
  /** Mark the cells that are not numbers, as the app does with parseCells. */
  check?: boolean;
  lang?: Lang;
};

/** The grid with its cells in state, as the app holds them. */
function Harness({ initial, onChange, check = false, lang = "en", ...props }: HarnessProps) {
  const [cells, setCells] = useState(initial);
  return (
    <LangContext value={lang}>
      <MatrixGrid
        name="Q"
        {...props}
        cells={cells}
        errors={check ? parseCells(cells, "Q").errors : props.errors}
        onChange={(next) => {
          onChange?.(next);
          setCells(next);
        }}
      />
    </LangContext>
  );
}

function render(props: HarnessProps) {
  const onChange = vi.fn<(cells: Cells) => void>();
  act(() => mounted.root.render(<Harness onChange={onChange} {...props} />));
  return onChange;
}

const cellInput = (row: number, col: number) => {
  const input = mounted.container.querySelector<HTMLInputElement>(
    `input[aria-label="Q row ${row}, column ${col}"]`,
  );
  if (!input) throw new Error(`no input for row ${row}, column ${col}`);
  return input;
};

/** The grid's cells as the inputs show them. */
function shown(): Cells {
  return Array.from(mounted.container.querySelectorAll("tbody tr"), (tr) =>
    Array.from(tr.querySelectorAll("input"), (input) => input.value),
  );
}

function press(key: string, init: KeyboardEventInit = {}) {
  const target = document.activeElement;
  if (!target) throw new Error("nothing has focus");
  const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init });
  act(() => {
    target.dispatchEvent(event);
  });
  return event;
}

function paste(input: HTMLInputElement, text: string) {
  const clipboardData = new DataTransfer();
  clipboardData.setData("text/plain", text);
  const event = new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true });
  act(() => {
    input.dispatchEvent(event);
  });
  return event;
}

function click(element: Element | null) {
  if (!(element instanceof HTMLElement)) throw new Error("nothing to click");
  act(() => element.click());
}

const button = (label: string) =>
  Array.from(mounted.container.querySelectorAll("button")).find(
    (b) => b.textContent === label || b.getAttribute("aria-label") === label,
  ) ?? null;

const focus = (input: HTMLInputElement) => act(() => input.focus());

const square = () => [
  ["1", "2", "3"],
  ["4", "5", "6"],
  ["7", "8", "9"],
];

describe("MatrixGrid", () => {
  it("is a table with role grid, a caption and labelled inputs for decimals", () => {
    render({ initial: square(), rowLabels: ["the", "猫"], colLabelPrefix: "d" });
    const table = mounted.container.querySelector("table");
    expect(table?.getAttribute("role")).toBe("grid");
    expect(table?.querySelector("caption")?.textContent).toBe("Q (3 × 3)");
    expect(cellInput(2, 3).value).toBe("6");
    expect(cellInput(2, 3).getAttribute("inputmode")).toBe("decimal");
    const rowHeads = Array.from(
      mounted.container.querySelectorAll("tbody th .ap-grid__label"),
      (th) => th.textContent,
    );
    expect(rowHeads).toEqual(["the", "猫", "3"]);
    const colHeads = Array.from(
      mounted.container.querySelectorAll("thead th .ap-grid__label"),
      (th) => th.textContent,
    );
    expect(colHeads).toEqual(["d1", "d2", "d3"]);
  });

  it("speaks the reader's language", () => {
    render({ initial: square(), lang: "zh-CN" });
    expect(mounted.container.querySelector('input[aria-label="Q 第 2 行，第 3 列"]')).not.toBeNull();
    expect(button("添加行")).not.toBeNull();
  });

  it("passes every keystroke to onChange", () => {
    const onChange = render({ initial: square() });
    type(cellInput(1, 2), "-0.");
    expect(onChange).toHaveBeenLastCalledWith([
      ["1", "-0.", "3"],
      ["4", "5", "6"],
      ["7", "8", "9"],
    ]);
    type(cellInput(1, 2), "-0.5");
    expect(onChange).toHaveBeenCalledTimes(2);
    expect(cellInput(1, 2).value).toBe("-0.5");
  });

  it("selects a cell's text when it gets focus", () => {
    render({ initial: [["12.5"]] });
    const input = cellInput(1, 1);
    focus(input);
    expect([input.selectionStart, input.selectionEnd]).toEqual([0, 4]);
  });

  it("moves with the arrow keys, Left and Right only from the ends of the text", () => {
    render({ initial: square() });
    focus(cellInput(2, 2));
    expect(press("ArrowDown").defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(cellInput(3, 2));
    press("ArrowUp");
    press("ArrowUp");
    expect(document.activeElement).toBe(cellInput(1, 2));
    press("ArrowRight"); // the whole text is selected on focus
    expect(document.activeElement).toBe(cellInput(1, 3));

    const input = cellInput(1, 3);
    type(input, "123");
    act(() => input.setSelectionRange(1, 1));
    expect(press("ArrowLeft").defaultPrevented).toBe(false); // the caret moves inside the text
    expect(document.activeElement).toBe(input);
    act(() => input.setSelectionRange(0, 0));
    press("ArrowLeft");
    expect(document.activeElement).toBe(cellInput(1, 2));
  });

  it("moves right with Tab and left with Shift+Tab, wrapping rows, and lets Tab leave at the ends", () => {
    render({ initial: square() });
    focus(cellInput(1, 3));
    expect(press("Tab").defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(cellInput(2, 1));
    press("Tab", { shiftKey: true });
    expect(document.activeElement).toBe(cellInput(1, 3));
    focus(cellInput(3, 3));
    expect(press("Tab").defaultPrevented).toBe(false);
    focus(cellInput(1, 1));
    expect(press("Tab", { shiftKey: true }).defaultPrevented).toBe(false);
  });

  it("moves down with Enter and up with Shift+Enter", () => {
    render({ initial: square() });
    focus(cellInput(1, 2));
    press("Enter");
    expect(document.activeElement).toBe(cellInput(2, 2));
    press("Enter", { shiftKey: true });
    expect(document.activeElement).toBe(cellInput(1, 2));
  });

  it("puts back the text a cell had when focused on Escape", () => {
    const onChange = render({ initial: square() });
    focus(cellInput(1, 1));
    type(cellInput(1, 1), "oops");
    press("Escape");
    expect(onChange).toHaveBeenLastCalledWith(square());
    expect(cellInput(1, 1).value).toBe("1");
  });

  it("writes a pasted spreadsheet block from the cell pasted into", () => {
    const onChange = render({ initial: square() });
    const event = paste(cellInput(1, 1), "1\t2\n3\t4");
    expect(event.defaultPrevented).toBe(true);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(shown()).toEqual([
      ["1", "2", "3"],
      ["3", "4", "6"],
      ["7", "8", "9"],
    ]);
    paste(cellInput(1, 1), "10\t20\n30\t40");
    expect(shown()[0]).toEqual(["10", "20", "3"]);
  });

  it("grows the matrix for a block that overflows it, within the limits", () => {
    const onChange = render({ initial: [["1"]], limits: { maxRows: 3, maxCols: 3 } });
    paste(cellInput(1, 1), "[[5, 6], [7, 8]]");
    expect(shown()).toEqual([
      ["5", "6"],
      ["7", "8"],
    ]);
    paste(cellInput(2, 2), "1,2\n3,4");
    expect(shown()).toEqual([
      ["5", "6", "0"],
      ["7", "1", "2"],
      ["0", "3", "4"],
    ]);
    paste(cellInput(2, 2), "1,2,3");
    expect(mounted.container.querySelector('[role="alert"]')?.textContent).toBe(
      "Nothing was pasted: the 1 × 3 block would make Q 3 × 4, but it can have at most 3 rows and 3 columns" +
        "Dismiss",
    );
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it("says what the limit is for a block refused before it is read, not a size of 0 × 0", () => {
    const onChange = render({ initial: [["1"]], limits: { maxRows: 3, maxCols: 3 } });
    paste(cellInput(1, 1), Array.from({ length: 5 }, () => "1\t2\t3\t4\t5").join("\n"));
    const alert = mounted.container.querySelector('[role="alert"]')?.textContent ?? "";
    expect(alert).toMatch(/^Nothing was pasted into Q: /);
    expect(alert).not.toContain("0 × 0");
    expect(onChange).not.toHaveBeenCalled();
  });

  it("shows an alert for a paste it cannot read, and changes nothing", () => {
    const onChange = render({ initial: square() });
    const event = paste(cellInput(1, 1), "hello there\ngeneral kenobi");
    expect(event.defaultPrevented).toBe(true);
    expect(onChange).not.toHaveBeenCalled();
    expect(shown()).toEqual(square());
    const alert = mounted.container.querySelector('[role="alert"]');
    expect(alert?.textContent).toMatch(
      /Nothing was pasted into Q: Q row 1, column 1: "hello" is not a number/,
    );
    click(button("Dismiss"));
    expect(mounted.container.querySelector('[role="alert"]')).toBeNull();
  });

  it("a paste of decimal commas with ';' between entries writes their numbers, with no note", () => {
    render({ initial: [["1"], ["2"]] });
    paste(cellInput(1, 1), "0,5;-1,2\n1,5;2");
    expect(shown()).toEqual([
      ["0.5", "-1.2"],
      ["1.5", "2"],
    ]);
    expect(mounted.container.querySelector('[role="status"]')).toBeNull();
  });

  it("says how a doubtful paste's commas were read, and reads them as decimal commas on request", () => {
    const onChange = render({ initial: [["1"], ["2"]] });
    paste(cellInput(1, 1), "0,5\n-1,2");
    expect(shown()).toEqual([
      ["0", "5"],
      ["-1", "2"],
    ]);
    const note = () => mounted.container.querySelector('[role="status"]')?.textContent;
    expect(note()).toBe(
      'Q: the "," in "0,5" on line 1 was read as a separator between entries, so the block is 2 × 2; read as decimal commas (0,5 for 0.5), it is 2 × 1' +
        "Read the commas as decimal commas" +
        "Dismiss",
    );
    click(button("Read the commas as decimal commas"));
    expect(shown()).toEqual([["0.5"], ["-1.2"]]);
    expect(onChange).toHaveBeenCalledTimes(2);
    expect(note()).toBeUndefined();
  });

  it("says it in Chinese, and an edit after the paste takes the note away", () => {
    render({ initial: [["1"], ["2"]], lang: "zh-CN" });
    const first = () => {
      const input = mounted.container.querySelector<HTMLInputElement>("tbody input");
      if (!input) throw new Error("no cell");
      return input;
    };
    paste(first(), "0,5\n-1,2");
    const note = () => mounted.container.querySelector('[role="status"]')?.textContent;
    expect(note()).toBe(
      "Q：第 1 行“0,5”中的“,”被当作项与项之间的分隔符，所以数据块是 2 × 2；如果它是小数逗号（0,5 即 0.5），数据块应是 2 × 1" +
        "把逗号当作小数逗号" +
        "关闭",
    );
    type(first(), "7");
    expect(note()).toBeUndefined();
  });

  it("leaves a single pasted value to the text field, as typing would", () => {
    const onChange = render({ initial: square() });
    expect(paste(cellInput(1, 1), "0.5").defaultPrevented).toBe(false);
    expect(onChange).not.toHaveBeenCalled();
  });

  it("marks cells that are not numbers as invalid and describes why", () => {
    render({ initial: square(), check: true });
    type(cellInput(2, 3), "abc");
    const input = cellInput(2, 3);
    expect(input.getAttribute("aria-invalid")).toBe("true");
    const description = document.getElementById(input.getAttribute("aria-describedby") ?? "");
    expect(description?.textContent).toBe(
      "Q row 2, column 3: “abc” is not a number (expected a number such as 0.5 or -1e-3)",
    );
    expect(input.title).toBe(description?.textContent);
    expect(input.closest("td")?.className).toContain("ap-grid__cell--error");
    expect(cellInput(1, 1).getAttribute("aria-invalid")).toBeNull();
    expect(mounted.container.querySelector(".ap-grid__status")?.textContent).toBe("Cells to fix: 1");
    type(cellInput(2, 3), "6");
    expect(input.getAttribute("aria-invalid")).toBeNull();
  });

  it("shows a cell error given without a code as its message", () => {
    render({ initial: square(), errors: [{ row: 0, col: 0, message: "Q row 1, column 1: too big" }] });
    expect(cellInput(1, 1).title).toBe("Q row 1, column 1: too big");
  });

  it("adds and removes rows and columns at the end, never the last one", () => {
    const onChange = render({ initial: [["1", "2"]] });
    click(button("Add row"));
    expect(shown()).toEqual([
      ["1", "2"],
      ["0", "0"],
    ]);
    click(button("Add column"));
    expect(shown()).toEqual([
      ["1", "2", "0"],
      ["0", "0", "0"],
    ]);
    click(button("Remove last row"));
    click(button("Remove last column"));
    click(button("Remove last column"));
    expect(shown()).toEqual([["1"]]);
    expect(button("Remove last row")?.disabled).toBe(true);
    expect(button("Remove last column")?.disabled).toBe(true);
    expect(onChange).toHaveBeenCalledTimes(5);
  });

  it("disables adding past the limits", () => {
    render({ initial: [["1", "2"]], limits: { maxRows: 1, maxCols: 2 } });
    expect(button("Add row")?.disabled).toBe(true);
    expect(button("Add column")?.disabled).toBe(true);
    expect(button("Add row")?.title).toBe("Q can have at most 1 rows");
  });

  it("inserts and deletes a row or column from its header", () => {
    render({ initial: square() });
    click(button("Insert a row above row 2"));
    expect(shown().map((row) => row[0])).toEqual(["1", "0", "4", "7"]);
    click(button("Delete row 1"));
    expect(shown().map((row) => row[0])).toEqual(["0", "4", "7"]);
    click(button("Insert a column before column 1"));
    expect(shown()[1]).toEqual(["0", "4", "5", "6"]);
    click(button("Delete column 3"));
    expect(shown()[1]).toEqual(["0", "4", "6"]);
  });

  it("drags a value with the handle, once per animation frame, inside onScrubStart/onScrubEnd", () => {
    const frames: FrameRequestCallback[] = [];
    const raf = vi.spyOn(window, "requestAnimationFrame").mockImplementation((callback) => {
      frames.push(callback);
      return frames.length;
    });
    const onScrubStart = vi.fn();
    const onScrubEnd = vi.fn();
    const onChange = render({ initial: [["1", "2"]], onScrubStart, onScrubEnd });
    const handle = cellInput(1, 1).parentElement?.querySelector(".ap-grid__scrub");
    if (!handle) throw new Error("no scrub handle");
    expect(handle.getAttribute("aria-hidden")).toBe("true");
    expect(handle.getAttribute("title")).toMatch(/Drag left or right/);
    const pointer = (type: string, clientX: number, init: PointerEventInit = {}) =>
      act(() => {
        handle.dispatchEvent(
          new PointerEvent(type, {
            pointerId: 7,
            button: 0,
            clientX,
            bubbles: true,
            cancelable: true,
            ...init,
          }),
        );
      });

    pointer("pointerdown", 100);
    expect(onScrubStart).toHaveBeenCalledTimes(1);
    pointer("pointermove", 110);
    pointer("pointermove", 120);
    expect(onChange).not.toHaveBeenCalled(); // waiting for the frame
    expect(frames).toHaveLength(1);
    act(() => frames.shift()?.(0));
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(cellInput(1, 1).value).toBe("1.2");

    pointer("pointermove", 130, { shiftKey: true }); // Shift: 0.1 per pixel from here on
    pointer("pointerup", 130);
    expect(cellInput(1, 1).value).toBe("2.2");
    expect(onChange).toHaveBeenCalledTimes(2);
    expect(onScrubEnd).toHaveBeenCalledTimes(1);
    expect(cellInput(1, 2).value).toBe("2");
    raf.mockRestore();
  });
});
