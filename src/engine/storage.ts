/**
 * localStorage that never breaks the engine: reading the property throws where site data is blocked (a
 * third-party iframe, strict privacy settings), setItem throws when storage is full, and a Web Worker or
 * node has none at all. Each access answers undefined (or false) instead. (The engine may not import
 * explorer/storage.ts, which does the same for the page's own state.)
 */
function local(): Storage | undefined {
  try {
    return (globalThis as { localStorage?: Storage }).localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

export function readLocal(key: string): string | undefined {
  try {
    return local()?.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

/** True when the value was stored. */
export function writeLocal(key: string, value: string): boolean {
  try {
    const storage = local();
    storage?.setItem(key, value);
    return storage !== undefined;
  } catch {
    return false;
  }
}
