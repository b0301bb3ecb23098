import type { Action } from "./state";

/** Edits of the same thing in quick succession (typing, dragging a slider) are one undo step. */
export const MERGE_MS = 1000;

/** What makes two edits "the same thing": the action, and the matrix or weight it edits. */
export const editKey = (action: Action): string => `${action.type}:${"name" in action ? action.name : ""}`;

/** Whether an edit joins the undo step of the last one: the same thing edited again within MERGE_MS. */
export const mergesWith = (last: { key: string; at: number }, key: string, now: number): boolean =>
  key === last.key && now - last.at < MERGE_MS;
