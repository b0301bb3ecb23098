/** The languages of the interface. Every string a person reads comes from a catalog in ./messages. */
export const LANGS = ["en", "zh-CN"] as const;
export type Lang = (typeof LANGS)[number];

/** A catalog: the same keys in every language. */
export type Catalog<K extends string> = Record<Lang, Record<K, string>>;
