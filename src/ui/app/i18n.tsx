import { createContext, useCallback, useContext, useEffect } from "react";
import type { Message } from "../../core/messages";
import { langOf, type Lang } from "../../i18n/lang";
import { say, translate, type Translate } from "../../i18n/i18n";
import { readStorage, writeStorage } from "../../explorer/storage";

export const LangContext = createContext<Lang>("en");

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

/** The language asked for with ?lang= (langOf), else the one chosen last time, else the browser's, else English. */
export function initialLang(): Lang {
  // ?lang=zh as well as zh-CN: a teacher's link says the language, not its catalogue's name.
  return (
    langOf(new URLSearchParams(location.search).get("lang")) ??
    langOf(readStorage("local", LANG_KEY)) ??
    langOf(navigator.language) ??
    "en"
  );
}

/** The page says its language on <html lang> and in its title, and remembers it for the next visit. */
export function useDocumentLang(lang: Lang, title: string): void {
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = title;
    writeStorage("local", LANG_KEY, lang);
  }, [lang, title]);
}
