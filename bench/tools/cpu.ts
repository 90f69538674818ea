/**
 * CPU time, read from /proc, for saying what a benchmark's throughput is bound by: on this 2-core
 * box the server, the database and the load generator share the cores, and wall-clock figures move
 * with the host's load while CPU time a request does not.
 */
import fs from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time the machine spent busy so far (every process, every core; time stolen by the host not counted), in ms. */
export function machineBusyMs(): number {
  const [user, nice, system, , , irq, softirq] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq) * TICK_MS;
}

/** utime + stime of a /proc/…/stat line, in ms (the command name may hold spaces: fields are counted after its ")"). */
function statMs(file: string): number {
  const fields = fs.readFileSync(file, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/**
 * A process's CPU so far, in ms: `all` its threads (JavaScript, libuv's pool, GC helpers, the
 * database driver's), `main` its main thread alone (where JavaScript runs: a Node server's
 * throughput is bound by this one). 0 for a process that has ended.
 */
export function processCpuMs(pid: number): { all: number; main: number } {
  try {
    return { all: statMs(`/proc/${pid}/stat`), main: statMs(`/proc/${pid}/task/${pid}/stat`) };
  } catch {
    return { all: 0, main: 0 };
  }
}

/** CPU of the processes and of the machine between `start()` and `stop()`, per unit of work done. */
export function cpuMeter(pids: number[]) {
  const read = () => ({ procs: pids.map(processCpuMs), self: process.cpuUsage(), machine: machineBusyMs() });
  const before = read();
  return {
    /** ms of CPU per unit of `units`: the servers' main threads and whole processes, this process (the load generator), the machine. */
    per(units: number) {
      const after = read();
      const sum = (k: "all" | "main") => after.procs.reduce((a, p, i) => a + p[k] - before.procs[i][k], 0);
      const self = process.cpuUsage(before.self);
      const each = (ms: number) => (units > 0 ? ms / units : NaN);
      return {
        serverMain: each(sum("main")),
        serverAll: each(sum("all")),
        client: each((self.user + self.system) / 1000),
        machine: each(after.machine - before.machine),
      };
    },
  };
}
