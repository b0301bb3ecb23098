import { LIMITS } from "../core/limits";
import type { AttentionTrace } from "../core/types";

/** A trace's float32 fields alone, as the page sends them back to the engine's worker. */
export type TraceBuffers = Readonly<Record<string, { readonly data: Float32Array }>>;

/** Each float32 array of a trace's fields, with its field, once (one array can stand for two intermediates). */
function float32Fields(trace: AttentionTrace | TraceBuffers): [string, Float32Array][] {
  const seen = new Set<Float32Array>();
  const out: [string, Float32Array][] = [];
  for (const [field, value] of Object.entries(trace)) {
    const data = (value as { data?: unknown } | undefined)?.data;
    if (data instanceof Float32Array && !seen.has(data)) {
      seen.add(data);
      out.push([field, data]);
    }
  }
  return out;
}

/** An array that is all of its buffer, and not detached: the only kind a pool keeps or sends. */
const ownsBuffer = (data: Float32Array) =>
  data.length > 0 && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;

/** The trace's own float32 buffers move to the page without a copy; float64 ones may be shared (cached
 * embeddings, the caller's matrices) and are copied instead. */
export function transferables(trace: AttentionTrace | TraceBuffers): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const [, data] of float32Fields(trace))
    if (data.buffer instanceof ArrayBuffer) buffers.add(data.buffer);
  return [...buffers];
}

/** The fields of a trace whose data is a whole float32 buffer of its own, once each. */
export function traceBuffers(trace: AttentionTrace | TraceBuffers): TraceBuffers {
  return Object.fromEntries(
    float32Fields(trace)
      .filter(([, data]) => ownsBuffer(data))
      .map(([field, data]) => [field, { data }]),
  );
}

/**
 * What one trace of the largest problem the engine takes gives back, and the pool holds by default: five
 * stacks of up to LIMITS.maxScoreCells floats (scores, scaled, masked, weights, ALiBi's biased), the mask's
 * addend (one n × m) and the [n, d] matrices, within six stacks' worth. With less, a trace at 4,096 tokens,
 * 2 heads, found some of its 128 MiB buffers dropped and made new ones: 0.6 s each of first touches here.
 * The buffers are not extra memory at that size: without them the next trace makes as many new ones.
 */
export const LARGEST_TRACE_BYTES = 6 * LIMITS.maxScoreCells * Float32Array.BYTES_PER_ELEMENT;

/**
 * Float32 buffers of traces their caller no longer reads, handed out again to later traces of the same
 * sizes. A new array costs far more than its copy: the page touches each of its pages for the first time
 * (about 5 ms per MiB on the 2-core machine, 40 ms of the 80 ms a 1,024-token trace took), while a
 * buffer used before is warm. Each buffer is handed out once, and a trace takes its buffers out of the
 * pool, so no two live traces share one.
 */
export class BufferPool {
  private readonly free = new Map<number, Float32Array[]>();
  /** Buffers in the order they were given, oldest first: the ones dropped past the cap. */
  private readonly order: Float32Array[] = [];
  /** When each held buffer was given, in computations (age()). */
  private readonly givenAt = new Map<Float32Array, number>();
  private computations = 0;
  private bytes = 0;

  /**
   * `capBytes`: the most the pool holds; the oldest buffers go first past it. `idleBytes`: what it keeps of
   * buffers no computation took for a while (age()).
   */
  constructor(
    private readonly capBytes = LARGEST_TRACE_BYTES,
    private readonly idleBytes = IDLE_BYTES,
  ) {}

  /** A buffer of exactly `length` floats that no live trace uses, if one was given; its old numbers remain. */
  take(length: number): Float32Array | undefined {
    const list = this.free.get(length);
    const buffer = list?.pop();
    if (!buffer) return undefined;
    if (list?.length === 0) this.free.delete(length);
    this.order.splice(this.order.indexOf(buffer), 1);
    this.givenAt.delete(buffer);
    this.bytes -= buffer.byteLength;
    return buffer;
  }

  /**
   * The trace's own float32 buffers, once each (one buffer can stand for two intermediates). The caller
   * promises not to read the trace again. Arrays that are views into a larger buffer, or detached (sent to
   * another thread), are left alone.
   */
  give(trace: AttentionTrace | TraceBuffers): void {
    for (const { data } of Object.values(traceBuffers(trace))) this.giveBuffer(data);
  }

  giveBuffer(data: Float32Array): void {
    if (!ownsBuffer(data) || data.byteLength > this.capBytes) return;
    if (this.givenAt.has(data)) return;
    const list = this.free.get(data.length) ?? [];
    list.push(data);
    this.free.set(data.length, list);
    this.order.push(data);
    this.givenAt.set(data, this.computations);
    this.bytes += data.byteLength;
    while (this.bytes > this.capBytes) this.dropOldest();
  }

  /**
   * Counts one more computation and, while the pool holds more than `idleBytes`, drops the buffers given
   * more than IDLE_COMPUTATIONS ago: while a page scrubs, a trace's buffers are taken by the next computation
   * or the one after; a page that went back from 4,096 tokens to a few does not keep 768 MiB of them for
   * good. Small buffers stay: many problems of a few sizes in turn (a lesson's examples) reuse them.
   */
  age(): void {
    this.computations++;
    while (this.order.length > 0 && this.bytes > this.idleBytes) {
      const oldest = this.givenAt.get(this.order[0] as Float32Array) as number;
      if (this.computations - oldest <= IDLE_COMPUTATIONS) break;
      this.dropOldest();
    }
  }

  private dropOldest(): void {
    const oldest = this.order.shift() as Float32Array;
    const same = this.free.get(oldest.length) as Float32Array[];
    same.splice(same.indexOf(oldest), 1);
    if (same.length === 0) this.free.delete(oldest.length);
    this.givenAt.delete(oldest);
    this.bytes -= oldest.byteLength;
  }

  /** Bytes held, for tests. */
  get heldBytes(): number {
    return this.bytes;
  }
}

/** Computations a given buffer waits to be taken before the pool may drop it (BufferPool.age). */
export const IDLE_COMPUTATIONS = 8;
/** What the pool keeps of such buffers: a trace of 512 tokens and 8 heads (4 stacks of 8 MiB) and more. */
const IDLE_BYTES = 64 * 2 ** 20;
