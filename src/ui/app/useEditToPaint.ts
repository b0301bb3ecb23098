import { useEffect } from "react";

/**
 * Edit → repaint (npm run bench): measured in the frame after the views have been rebuilt with a new
 * result, from the "ap:edit" mark that the edit left (useExplorerHistory).
 */
export function useEditToPaint(result: unknown): void {
  useEffect(() => {
    if (!result) return;
    const frame = requestAnimationFrame(() => {
      if (performance.getEntriesByName("ap:edit", "mark").length > 0) {
        performance.measure("ap:edit-to-paint", "ap:edit");
        performance.clearMarks("ap:edit");
      }
    });
    return () => cancelAnimationFrame(frame);
  }, [result]);
}
