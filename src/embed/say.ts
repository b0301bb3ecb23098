import type { Message, MessageParams } from "../core/messages";
import type { Lang } from "../ui/i18n";
import { a11yMessages } from "../ui/messages/a11y";
import { appMessages } from "../ui/messages/app";
import { embedMessages } from "../ui/messages/embed";
import { errorMessages } from "../ui/messages/errors";
import { shareMessages } from "../ui/messages/share";
import { sayer } from "../ui/sayer";

/**
 * The widget's translate(): the same catalogs and templates as the explorer's (src/ui/i18n.tsx), limited to
 * the ones a figure says, so that the widget's first download holds neither React nor the lessons' texts.
 */
const catalogs = [embedMessages, appMessages, a11yMessages, errorMessages, shareMessages];

export type WidgetKey =
  keyof (typeof embedMessages)["en"] | keyof (typeof appMessages)["en"] | keyof (typeof a11yMessages)["en"];

/** A message (an id and its parameters, parameters that are messages translated too) in lang. */
export const say = sayer(catalogs);

export function translate(lang: Lang, key: WidgetKey, params: MessageParams = {}): string {
  return say(lang, { key, params });
}

/** A message of the widget's catalogs, to be said later in the widget's language. */
export function said(key: WidgetKey, params: MessageParams = {}): Message<string> {
  return { key, params };
}
