import { ATTRIBUTES, type AttributeName } from "./attributes";

/**
 * embed.html's hash → the widget's attributes: `#example=five-values&step=6&view=both&lang=zh-CN` (the
 * attribute names, URL-encoded), or `#s=2.…` (a permalink from the share dialog), which other names may follow.
 */
/**
 * The names in embed.html's hash that it does not read (neither `s` nor an attribute's), each once, in
 * their order: a misspelt `exmple=` would otherwise leave the widget on its default without a word.
 */
export function unknownHashNames(hash: string): string[] {
  const params = new URLSearchParams(hash.startsWith("#") ? hash.slice(1) : hash);
  const known = new Set<string>(["s", ...ATTRIBUTES]);
  return [...new Set(params.keys())].filter((name) => name !== "" && !known.has(name));
}

export function attributesFromHash(hash: string): Partial<Record<AttributeName, string>> {
  const params = new URLSearchParams(hash.startsWith("#") ? hash.slice(1) : hash);
  const out: Partial<Record<AttributeName, string>> = {};
  const link = params.get("s");
  if (link !== null) out.permalink = `s=${link}`;
  for (const name of ATTRIBUTES) {
    const value = params.get(name);
    if (value !== null) out[name] = value;
  }
  return out;
}
