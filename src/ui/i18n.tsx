import { createContext, useCallback, useContext } from "react";
import { appMessages } from "./messages/app";
import { gridMessages } from "./messages/grid";

/** The languages of the interface. Every string a person reads comes from a catalog in ./messages. */
export const LANGS = ["en", "zh-CN"] as const;
export type Lang = (typeof LANGS)[number];

/** A catalog: the same keys in every language. */
export type Catalog<K extends string> = Record<Lang, Record<K, string>>;

const catalogs = [appMessages, gridMessages];

export type MessageKey = keyof (typeof appMessages)["en"] | keyof (typeof gridMessages)["en"];

/** The message for key in lang, with {name} placeholders filled in. Falls back to English, then to the key. */
export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  let text: string | undefined;
  for (const catalog of catalogs) {
    const entries = catalog[lang] as Record<string, string>;
    text ??= entries[key] ?? (catalog.en as Record<string, string>)[key];
  }
  return (text ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export const LangContext = createContext<Lang>("en");

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function useT(): Translate {
  const lang = useContext(LangContext);
  return useCallback((key, params) => translate(lang, key, params), [lang]);
}
