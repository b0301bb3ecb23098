import { clipped, quoted, type Message, type MessageParam } from "../core/messages";
import { withMinus } from "../core/minus";
import { shareMessages } from "../i18n/messages/share";
import type { IgnoredField } from "./persist";

/** The most ignored fields a notice names one by one; the rest are counted ("and 3 more"). */
export const MAX_LISTED = 8;

/**
 * The settings a link could not use, as one message to put in a notice: "Temperature τ (temperature = −5:
 * expected a number from 1e−6 to 1e12), Colours (palette = "rainbow": expected one of …)", in the order the
 * state reads them, the first MAX_LISTED by name and the others counted. `ignored` holds one field at least.
 */
export function ignoredList(ignored: readonly IgnoredField[]): Message<string> {
  const listed = ignored.slice(0, MAX_LISTED).map(ignoredField);
  const list = listed.reduceRight((rest, first): Message<string> => ({
    key: "share.ignored.list",
    params: { first, rest },
  }));
  const more = ignored.length - listed.length;
  return more > 0 ? { key: "share.ignored.more", params: { list, n: more } } : list;
}

/**
 * One field: the label the page shows it under, in the reader's language (share.field.*), then its name in
 * the link, the value refused (quoted, clipped) and what was expected; a name the state does not have has no
 * label and is said as the link spells it.
 */
function ignoredField({ path, value, expected }: IgnoredField): Message<string> {
  const name = clipped(path);
  if (!expected) return { key: "share.ignored.unknown", params: { path: name } };
  const params = { label: labelOf(path), path: name, value: shownValue(value), expected };
  return { key: "share.ignored.field", params };
}

/** The label of a setting of the state, as a message; its name in the link where it has none. */
export function labelOf(path: string): MessageParam {
  const key = `share.field.${path}`;
  return Object.hasOwn(shareMessages.en, key) ? { key, params: {} } : path;
}

/** A value as the link held it: text quoted, a number with a minus sign, anything else as short JSON. */
function shownValue(value: unknown): MessageParam {
  if (typeof value === "string") return quoted(clipped(value));
  if (typeof value === "number") return withMinus(String(value));
  return clipped(JSON.stringify(value) ?? String(value));
}
