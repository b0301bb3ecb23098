import { useEffect } from "react";

/** The theme on <html data-theme>, where app.css and the views' colours read it. */
export function useDocumentTheme(theme: "light" | "dark"): void {
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}
