import { useCallback, useEffect, useReducer, useRef } from "react";
import type { BlockAttention } from "../../models/tf/predict";
import {
  createTrainingWorker,
  type TrainEvent,
  type TrainingWorker,
  type TrainSettings,
} from "../../models/tf/trainClient";

export interface Snapshot {
  readonly step: number;
  readonly output: readonly string[];
  readonly blocks: readonly BlockAttention[];
}

/** What the training view shows: the run's history, as the worker reported it. */
export interface TrainingState {
  readonly phase: "idle" | "starting" | "running" | "paused" | "failed";
  readonly backend?: string;
  readonly failure?: string;
  readonly error?: string;
  readonly step: number;
  readonly stepsPerSecond: number;
  /** [step, loss] for every step. */
  readonly loss: readonly (readonly [number, number])[];
  /** [step, share] every ACCURACY_EVERY steps. */
  readonly exact: readonly (readonly [number, number])[];
  readonly tokens: readonly (readonly [number, number])[];
  readonly snapshots: readonly Snapshot[];
}

export const IDLE: TrainingState = {
  phase: "idle",
  step: 0,
  stepsPerSecond: 0,
  loss: [],
  exact: [],
  tokens: [],
  snapshots: [],
};

/** At most this many probe snapshots are kept: past it, every other old one is dropped (the slider stays usable). */
export const MAX_SNAPSHOTS = 240;

export type TrainingAction =
  | TrainEvent
  | { type: "events"; events: readonly TrainEvent[] }
  | { type: "reset" }
  | { type: "starting"; backend: string };

export function reduceTraining(state: TrainingState, event: TrainingAction): TrainingState {
  switch (event.type) {
    case "events":
      return reduceBatch(state, event.events);
    case "reset":
      return IDLE;
    case "starting":
      return { ...IDLE, phase: "starting", backend: event.backend };
    case "backend":
      return event.attempt.ok
        ? { ...state, backend: event.attempt.name }
        : { ...state, phase: "failed", backend: event.attempt.name, failure: event.attempt.reason ?? "" };
    case "running":
      return state.phase === "failed" ? state : { ...state, phase: event.running ? "running" : "paused" };
    case "step":
      return {
        ...state,
        step: event.step,
        stepsPerSecond: event.stepsPerSecond,
        loss: [...state.loss, [event.step, event.loss]],
      };
    case "accuracy":
      return {
        ...state,
        exact: [...state.exact, [event.step, event.exact]],
        tokens: [...state.tokens, [event.step, event.tokens]],
      };
    case "snapshot": {
      let snapshots = [...state.snapshots, { step: event.step, output: event.output, blocks: event.blocks }];
      if (snapshots.length > MAX_SNAPSHOTS)
        snapshots = snapshots.filter((_, i) => i % 2 === 0 || i === snapshots.length - 1);
      return { ...state, snapshots };
    }
    case "error":
      return { ...state, error: event.message, phase: "paused" };
  }
}

type Points = (readonly [number, number])[];

/**
 * The batch's events in order, as reduceTraining would apply them one by one, but with each history copied
 * once per batch rather than once per event (a copy per step is quadratic over a run).
 */
function reduceBatch(state: TrainingState, events: readonly TrainEvent[]): TrainingState {
  let next = state;
  // The copies this batch owns, pushed to in place; a history that is not one of them is copied first.
  let loss: Points | undefined;
  let exact: Points | undefined;
  let tokens: Points | undefined;
  for (const event of events) {
    if (event.type === "step") {
      if (loss !== next.loss) loss = [...next.loss];
      loss.push([event.step, event.loss]);
      next = { ...next, step: event.step, stepsPerSecond: event.stepsPerSecond, loss };
    } else if (event.type === "accuracy") {
      if (exact !== next.exact) exact = [...next.exact];
      if (tokens !== next.tokens) tokens = [...next.tokens];
      exact.push([event.step, event.exact]);
      tokens.push([event.step, event.tokens]);
      next = { ...next, exact, tokens };
    } else {
      next = reduceTraining(next, event);
    }
  }
  return next;
}

/** How often the view redraws while a model trains. */
const UPDATES_PER_SECOND = 10;

/** A training worker for the view's lifetime; a reset ends it and the next start makes a fresh one. */
export function useTraining() {
  const [state, dispatch] = useReducer(reduceTraining, IDLE);
  const worker = useRef<TrainingWorker | null>(null);
  // The worker's events are applied in batches, at most UPDATES_PER_SECOND times a second, each in an
  // animation frame. Redrawn at every frame, the page took half a core of the two the worker shares: it
  // trained at 26 steps/s on this page, 46 on a blank one.
  const queue = useRef<TrainEvent[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const frame = useRef(0);
  const lastFlush = useRef(0);
  const receive = useCallback((event: TrainEvent) => {
    queue.current.push(event);
    if (timer.current !== undefined || frame.current) return;
    const flush = () => {
      timer.current = undefined;
      frame.current = requestAnimationFrame((now) => {
        frame.current = 0;
        lastFlush.current = now;
        const events = queue.current;
        queue.current = [];
        dispatch({ type: "events", events });
      });
    };
    const wait = lastFlush.current + 1000 / UPDATES_PER_SECOND - performance.now();
    if (wait > 0) timer.current = setTimeout(flush, wait);
    else flush();
  }, []);
  const stop = useCallback(() => {
    worker.current?.terminate();
    worker.current = null;
    clearTimeout(timer.current);
    timer.current = undefined;
    cancelAnimationFrame(frame.current);
    frame.current = 0;
    queue.current = [];
  }, []);
  useEffect(() => stop, [stop]);

  const start = useCallback(
    (settings: TrainSettings) => {
      // A fresh worker per run: nothing of the last model, backend or shader cache can leak into this one.
      stop();
      dispatch({ type: "starting", backend: settings.backend });
      worker.current = createTrainingWorker(receive);
      worker.current.send({ type: "start", settings });
    },
    [stop, receive],
  );
  const pause = useCallback(() => worker.current?.send({ type: "pause" }), []);
  const resume = useCallback(() => worker.current?.send({ type: "resume" }), []);
  const reset = useCallback(() => {
    stop();
    dispatch({ type: "reset" });
  }, [stop]);
  const setLearningRate = useCallback(
    (learningRate: number) => worker.current?.send({ type: "setLearningRate", learningRate }),
    [],
  );
  return { state, start, pause, resume, reset, setLearningRate };
}
