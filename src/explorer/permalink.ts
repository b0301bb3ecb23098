import type { ShareKey } from "../i18n/messages/share";
import { readExplorerState, type IgnoredField } from "./persist";
import { createInitialState, type ExplorerState } from "./state";

/**
 * Permalinks: the whole explorer state in the URL fragment, as `s=VERSION.PAYLOAD`, where PAYLOAD is
 * base64url (no padding) of the UTF-8 JSON of the fields that differ from the default state (nested fields
 * too: encodePermalink).
 *
 * Reading a link never evaluates anything: the fragment is checked character by character, decoded with
 * atob and TextDecoder, parsed with JSON.parse, and every field then goes through `maybeExplorerState`,
 * which range-checks it or puts the default in its place and lists it as ignored, so that the notice can say
 * what of the sender's state is missing. A link that cannot be read at all gives an error (a message id of
 * ./messages/share.ts) and the caller opens the default state with a notice.
 *
 * Not compressed: the only built-in compressor (CompressionStream) is asynchronous, and a state as most
 * people leave it (a sentence of their own, a few settings changed) is a couple of hundred characters.
 */

/** The format written today. Version 1 is the state saved by the release before palettes and lessons. */
export const PERMALINK_VERSION = 2;

/**
 * Fragments longer than this are refused before anything is decoded: Chromium's own URL limit is 2 MB, so
 * a longer link cannot have come from a browser, and decoding it would only cost time and memory.
 */
export const MAX_PERMALINK_LENGTH = 2_000_000;

/** What is wrong with a link, as a message id of ./messages/share.ts and its parameters. */
export interface PermalinkError {
  readonly key: ShareKey;
  readonly params?: Record<string, string | number>;
}

/** A link read: its state, with the fields it held that could not be used (left at their defaults). */
export type DecodedPermalink =
  | { readonly state: ExplorerState; readonly ignored: readonly IgnoredField[] }
  | { readonly error: PermalinkError };

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (x: Json): x is JsonObject => typeof x === "object" && x !== null && !Array.isArray(x);

/**
 * One function per old format, turning its JSON into the next format's. A state read from version v goes
 * through migrations[v], migrations[v + 1]… up to PERMALINK_VERSION. Fields a link leaves out take the
 * defaults of today's createInitialState; if a future release changes a default, the migration from the
 * version before must write the old default into the JSON where the field is missing ("defaults" test).
 */
const MIGRATIONS: Readonly<Record<number, (json: JsonObject) => JsonObject>> = {
  // 1 → 2: row and column names for hand-set matrices, a palette, a lesson and "check your work" were added.
  // Their values in version 1 were: no names, the default palette, no lesson, no exercise.
  1: (json) => ({
    ...json,
    ...(isObject(json.matrices) ? { matrices: { ...json.matrices, labels: { queries: [], keys: [] } } } : {}),
    palette: "default",
    lesson: null,
    exercise: false,
  }),
};

/**
 * The fragment (without "#") that opens `state`: `s=2.` and the payload. Every field equal to its default is
 * left out, inside nested objects too: five words typed over the default sentence carry the words, not the
 * default's four 8 × 8 hand-set weight matrices and its Chinese key sentence (maybeExplorerState puts the
 * defaults back, as it always has for a field a link leaves out, so older readers of format 2 read these too).
 */
export function encodePermalink(state: ExplorerState): string {
  const changed = changedFields(state, createInitialState()) ?? {};
  return `s=${PERMALINK_VERSION}.${toBase64Url(new TextEncoder().encode(JSON.stringify(changed)))}`;
}

/**
 * The parts of `value` that differ from `fallback`: for two objects, the fields that differ, each reduced the
 * same way; otherwise `value` itself. Undefined when nothing differs. Arrays are kept or left out whole.
 */
function changedFields(value: Json, fallback: Json): Json {
  if (sameJson(value, fallback)) return undefined;
  if (!isObject(value) || !isObject(fallback)) return value;
  const changed: JsonObject = {};
  for (const [key, field] of Object.entries(value)) {
    const differs = changedFields(field, fallback[key]);
    if (differs !== undefined) changed[key] = differs;
  }
  return changed;
}

/**
 * The state a fragment (with or without "#") opens, an error that says why it cannot be read, or
 * undefined when the fragment holds no permalink (no `s=` parameter). Never throws.
 */
