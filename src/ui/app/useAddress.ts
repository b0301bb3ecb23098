import { useEffect } from "react";
import { settledAddress } from "../../explorer/startup";

/** Keeps the step in the address bar (?step=), and takes out the link or example the page opened on. */
export function useAddress(step: number): void {
  useEffect(() => {
    window.history.replaceState(null, "", settledAddress(location.href, step));
  }, [step]);
}
