import { english, type Message, type MessageParams } from "./messages";

/** What kind of mistake an input has; stable, so callers and tests can branch on it. */
export type InputErrorCode =
  | "empty" // a matrix or sequence with no rows or no columns
  | "ragged" // rows of different lengths
  | "not-finite" // NaN or ±Infinity
  | "not-a-number" // text that is not a number (parsing)
  | "syntax" // text that cannot be read as a matrix (parsing)
  | "shape" // dimensions that do not fit together
  | "heads" // a width not divisible by the number of heads, or a bad head count
  | "mask" // a mask of the wrong shape or with bad entries
  | "temperature" // τ ≤ 0 or not finite
  | "too-large" // past a stated size limit
  | "invalid"; // any other out-of-range setting

export interface InputErrorDetails {
  readonly code: InputErrorCode;
  /** The matrix or setting at fault, as a person would name it: "Q", "W_K", "mask", "temperature". */
  readonly matrix?: string;
  /** 0-based row and column of the entry at fault (messages count from 1). */
  readonly row?: number;
  readonly col?: number;
  /** What was expected there, in words. */
  readonly expected?: string;
}

/**
 * A caller's input is wrong. The message names the matrix, the row and column (counting from 1),
 * and what was expected. `key` and `params` say the same as a message id (src/core/messages.ts), so that a
 * page can say it in its reader's language; `message` is its English text.
 */
export class AttentionInputError extends Error implements InputErrorDetails, Message<string> {
  readonly code: InputErrorCode;
  readonly matrix?: string;
  readonly row?: number;
  readonly col?: number;
  readonly expected?: string;
  readonly key: string;
  readonly params: MessageParams;

  /** `said` defaults to the message itself as plain text ("error.text"), for errors made without an id. */
  constructor(message: string, details: InputErrorDetails, said?: Message<string>) {
    super(message);
    this.name = "AttentionInputError";
    this.code = details.code;
    this.matrix = details.matrix;
    this.row = details.row;
    this.col = details.col;
    this.expected = details.expected;
    this.key = said?.key ?? "error.text";
    this.params = said?.params ?? { message };
  }
}

/** An input error said as a message id and parameters; its English `message` is made from the id's template. */
export function inputError(said: Message, details: InputErrorDetails): AttentionInputError {
  return new AttentionInputError(english(said), details, said);
}

export type Result<T, E = AttentionInputError> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** A failed Result: from a message id and parameters, or from plain English text. */
export function fail(
  said: Message | string,
  details: InputErrorDetails,
): { ok: false; error: AttentionInputError } {
  const error = typeof said === "string" ? new AttentionInputError(said, details) : inputError(said, details);
  return { ok: false, error };
}

/** "Q row 2, column 3" (counting from 1), or as much of it as is known. */
export function where(matrix?: string, row?: number, col?: number): string {
  const at = [row === undefined ? "" : `row ${row + 1}`, col === undefined ? "" : `column ${col + 1}`];
  return [matrix ?? "", at.filter(Boolean).join(", ")].filter(Boolean).join(" ");
}
