// The page's side of the training worker: a typed message channel, one worker per training view.
import type { TrainEvent, TrainRequest } from "./trainWorker";

export type { TrainEvent, TrainRequest, TrainSettings } from "./trainWorker";

export interface TrainingWorker {
  send(request: TrainRequest): void;
  /** Stops the worker and frees everything it held (tfjs's backends included). */
  terminate(): void;
}

export function createTrainingWorker(onEvent: (event: TrainEvent) => void): TrainingWorker {
  const worker = new Worker(new URL("./trainWorker.ts", import.meta.url), { type: "module" });
  worker.onmessage = (event: MessageEvent<TrainEvent>) => onEvent(event.data);
  worker.onerror = (event) =>
    onEvent({ type: "error", message: event.message || "the training worker failed" });
  return {
    send: (request) => worker.postMessage(request),
    terminate: () => worker.terminate(),
  };
}
