import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ParityError } from "../core/errors.ts";
import type { ClusterLayout } from "./layout.ts";

/** A long-running process of the cluster. */
export interface Daemon {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The daemons whose pid files name a live process. */
export async function runningDaemons(layout: ClusterLayout): Promise<string[]> {
  const running: string[] = [];
  for (const name of await readdir(layout.pids).catch(() => [] as string[])) {
    const pid = Number(await readFile(join(layout.pids, name), "utf8").catch(() => ""));
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) running.push(`${name} (pid ${pid})`);
  }
  return running;
}

/** Starts a daemon in its own process group, its output in logs/NAME.log and its pid in run/pids/NAME. */
export async function startDaemon(layout: ClusterLayout, daemon: Daemon): Promise<number> {
  await mkdir(layout.logs, { recursive: true });
  await mkdir(layout.pids, { recursive: true });
  const log = openSync(join(layout.logs, `${daemon.name}.log`), "a");
  try {
    const child = spawn(daemon.command, daemon.args, {
      detached: true,
      stdio: ["ignore", log, log],
      env: daemon.env ?? process.env,
    });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once("spawn", () => resolve(child.pid!));
      child.once("error", (error) =>
        reject(
          new ParityError(
            "CLUSTER",
            {
              what: `Starting ${daemon.name} (${daemon.command}) failed`,
              next: "install it and run `parity cluster up` again",
            },
            { cause: error },
          ),
        ),
      );
    });
    child.unref();
    await writeFile(join(layout.pids, daemon.name), String(pid));
    return pid;
  } finally {
    closeSync(log);
  }
}

/** Waits until `ready` answers true, failing with the daemon's last log lines if it exits or takes too long. */
export async function waitReady(
  layout: ClusterLayout,
  name: string,
  pid: number,
  ready: () => Promise<boolean>,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    if (!alive(pid)) break;
    await sleep(500);
  }
  const tail = (await readFile(join(layout.logs, `${name}.log`), "utf8").catch(() => ""))
    .split("\n")
    .slice(-12)
    .join("\n");
  throw new ParityError("CLUSTER", {
    what:
      `${name} ${alive(pid) ? `is not ready after ${timeoutMs / 1000} s` : "exited"}; ` +
      `its last log lines (${join(layout.logs, `${name}.log`)}):`,
    evidence: tail,
    next: "fix what it says, then run `parity cluster down` and `parity cluster up`",
  });
}

/**
 * Stops the daemons named in `order`, in that order (with `rest`, then any other daemon with a
 * pid file): SIGTERM, then SIGKILL after 10 s.
 */
export async function stopDaemons(
  layout: ClusterLayout,
  order: readonly string[],
  log: (line: string) => void,
  options: { rest: boolean },
): Promise<void> {
  const files = await readdir(layout.pids).catch(() => [] as string[]);
  const names = [
    ...order.filter((n) => files.includes(n)),
    ...(options.rest ? files.filter((f) => !order.includes(f)) : []),
  ];
  for (const name of names) {
    const pid = Number(await readFile(join(layout.pids, name), "utf8"));
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
      log(`stopping ${name} (pid ${pid})`);
      process.kill(pid, "SIGTERM");
      for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
      if (alive(pid)) process.kill(pid, "SIGKILL");
    }
    await rm(join(layout.pids, name), { force: true });
  }
}
