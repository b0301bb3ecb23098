// numpy float32 on one thread in a child process (scripts/bench-numpy.py), the benchmarks' native anchor.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** numpy in a child process, asked one line at a time (bench-numpy.py lists the commands). */
export function startNumpy() {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const child = spawn("python3", ["scripts/bench-numpy.py"], { env, stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on("line", (line) => waiting.shift()?.(JSON.parse(line)));
  return {
    ask: (command) =>
      new Promise((resolve) => {
        waiting.push(resolve);
        child.stdin.write(`${command}\n`);
      }),
    close: () => child.stdin.end(),
  };
}
