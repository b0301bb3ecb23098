import { useEffect, useState } from "react";

/**
 * `on`, once it has stayed true for `delayMs`; false at once when it turns false. A result that comes
 * quickly (most edits of a scrub) never shows "computing…", so the mark does not flicker at every step.
 */
export function useLater(on: boolean, delayMs: number): boolean {
  const [since, setSince] = useState<boolean>(false);
  useEffect(() => {
    if (!on) return;
    const timer = setTimeout(() => setSince(true), delayMs);
    return () => {
      clearTimeout(timer);
      setSince(false);
    };
  }, [on, delayMs]);
  return on && since;
}
