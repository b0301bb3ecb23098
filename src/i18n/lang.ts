/** The languages of the interface. Every string a person reads comes from a catalog in ./messages. */
export const LANGS = ["en", "zh-CN"] as const;
export type Lang = (typeof LANGS)[number];

/** A catalog: the same keys in every language. */
export type Catalog<K extends string> = Record<Lang, Record<K, string>>;

/** The interface language for a BCP 47 tag: any zh or zh-… (zh-TW, zh-Hans, ZH) is zh-CN, any en or en-… is en; else undefined. */
export function langOf(tag: string | null | undefined): Lang | undefined {
  if (!tag) return undefined;
  if (/^zh(-|$)/i.test(tag)) return "zh-CN";
  if (/^en(-|$)/i.test(tag)) return "en";
  return undefined;
}
