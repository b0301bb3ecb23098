import { ATTRIBUTES } from "./attributes";
import { readHash } from "./hash";
import { TAG } from "./widget";

/**
 * embed.html: one <attention-playground> filling the frame, configured from the page's hash (see
 * readHash), for hosts that allow an iframe but no script. A new hash reconfigures the same widget.
 */
const widget = document.createElement(TAG);
// Its messages speak of the URL's parameters and permalink, which the reader wrote, not of attributes.
widget.settingsSource = "url";
function configure() {
  const { attributes, unknown, repeated, damaged } = readHash(location.hash);
  // Each draws the widget again (a new hash may change only one of them); together they make one render.
  widget.urlReading = { unknown, repeated, damaged };
  for (const name of ATTRIBUTES) {
    const value = attributes[name];
    if (value === undefined) widget.removeAttribute(name);
    else widget.setAttribute(name, value);
  }
  document.documentElement.lang = attributes.lang ?? "en";
}
configure();
document.body.append(widget);
addEventListener("hashchange", configure);

/**
 * The frame's content height, posted to the host page whenever it changes, so that a two-line listener
 * there can size the iframe to fit (README "The iframe embed"): {type: "attention-playground:height",
 * height} in CSS pixels. Only a number leaves the frame, so any origin may hear it.
 */
const HEIGHT_MESSAGE = "attention-playground:height";
let posted = 0;
function postHeight() {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (height === posted || window.parent === window) return;
  posted = height;
  window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, "*");
}
new ResizeObserver(postHeight).observe(document.documentElement);
