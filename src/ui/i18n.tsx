import { createContext, useCallback, useContext, useEffect } from "react";
import type { Message, MessageParams } from "../core/messages";
import { a11yMessages } from "./messages/a11y";
import { appMessages } from "./messages/app";
import { errorMessages } from "./messages/errors";
import { exchangeMessages } from "./messages/exchange";
import { shareMessages } from "./messages/share";
import { gridMessages } from "./messages/grid";
import { modelsMessages } from "./messages/models";
import { lessonMessages } from "./messages/lessons";
import { sayer } from "./sayer";
import { embedMessages } from "./messages/embed";

/** The languages of the interface. Every string a person reads comes from a catalog in ./messages. */
export const LANGS = ["en", "zh-CN"] as const;
export type Lang = (typeof LANGS)[number];

/** A catalog: the same keys in every language. */
export type Catalog<K extends string> = Record<Lang, Record<K, string>>;

const catalogs = [
  appMessages,
  gridMessages,
  errorMessages,
  lessonMessages,
  a11yMessages,
  modelsMessages,
  exchangeMessages,
  shareMessages,
  embedMessages,
];

export type MessageKey =
  | keyof (typeof appMessages)["en"]
  | keyof (typeof gridMessages)["en"]
  | keyof (typeof errorMessages)["en"]
  | keyof (typeof lessonMessages)["en"]
  | keyof (typeof a11yMessages)["en"]
  | keyof (typeof modelsMessages)["en"]
  | keyof (typeof exchangeMessages)["en"]
  | keyof (typeof shareMessages)["en"]
  | keyof (typeof embedMessages)["en"];

/**
 * The message for key in lang, with {name} placeholders filled in; a parameter that is itself a message
 * (an error's place, a word) is translated too. Falls back to English, then to the key.
 */
export function translate(lang: Lang, key: MessageKey, params: MessageParams = {}): string {
  return say(lang, { key, params });
}

/** A message carried by an error or a notice ({key, params}, ids from src/core/messages.ts) in lang. */
export const say = sayer(catalogs);

export const LangContext = createContext<Lang>("en");

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function useT(): Translate {
  const lang = useContext(LangContext);
  return useCallback((key, params) => translate(lang, key, params), [lang]);
}

/** say() in the page's language: for the errors and notices that carry their own message id. */
export function useSay(): (message: Message<string>) => string {
  const lang = useContext(LangContext);
  return useCallback((message) => say(lang, message), [lang]);
}

/** Where the chosen language is kept: the explorer and the models page share it. */
const LANG_KEY = "attention-playground:lang";

/** The language asked for with ?lang=, else the one chosen last time, else the browser's. */
export function initialLang(): Lang {
  const asked = new URLSearchParams(location.search).get("lang");
  if ((LANGS as readonly string[]).includes(asked ?? "")) return asked as Lang;
  const saved = globalThis.localStorage?.getItem(LANG_KEY);
  if ((LANGS as readonly string[]).includes(saved ?? "")) return saved as Lang;
  return navigator.language.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

/** The page says its language on <html lang> and in its title, and remembers it for the next visit. */
export function useDocumentLang(lang: Lang, title: string): void {
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = title;
    globalThis.localStorage?.setItem(LANG_KEY, lang);
  }, [lang, title]);
}
