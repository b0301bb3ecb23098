import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ModelsApp } from "./ModelsApp";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ModelsApp />
  </StrictMode>,
);
