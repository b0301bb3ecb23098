import { relativeLuminance } from "./scales";

/**
 * The colours and font that canvas drawing needs. Canvas cannot use CSS variables, so they are read with
 * getComputedStyle at draw time; the host's light or dark theme sets them (see render.css).
 */
export interface Theme {
  readonly fg: string;
  readonly bg: string;
  readonly muted: string;
  readonly accent: string;
}

/** Used when a variable is unset, or the node is not in a document yet (light theme). */
export const FALLBACK_THEME: Theme = { fg: "#1f2328", bg: "#ffffff", muted: "#8c959f", accent: "#0969da" };

/** The explorer's dark page (app.css :root[data-theme="dark"]): what a dark export is drawn on. */
export const DARK_THEME: Theme = { fg: "#e8eaf1", bg: "#11141b", muted: "#a4abbd", accent: "#8ea8ff" };

/** system-ui first, then fonts that carry CJK glyphs on each platform, so Chinese tokens never show boxes. */
export const FONT_FAMILY =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC", "Hiragino Sans GB", ' +
  '"Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif';

/**
 * The theme that applies to `node`: its own computed style once it is in a document; before that, the
 * document root's, where a host sets its theme (a view is built detached, then inserted).
 */
export function readTheme(node: Element): Theme {
  const target = node.isConnected ? node : node.ownerDocument?.documentElement;
  const style = target && typeof getComputedStyle === "function" ? getComputedStyle(target) : undefined;
  const read = (name: string, fallback: string) => style?.getPropertyValue(name).trim() || fallback;
  return {
    fg: read("--ap-fg", FALLBACK_THEME.fg),
    bg: read("--ap-bg", FALLBACK_THEME.bg),
    muted: read("--ap-muted", FALLBACK_THEME.muted),
    accent: read("--ap-accent", FALLBACK_THEME.accent),
  };
}

/** A dark page: its background is darker than mid-grey. Views then draw with their palette's dark twin. */
export function isDark(theme: Theme): boolean {
  // An unparsable colour gives NaN, and NaN < x is false: light, the fallback.
  return relativeLuminance(theme.bg) < 0.18;
}
