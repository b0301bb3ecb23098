import { useEffect } from "react";
import { flowsPainted } from "../../render/offscreenFlow";

/** When the edit that a job was built for happened (performance.now()), until its result is painted. */
const editTimes = new WeakMap<object, number>();

/**
 * Edit → repaint (npm run bench): from the edit ("ap:edit" mark, useExplorerHistory) to the end of the frame
 * that shows the result computed for it. Each result is measured from its own edit: while a scrub's edits
 * are coalesced, a result painted late is not credited to a newer edit, and an edit whose result was never
 * shown (replaced before it was painted) is not measured at all.
 */
export function useEditToPaint(
  job: object | undefined,
  computed: { readonly job: unknown } | undefined,
): void {
  useEffect(() => {
    if (!job) return;
    const marks = performance.getEntriesByName("ap:edit", "mark");
    const edit = marks[marks.length - 1];
    if (!edit) return;
    editTimes.set(job, edit.startTime);
    performance.clearMarks("ap:edit");
  }, [job]);
  useEffect(() => {
    const job = computed?.job;
    if (typeof job !== "object" || job === null) return;
    const start = editTimes.get(job);
    if (start === undefined) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    // The frame that shows the new views runs its animation callbacks, then paints; a task queued from the
    // callback runs after that paint. A flow's lines are drawn by the flow painter's worker, on a frame of
    // its own: the edit is painted once that is drawn too.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        void flowsPainted().then(() => {
          if (cancelled) return;
          editTimes.delete(job);
          performance.measure("ap:edit-to-paint", { start, end: performance.now() });
        });
      }, 0);
    });
    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [computed]);
}
