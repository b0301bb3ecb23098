/**
 * Web storage that never breaks the page. Reading `localStorage` itself throws a SecurityError where site
 * data is blocked (a third-party iframe, strict privacy settings), and setItem throws when storage is full:
 * each access here answers undefined (or false) instead (storage.test.ts).
 */
export type StorageKind = "local" | "session";

export function storageOf(kind: StorageKind): Storage | undefined {
  try {
    return kind === "local" ? globalThis.localStorage : globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

export function readStorage(kind: StorageKind, key: string): string | undefined {
  try {
    return storageOf(kind)?.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

/** True when the value was stored. */
export function writeStorage(kind: StorageKind, key: string, value: string): boolean {
  try {
    const storage = storageOf(kind);
    storage?.setItem(key, value);
    return storage !== undefined;
  } catch {
    return false;
  }
}

export function removeStorage(kind: StorageKind, key: string): void {
  try {
    storageOf(kind)?.removeItem(key);
  } catch {
    // Nothing to remove where storage cannot be reached.
  }
}
