import type { Dispatch } from "react";
import { useT } from "./i18n";
import { type Lang } from "../../i18n/lang";
import type { Action, ExplorerState } from "../../explorer/state";
import type { Computed } from "./useTrace";

interface HeaderProps {
  readonly state: ExplorerState;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly onHistory: (type: "undo" | "redo" | "reset") => void;
  readonly dispatch: Dispatch<Action>;
  readonly lang: Lang;
  readonly onLang: (lang: Lang) => void;
  readonly computed?: Computed;
  readonly pending: boolean;
  readonly onExamples: () => void;
  readonly onShare: () => void;
  readonly presenter: boolean;
  readonly onPresenter: () => void;
}

export function Header({
  state,
  canUndo,
  canRedo,
  onHistory,
  dispatch,
  lang,
  onLang,
  computed,
  pending,
  onExamples,
  onShare,
  presenter,
  onPresenter,
}: HeaderProps) {
  const t = useT();
  /** The theme the theme button switches to, said on it. */
  const otherTheme = t(state.theme === "dark" ? "header.light" : "header.dark");
  const backend = computed
    ? computed.backend === "reference"
      ? t("backend.reference")
      : computed.backend
    : "…";
  return (
    <header className="ap-header">
      <div className="ap-brand">
        <h1>{t("app.title")}</h1>
        <p>{t("app.tagline")}</p>
      </div>
      <div className="ap-toolbar">
        <span
          className="ap-backend"
          data-testid="backend"
          data-thread={computed?.thread}
          title={
            computed
              ? t(computed.thread === "worker" ? "backend.inWorker" : "backend.inPage")
              : t("backend.label")
          }
        >
          <span className="ap-backend-label">{t("backend.label")}</span>{" "}
          <output data-testid="backend-name">{backend}</output>
          {computed && <span className="ap-backend-ms">· {computed.ms.toFixed(1)} ms</span>}
          {pending && <span className="ap-spinner" aria-label={t("backend.computing")} />}
        </span>
        <a className="ap-button" href="models.html" title={t("models.title")} data-testid="to-models">
          {t("header.models")}
        </a>
        <button
          type="button"
          className="ap-button ap-primary"
          onClick={onExamples}
          data-testid="open-examples"
        >
          ☰ {t("examples.open")}
        </button>
        <button
          type="button"
          className="ap-button"
          onClick={onShare}
          title={t("share.title")}
          data-testid="open-share"
        >
          ⇪ {t("share.open")}
        </button>
        <button
          type="button"
          className="ap-button"
          aria-pressed={presenter}
          onClick={onPresenter}
          title={t("present.hint")}
          data-testid="presenter"
        >
          {presenter ? t("present.exit") : `▣ ${t("present.enter")}`}
        </button>
        <button
          type="button"
          className="ap-button"
          disabled={!canUndo}
          onClick={() => onHistory("undo")}
          title="Ctrl+Z"
          aria-label={t("header.undo")}
          data-testid="undo"
        >
          ↶ <span className="ap-words">{t("header.undo")}</span>
        </button>
        <button
          type="button"
          className="ap-button"
          disabled={!canRedo}
          onClick={() => onHistory("redo")}
          title="Ctrl+Shift+Z"
          aria-label={t("header.redo")}
          data-testid="redo"
        >
          ↷ <span className="ap-words">{t("header.redo")}</span>
        </button>
        <button type="button" className="ap-button" onClick={() => onHistory("reset")} data-testid="reset">
          {t("header.reset")}
        </button>
        <label className="ap-check">
          <input
            type="checkbox"
            checked={state.showTables}
            onChange={(e) => dispatch({ type: "setShowTables", showTables: e.currentTarget.checked })}
            data-testid="tables"
          />
          <span>{t("header.tables")}</span>
        </label>
        <button
          type="button"
          className="ap-button"
          onClick={() => dispatch({ type: "setTheme", theme: state.theme === "dark" ? "light" : "dark" })}
          aria-label={otherTheme}
          title={otherTheme}
          data-testid="theme"
        >
          {state.theme === "dark" ? "☀" : "☾"} <span className="ap-words">{otherTheme}</span>
        </button>
        <button
          type="button"
          className="ap-button"
          lang={lang === "en" ? "zh-CN" : "en"}
          onClick={() => onLang(lang === "en" ? "zh-CN" : "en")}
          data-testid="lang"
        >
          {t("header.language")}
        </button>
      </div>
    </header>
  );
}
