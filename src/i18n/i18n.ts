import type { MessageParams } from "../core/messages";
import { a11yMessages } from "./messages/a11y";
import { appMessages } from "./messages/app";
import { errorMessages } from "./messages/errors";
import { exchangeMessages } from "./messages/exchange";
import { shareMessages } from "./messages/share";
import { gridMessages } from "./messages/grid";
import { modelsMessages } from "./messages/models";
import { lessonMessages } from "./messages/lessons";
import { sayer } from "./sayer";
import type { Lang } from "./lang";
import { embedMessages } from "./messages/embed";
import { modernMessages } from "./messages/modern";

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
  modernMessages,
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
  | keyof (typeof embedMessages)["en"]
  | keyof (typeof modernMessages)["en"];

/**
 * The message for key in lang, with {name} placeholders filled in; a parameter that is itself a message
 * (an error's place, a word) is translated too. Falls back to English, then to the key.
 */
export function translate(lang: Lang, key: MessageKey, params: MessageParams = {}): string {
  return say(lang, { key, params });
}

/** A message carried by an error or a notice ({key, params}, ids from src/core/messages.ts) in lang. */
export const say = sayer(catalogs);

/** translate() with the language fixed: what a view is given to say its words. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;
