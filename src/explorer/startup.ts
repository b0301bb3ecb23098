import { clipped, listed, type Message, type MessageParams } from "../core/messages";
import { isBackendName } from "../engine/names";
import type { MessageKey } from "../i18n/i18n";
import { langOf, type Lang } from "../i18n/lang";
import { exampleById, openExample } from "./examples";
import { ignoredList } from "./ignored";
import { decodePermalink, holdsPermalink } from "./permalink";
import { DAMAGED_KEY, type SaveDamage } from "./persist";
import { createHistory, createInitialState, STEP_COUNT, type ExplorerState, type History } from "./state";
import { createStartState } from "./examples";

/** What the page finds when it opens: the person's saved work, its address, and what another page left. */
export interface Arrival {
  /** The autosaved work, if any (persist.ts loadSavedWork). */
  readonly saved?: ExplorerState;
  /** How the autosaved work could not be read in full, if it could not (persist.ts loadSavedWork). */
  readonly savedDamage?: SaveDamage;
  /** location.search and location.hash. */
  readonly search: string;
  readonly hash: string;
  /** Whether the system asks for a dark colour scheme: the theme of a first visit. */
  readonly prefersDark: boolean;
  /** The page's language: a first visit's lesson is in it (createStartState). Default English. */
  readonly lang?: Lang;
  /** Takes the state another page handed over (handoff.ts), once; called only when nothing else opens. */
  readonly takeHandoff: () => ExplorerState | undefined;
}

/** A notice the page shows when it opens. */
export interface StartupNotice {
  readonly key: MessageKey;
  readonly params?: MessageParams;
}

/**
 * What the page opens on, a notice about how (a link opened, or a link that could not be), and one about
 * saved work that could not be read in full: both can be true at once, and each is said.
 */
export interface Startup {
  readonly history: History;
  readonly notice?: StartupNotice;
  readonly savedNotice?: StartupNotice;
  /** The address's ?step=, ?example=, ?backend=, ?theme= or ?lang= that the page could not use, named. */
  readonly addressNotice?: StartupNotice;
}

/**
 * The address's parameters the explorer reads, each with its reading of a value: undefined where the value is
 * not one it can use. ownState applies them; ignoredInAddress names those that read as undefined.
 */
const ADDRESS_READINGS = {
  step: (v: string): number | undefined => {
    const step = Number(v);
    return Number.isInteger(step) && step >= 1 && step <= STEP_COUNT ? step : undefined;
  },
  example: (v: string) => exampleById(v),
  backend: (v: string): ExplorerState["backend"] | undefined =>
    isBackendName(v) || v === "exact" || v === "auto" ? v : undefined,
  /** As the models page and the widget take it (a projector's room may need dark). */
  theme: (v: string): ExplorerState["theme"] | undefined => (v === "light" || v === "dark" ? v : undefined),
  lang: (v: string) => langOf(v),
};

/** The address's `name`, read: undefined where it is not given or cannot be used. */
function fromAddress<K extends keyof typeof ADDRESS_READINGS>(
  search: string,
  name: K,
): ReturnType<(typeof ADDRESS_READINGS)[K]> | undefined {
  const value = new URLSearchParams(search).get(name);
  return value === null
    ? undefined
    : (ADDRESS_READINGS[name](value) as ReturnType<(typeof ADDRESS_READINGS)[K]>);
}

/**
 * The parameters of the address the page could not use, as name=value (a value cut after 24 characters):
 * a step outside 1 to 8, an example, backend, theme or language it does not have. Each was left out
 * without a word (?step=99999 opened the saved step, ?example=nope the saved work), so that a teacher's
 * mistyped link looked like a page that ignores links.
 */
export function ignoredInAddress(search: string): string[] {
  const params = new URLSearchParams(search);
  const ignored: string[] = [];
  for (const [name, read] of Object.entries(ADDRESS_READINGS) as [string, (v: string) => unknown][]) {
    const value = params.get(name);
    if (value !== null && read(value) === undefined) ignored.push(`${name}=${clipped(value)}`);
  }
  return ignored;
}

