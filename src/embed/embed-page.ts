import { ATTRIBUTES } from "./attributes";
import { attributesFromHash } from "./hash";
import { TAG } from "./widget";

/**
 * embed.html: one <attention-playground> filling the frame, configured from the page's hash (see
 * attributesFromHash), for hosts that allow an iframe but no script. A new hash reconfigures the same widget.
 */
const widget = document.createElement(TAG);
function configure() {
  const attributes = attributesFromHash(location.hash);
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
