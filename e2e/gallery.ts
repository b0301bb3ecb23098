// Every render fixture on one page, for people (the dev server) and for gallery.spec.ts (screenshots, events).
// ?theme=dark switches the host's CSS variables; ?fixture=NAME shows one fixture only.
import "../src/render/render.css";
import { FIXTURES } from "../src/render/fixtures";
import { applyFlowHighlight, applyHighlight, applyTheme, applyVectorHighlight } from "../src/render/index";

interface GalleryEvent {
  readonly fixture: string;
  readonly type: string;
  readonly value: unknown;
}
declare global {
  interface Window {
    galleryEvents: GalleryEvent[];
    /** What a host does after switching themes: repaint the views' canvases. */
    galleryApplyTheme: () => void;
  }
}

const params = new URLSearchParams(location.search);
if (params.get("theme") === "dark") document.documentElement.dataset.theme = "dark";
const only = params.get("fixture");

window.galleryEvents = [];
const views: Element[] = [];
window.galleryApplyTheme = () => views.forEach(applyTheme);
const main = document.getElementById("gallery")!;
// The width a view gets: the page's, less its padding, as a host would pass its container's width.
const width = Math.max(280, main.clientWidth);

for (const fixture of FIXTURES) {
  if (only !== null && fixture.name !== only) continue;
  const section = document.createElement("section");
  section.dataset.fixture = fixture.name;
  const heading = document.createElement("h2");
  heading.textContent = fixture.name;
  const node = fixture.render(width);
  section.append(heading, node);
  views.push(node);
  main.append(section);

  // A host's part: record each pick, and highlight what is pointed at.
  for (const type of ["input", "change"]) {
    node.addEventListener(type, () => {
      const value = (node as Element & { value: unknown }).value;
      window.galleryEvents.push({ fixture: fixture.name, type, value });
      if (type !== "input") return;
      const pick = (value ?? {}) as { row?: number; col?: number; query?: number; key?: number };
      if (node.classList.contains("ap-heatmap")) applyHighlight(node, pick);
      if (node.classList.contains("ap-flow")) applyFlowHighlight(node, pick);
      if (node.classList.contains("ap-vectors")) applyVectorHighlight(node, pick);
    });
  }
}
// Views paint when laid out (ResizeObserver); two frames later every canvas has been painted.
requestAnimationFrame(() =>
  requestAnimationFrame(() => {
    document.getElementById("status")!.textContent = "ready";
  }),
);
