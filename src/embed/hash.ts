import { ATTRIBUTES, type AttributeName } from "./attributes";

/** What embed.html makes of its hash. */
export interface HashSettings {
  /** The widget's attributes, by their names, and a permalink (`s=2.…`, from the share dialog) whole. */
  readonly attributes: Partial<Record<AttributeName, string>>;
  /**
   * The names it does not read (neither `s` nor an attribute's), each once, in their order: a misspelt
   * `exmple=` would otherwise leave the widget on its default without a word.
   */
  readonly unknown: readonly string[];
  /**
   * Names it reads that the hash gives more than once (`step=3&step=5`), each once, in their order, with how
   * many times: the first value is the one read, and the note says so rather than drop the others unsaid.
   */
  readonly repeated: readonly { readonly name: string; readonly count: number; readonly used: string }[];
  /**
   * Names it reads whose value holds percent escapes that are not UTF-8 (`tokens=%E4%B8`, a character cut in
   * two), with the first such run as written: URLSearchParams reads them as U+FFFD, which would be drawn.
   */
  readonly damaged: readonly { readonly name: string; readonly escape: string }[];
}

/**
 * embed.html's hash → the widget's settings: `#example=five-values&step=6&view=both&lang=zh-CN` (the
 * attribute names, URL-encoded), or `#s=2.…` (a permalink), which other names may follow.
 */
export function readHash(hash: string): HashSettings {
  const text = hash.startsWith("#") ? hash.slice(1) : hash;
  const params = new URLSearchParams(text);
  const attributes: Partial<Record<AttributeName, string>> = {};
  const link = params.get("s");
  if (link !== null) attributes.permalink = `s=${link}`;
  for (const name of ATTRIBUTES) {
    const value = params.get(name);
    if (value !== null) attributes[name] = value;
  }
  const known = new Set<string>(["s", ...ATTRIBUTES]);
  const names = [...new Set(params.keys())];
  const unknown = names.filter((name) => name !== "" && !known.has(name));
  const repeated = names
    .filter((name) => known.has(name) && params.getAll(name).length > 1)
    .map((name) => ({ name, count: params.getAll(name).length, used: params.get(name) ?? "" }));
  const damaged: { name: string; escape: string }[] = [];
  for (const part of text.split("&")) {
    const at = part.indexOf("=");
    if (at < 0) continue;
    const name = new URLSearchParams(part).keys().next().value;
    const escape = notUtf8(part.slice(at + 1));
    if (name !== undefined && known.has(name) && escape && !damaged.some((d) => d.name === name)) {
      damaged.push({ name, escape });
    }
  }
  return { attributes, unknown, repeated, damaged };
}

/**
 * The first character in `raw` whose percent escapes are not UTF-8, as written (`%E4%B8`: a lead byte and
 * fewer continuation bytes than it announces, or a byte that starts no character), if any.
 */
function notUtf8(raw: string): string | undefined {
  for (const [run] of raw.matchAll(/(?:%[0-9A-Fa-f]{2})+/g)) {
    const escapes = run.match(/%../g) ?? [];
    const byte = (i: number) => parseInt(escapes[i]?.slice(1) ?? "", 16);
    for (let i = 0; i < escapes.length;) {
      const lead = byte(i);
      const length =
        lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : 4;
      try {
        decodeURIComponent(escapes.slice(i, i + length).join(""));
        i += length;
      } catch {
        let end = i + 1;
        while (end < i + length && byte(end) >= 0x80 && byte(end) <= 0xbf) end++;
        return escapes.slice(i, end).join("");
      }
    }
  }
  return undefined;
}
