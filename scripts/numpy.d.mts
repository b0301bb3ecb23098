export interface Numpy {
  /** One command line of scripts/bench-numpy.py; resolves to its JSON answer. */
  ask(command: string): Promise<Record<string, unknown>>;
  close(): void;
}
export function startNumpy(): Numpy;
