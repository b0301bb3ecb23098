import { useEffect, useState } from "react";
import { maybeModelFile, type ModelFile } from "../../models/modelFile";
import { TASK_NAMES, type TaskName } from "../../models/tasks";
import { initBackend } from "../../engine/backends";
import { modelUrl } from "../../models/tf/shipped";
import { createParams, type Params } from "../../models/tf/transformer";

export type Shipped =
  | { readonly status: "loading" }
  | { readonly status: "ready"; readonly file: ModelFile; readonly params: Params }
  | { readonly status: "failed"; readonly message: string };

/**
 * The page computes the shipped models on tfjs's cpu backend: they are a few thousand multiply-adds per
 * token, done before a GPU backend would have compiled its first shader. Started once per page.
 */
let backend: Promise<void> | undefined;
const cpuBackend = () =>
  (backend ??= initBackend("cpu").then((attempt) => {
    if (!attempt.ok) throw new Error(attempt.reason ?? "the cpu backend did not start");
  }));

async function load(task: TaskName): Promise<Shipped> {
  try {
    const [response] = await Promise.all([fetch(modelUrl(task)), cpuBackend()]);
    if (!response.ok) return { status: "failed", message: `${modelUrl(task)}: HTTP ${response.status}` };
    const read = maybeModelFile(await response.json());
    if (!read.ok) return { status: "failed", message: read.error };
    return { status: "ready", file: read.value, params: createParams(read.value.weights, read.value.config) };
  } catch (error) {
    return { status: "failed", message: error instanceof Error ? error.message : String(error) };
  }
}

const loaded = new Map<TaskName, Promise<Shipped>>();

/** Every shipped model, all requested at once when the page opens (together they are a few hundred KiB). */
export function useShippedModels(): Record<TaskName, Shipped> {
  const [models, setModels] = useState<Record<TaskName, Shipped>>(
    () => Object.fromEntries(TASK_NAMES.map((t) => [t, { status: "loading" }])) as Record<TaskName, Shipped>,
  );
  useEffect(() => {
    let live = true;
    for (const task of TASK_NAMES) {
      if (!loaded.has(task)) loaded.set(task, load(task));
      void loaded.get(task)!.then((model) => live && setModels((m) => ({ ...m, [task]: model })));
    }
    return () => {
      live = false;
    };
  }, []);
  return models;
}
