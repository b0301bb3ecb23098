import type { Message, MessageParams } from "../core/messages";
import type { Lang } from "../i18n/lang";
import { a11yMessages } from "../i18n/messages/a11y";
import { appMessages } from "../i18n/messages/app";
import { embedMessages } from "../i18n/messages/embed";
import { errorMessages } from "../i18n/messages/errors";
import { shareMessages } from "../i18n/messages/share";
import { sayer } from "../i18n/sayer";

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
