import { useEffect, useState } from "react";
import "../app/app.css";
import "../../render/render.css";
import "./models.css";
import { isTaskName, type TaskName } from "../../models/tasks";
import { initialLang, LangContext, useDocumentLang } from "../app/i18n";
import { readStorage, writeStorage } from "../../explorer/storage";
import { type Lang } from "../../i18n/lang";
import { translate, type MessageKey } from "../../i18n/i18n";
import { ModelView } from "./ModelView";
import { TrainView } from "./TrainView";
import { CheckpointView } from "./CheckpointView";
import { useShippedModels } from "./useShippedModels";
import { ColoursContext, useModelColours } from "./colours";

// The page's own theme key; the language is shared with the explorer (i18n.tsx).
const THEME_KEY = "attention-playground:models-theme";

type View = "use" | "train" | "checkpoint";
const VIEWS: readonly View[] = ["use", "train", "checkpoint"];

function initialTheme(): "light" | "dark" {
  const asked = new URLSearchParams(location.search).get("theme");
  if (asked === "light" || asked === "dark") return asked;
  const saved = readStorage("local", THEME_KEY);
  if (saved === "light" || saved === "dark") return saved;
  return globalThis.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

const param = (name: string) => new URLSearchParams(location.search).get(name);

/** models.html: the shipped trained models, and a view that trains a fresh one live. */
export function ModelsApp() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [theme, setTheme] = useState(initialTheme);
  const [view, setView] = useState<View>(() => VIEWS.find((v) => v === param("view")) ?? "use");
  const [task, setTask] = useState<TaskName>(() => {
    const asked = param("task");
    return isTaskName(asked) ? asked : "reverse";
  });
  const models = useShippedModels();
  const [colours, setColours] = useModelColours();
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    writeStorage("local", THEME_KEY, theme);
  }, [theme]);
  useDocumentLang(lang, `${t("app.title")}: ${t("models.title")}`);
  // The view and task are in the URL, so a link opens the same page.
  useEffect(() => {
    const url = new URL(location.href);
    url.searchParams.set("view", view);
    url.searchParams.set("task", task);
    history.replaceState(null, "", url);
  }, [view, task]);

  const explorerUrl = `${import.meta.env.BASE_URL}index.html`;
  return (
    <LangContext.Provider value={lang}>
      <ColoursContext.Provider value={{ colours, setColours }}>
        <div className="ap-app ap-models">
          <header className="ap-header">
            <div className="ap-brand">
              <h1>{t("models.title")}</h1>
              <p>{t("models.tagline")}</p>
            </div>
            <nav className="ap-toolbar" aria-label={t("models.nav")}>
              {VIEWS.map((v) => (
                <button
                  key={v}
                  type="button"
                  className="ap-button"
                  aria-pressed={view === v}
                  onClick={() => setView(v)}
                  data-testid={`view-${v}`}
                >
                  {t(v === "use" ? "models.use" : v === "train" ? "models.train" : "models.checkpoint")}
                </button>
              ))}
              <a className="ap-button" href={explorerUrl} data-testid="to-explorer">
                {t("models.explorer")}
              </a>
              <button
                type="button"
                className="ap-button"
                onClick={() => setTheme(theme === "dark" ? "light" : "dark")}
                data-testid="theme"
              >
                {theme === "dark" ? t("models.light") : t("models.dark")}
              </button>
              <button
                type="button"
                className="ap-button"
                onClick={() => setLang(lang === "en" ? "zh-CN" : "en")}
                data-testid="language"
              >
                {t("models.language")}
              </button>
            </nav>
          </header>
          {/* Both views stay mounted: switching to the shipped models does not stop a run in progress. */}
          <div hidden={view !== "use"}>
            <ModelView theme={theme} models={models} task={task} onTask={setTask} explorerUrl={explorerUrl} />
          </div>
          <div hidden={view !== "train"}>
            <TrainView theme={theme} />
          </div>
          <div hidden={view !== "checkpoint"}>
            <CheckpointView theme={theme} explorerUrl={explorerUrl} />
          </div>
        </div>
      </ColoursContext.Provider>
    </LangContext.Provider>
  );
}
