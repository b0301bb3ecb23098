import { useEffect, useState } from "react";
import { STEP_COUNT, type Action } from "../../explorer/state";

/** How long play shows each step. */
export const PLAY_MS = 2500;

/** ▶ Play: the steps advance by themselves, one every PLAY_MS, and play stops at the last. */
export function usePlay(step: number, dispatch: (action: Action) => void): [boolean, (on: boolean) => void] {
  const [playing, setPlaying] = useState(false);
  useEffect(() => {
    if (!playing) return;
    const timer = setTimeout(() => {
      if (step >= STEP_COUNT) setPlaying(false);
      else dispatch({ type: "setStep", step: step + 1 });
    }, PLAY_MS);
    return () => clearTimeout(timer);
  }, [playing, step, dispatch]);
  return [playing, setPlaying];
}
