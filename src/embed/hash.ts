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
}

/**
 * embed.html's hash → the widget's settings: `#example=five-values&step=6&view=both&lang=zh-CN` (the
 * attribute names, URL-encoded), or `#s=2.…` (a permalink), which other names may follow.
 */
export function readHash(hash: string): HashSettings {
  const params = new URLSearchParams(hash.startsWith("#") ? hash.slice(1) : hash);
  const attributes: Partial<Record<AttributeName, string>> = {};
  const link = params.get("s");
  if (link !== null) attributes.permalink = `s=${link}`;
  for (const name of ATTRIBUTES) {
    const value = params.get(name);
    if (value !== null) attributes[name] = value;
  }
  const known = new Set<string>(["s", ...ATTRIBUTES]);
  const unknown = [...new Set(params.keys())].filter((name) => name !== "" && !known.has(name));
  return { attributes, unknown };
}
