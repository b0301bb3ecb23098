import { fillTemplate, type Message } from "../core/messages";
import type { Catalog, Lang } from "./lang";

/**
 * say() over a list of catalogs: a message (an id and its parameters) in `lang`, with {name} placeholders
 * filled in and parameters that are messages themselves translated too. Falls back to English, then to the
 * id. No React here: the widget builds its own say() over the few catalogs a figure needs.
 */
export function sayer(
  catalogs: readonly Catalog<string>[],
): (lang: Lang, message: Message<string>) => string {
  const say = (lang: Lang, message: Message<string>): string => {
    let text: string | undefined;
    for (const catalog of catalogs) {
      const entries = catalog[lang] as Record<string, string>;
      text ??= entries[message.key] ?? (catalog.en as Record<string, string>)[message.key];
    }
    return fillTemplate(text ?? message.key, message.params, (nested) => say(lang, nested));
  };
  return say;
}