export function decodePermalink(fragment: string): DecodedPermalink | undefined {
  const text = unescaped(fragment.startsWith("#") ? fragment.slice(1) : fragment);
  const at = /(?:^|&)s=/.exec(text);
  if (!at) return undefined;
  if (text.length > MAX_PERMALINK_LENGTH) {
    return failure("share.error.tooLong", { length: text.length, max: MAX_PERMALINK_LENGTH });
  }
  const start = at.index + at[0].length;
  const end = text.indexOf("&", start);
  const value = text.slice(start, end < 0 ? undefined : end);

  const parts = /^(\d{1,6})\.(.*)$/s.exec(value);
  if (!parts) return failure("share.error.format");
  const version = Number(parts[1]);
  if (version > PERMALINK_VERSION) {
    return failure("share.error.newer", { version, latest: PERMALINK_VERSION });
  }
  if (version !== PERMALINK_VERSION && !MIGRATIONS[version]) {
    return failure("share.error.unknownVersion", { version, latest: PERMALINK_VERSION });
  }

  const payload = parts[2] ?? "";
  if (!/^[A-Za-z0-9_-]*$/.test(payload)) return failure("share.error.base64");
  // Base64 comes in groups of 4 characters for 3 bytes; a last group of 1 character cannot be a cut-off
  // encoding of anything, only a link cut short.
  // Nothing after the dot is a link cut there too (a mail program wraps a line at "s=2."), not damage.
  if (payload.length % 4 === 1 || payload === "") return failure("share.error.truncated");
  const bytes = fromBase64Url(payload);
  if (!bytes) return failure("share.error.base64");

  const decoded = utf8(bytes);
  if (decoded === "truncated") return failure("share.error.truncated");
  if (decoded === undefined) return failure("share.error.text");
  const json = decoded.text;

  let parsed: Json;
  try {
    parsed = JSON.parse(json);
  } catch {
    return failure(isCutShort(json) ? "share.error.truncated" : "share.error.json");
  }
  if (!isObject(parsed)) return failure("share.error.notObject");

  let current = parsed;
  for (let v = version; v < PERMALINK_VERSION; v++) current = MIGRATIONS[v]?.(current) ?? current;
  return readExplorerState(current);
}

/**
 * The fragment as the share dialog wrote it, when a mail or chat program percent-encoded it once or twice on
 * the way (`#s%3D2.…`, `%23s%3D2.…`, `s%253D2.…`): without this, such a link held no `s=` and opened the
 * reader's own work without a word. The payload's alphabet (A–Z a–z 0–9 - _) and the digits and dot before
 * it have no escapes, so undoing them changes nothing of a link that was not encoded.
 */
function unescaped(text: string): string {
  const encodedLink = (t: string) => !/(?:^|&)s=/.test(t) && /%(?:25)*(?:3D|23)/i.test(t);
  let current = text;
  for (let round = 0; round < 3 && encodedLink(current); round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      // A cut or non-UTF-8 escape elsewhere in the fragment: decode the escapes of `=`, `&`, `#` and `%` alone.
      decoded = current.replace(/%(3D|26|23|25)/gi, (_, hex: string) =>
        String.fromCharCode(parseInt(hex, 16)),
      );
    }
    current = decoded.startsWith("#") ? decoded.slice(1) : decoded;
  }
  return current;
}

/**
 * Whether the fragment holds a permalink, as decodePermalink reads one (percent-encoded on the way too),
 * whether or not it can be opened: the address drops it once it is opened (startup.ts settledAddress).
 */
export function holdsPermalink(fragment: string): boolean {
  return /(?:^|&)s=/.test(unescaped(fragment.startsWith("#") ? fragment.slice(1) : fragment));
}

function failure(key: ShareKey, params?: Record<string, string | number>): { error: PermalinkError } {
  return { error: params ? { key, params } : { key } };
}

/** Deep equality of JSON values (the state holds only objects, arrays, strings, numbers, booleans, null). */
function sameJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  const objectB = b as JsonObject;
  return keysA.every(
    (k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson((a as JsonObject)[k], objectB[k]),
  );
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  // In slices: String.fromCharCode with a whole large array as arguments overflows the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array | undefined {
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

/** UTF-8 text; "truncated" when the bytes end inside a character (the link was cut there). */
function utf8(bytes: Uint8Array): { text: string } | "truncated" | undefined {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let text: string;
  try {
    // Streaming: a character left incomplete at the end is held back instead of refused...
    text = decoder.decode(bytes, { stream: true });
  } catch {
    return undefined;
  }
  try {
    // ...and refused here, when the stream ends.
    return { text: text + decoder.decode() };
  } catch {
    return "truncated";
  }
}

/**
 * Whether JSON text that does not parse is a cut-off prefix: it ends inside a string, or with brackets
 * still open. Tells "the link was cut short, copy it again" from damage inside it.
 */
function isCutShort(json: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
  }
  return inString || depth > 0;
}