function addressNoticeOf(search: string): StartupNotice | undefined {
  const ignored = ignoredInAddress(search);
  if (ignored.length === 0) return undefined;
  return {
    key: ignored.length === 1 ? "address.ignoredOne" : "address.ignored",
    params: { count: ignored.length, fields: listed(ignored) },
  };
}

/**
 * What the person is told of saved work that could not be read in full: what opened instead (the first
 * lesson, or the save with the settings named that took their defaults) and where what was saved is kept.
 */
export function savedNoticeOf(damage: SaveDamage | undefined): StartupNotice | undefined {
  if (!damage) return undefined;
  const kept: Message<string> = damage.kept
    ? { key: "save.kept", params: { key: DAMAGED_KEY } }
    : { key: "save.notKept", params: {} };
  const { ignored } = damage;
  if (!ignored || ignored.length === 0) return { key: "save.unreadable", params: { kept } };
  return {
    key: ignored.length === 1 ? "save.ignoredOne" : "save.ignored",
    params: { count: ignored.length, fields: ignoredList(ignored), kept },
  };
}

/** The person's own work: saved work (or, on a first visit, the start page), then ?step= and ?backend=. */
export function ownState({
  saved,
  search,
  prefersDark,
  lang,
}: Omit<Arrival, "hash" | "takeHandoff">): ExplorerState {
  // A first visit opens the start page: a worked example that teaches (examples.ts createStartState).
  const own =
    saved ?? createStartState({ ...createInitialState(), theme: prefersDark ? "dark" : "light" }, lang);
  const asked = fromAddress(search, "step") ?? own.step;
  return {
    ...own,
    // A step the lesson being followed is not at leaves the lesson.
    ...(asked === own.step ? {} : { lesson: null, locked: null }),
    step: asked,
    backend: fromAddress(search, "backend") ?? own.backend,
    theme: fromAddress(search, "theme") ?? own.theme,
  };
}

/**
 * A permalink (#s=…), a state handed over by another page, or an example asked for with ?example= opens on
 * top of the person's own work, which undo brings back. A damaged or hostile link opens their own work, with
 * a notice that says why.
 */
export function startup(arrival: Arrival): Startup {
  const savedNotice = savedNoticeOf(arrival.savedDamage);
  const addressNotice = addressNoticeOf(arrival.search);
  return {
    ...opening(arrival),
    ...(savedNotice ? { savedNotice } : {}),
    ...(addressNotice ? { addressNotice } : {}),
  };
}

function opening(arrival: Arrival): Startup {
  const own = ownState(arrival);
  const onTop = (state: ExplorerState): History => ({ ...createHistory(state), past: [own] });
  const link = decodePermalink(arrival.hash.slice(1));
  // A link opens in its own theme, unless the address asks for one. Settings it held that could not be used
  // are named, with what they held: the reader knows what of the sender's state is not shown.
  if (link && "state" in link) {
    const { ignored } = link;
    return {
      history: onTop({ ...link.state, theme: fromAddress(arrival.search, "theme") ?? link.state.theme }),
      notice:
        ignored.length === 0
          ? { key: "share.linkOpened" }
          : {
              key: ignored.length === 1 ? "share.linkIgnoredOne" : "share.linkIgnored",
              params: { count: ignored.length, fields: ignoredList(ignored) },
            },
    };
  }
  const reason = link ? { key: link.error.key, params: link.error.params ?? {} } : undefined;
  const notice = reason ? { key: "share.linkFailed" as const, params: { reason } } : undefined;
  const example = fromAddress(arrival.search, "example");
  const handed = example ? openExample(own, example) : arrival.takeHandoff();
  if (!handed) return { history: createHistory(own), notice };
  return { history: onTop({ ...handed, theme: own.theme, palette: own.palette }), notice };
}

/**
 * The address to keep in the bar once the page has opened: the step in ?step=, and neither ?example= nor a
 * permalink (#s=), which have been opened already, so that a reload does not open them again over later edits.
 */
export function settledAddress(href: string, step: number): string {
  const url = new URL(href);
  url.searchParams.set("step", String(step));
  url.searchParams.delete("example");
  // Encoded on the way too (#s%3D2.…): left in the bar, a reload opened it again over later edits.
  if (holdsPermalink(url.hash)) url.hash = "";
  return url.href;
}
