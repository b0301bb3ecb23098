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
 * One field: the label the page shows it under, in the reader's language (labelOf), then its name in
 * the link, the value refused (quoted, clipped) and what was expected; a name the state does not have has no
 * label and is said as the link spells it.
 */
function ignoredField({ path, value, expected }: IgnoredField): Message<string> {
  const name = clipped(path);
  if (!expected) return { key: "share.ignored.unknown", params: { path: name } };
  const params = { label: labelOf(path), path: name, value: shownValue(value), expected };
  return { key: "share.ignored.field", params };
}

/**
 * Settings labelled on the page by a message that the widget holds too (messages/app.ts and a11y.ts, in
 * embed/say.ts's catalogs), or by another setting's label: named by that message. Every other setting has a
 * share.field.* of its own (modern attention's labels are in a catalog the widget's first download lacks;
 * "Row names of Q" labels no one control).
 */
export const SHOWN_LABELS: Readonly<Record<string, string>> = {
  input: "input.label",
  sequence: "input.sequence",
  "sequence.text": "seq.text",
  "sequence.tokenizer": "seq.tokenizer",
  "sequence.keyText": "seq.keyText",
  "sequence.dModel": "model.dModel",
  "sequence.seed": "model.seed",
  "sequence.positional": "model.positional",
  "sequence.weights": "model.weights",
  "sequence.custom": "model.weights",
  matrices: "input.matrices",
  score: "score.label",
  temperature: "settings.temperature",
  mask: "mask.label",
  "mask.kind": "mask.label",
  "mask.validLength": "mask.validLength",
  heads: "heads.label",
  mode: "mode.label",
  backend: "backend.select",
  "locked.query": "share.field.locked",
  "locked.key": "share.field.locked",
  palette: "palette.label",
  weightScale: "weightScale.label",
  showTables: "header.tables",
  "lesson.stop": "share.field.lesson",
};

/** The label of a setting of the state, as a message; its name in the link where it has none. */
export function labelOf(path: string): MessageParam {
  const own = `share.field.${path}`;
  const key = SHOWN_LABELS[path] ?? (Object.hasOwn(shareMessages.en, own) ? own : undefined);
  return key ? { key, params: {} } : path;
}

/** A value as the link held it: text quoted, a number with a minus sign, anything else as short JSON. */
function shownValue(value: unknown): MessageParam {
  if (typeof value === "string") return quoted(clipped(value));
  if (typeof value === "number") return withMinus(String(value));
  return clipped(JSON.stringify(value) ?? String(value));
}
