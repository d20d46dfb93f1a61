// Child processes for the fault suite and the fuzz run: the worker and the API started as the start
// command starts them (`node --import tsx …`), each with its own log file, restarted when they die by
// themselves, and all ended when the script ends, however it ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Every child started here or registered by the caller; SIGKILLed if the script exits first. */
const children = new Set<ChildProcess>();
let stopping = false;
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

export function track(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** From now on nothing is restarted (the script is shutting down). */
export function stopSupervising(): void {
  stopping = true;
}

export interface ManagedOptions {
  name: string;
  args: string[];
  env: Record<string, string>;
  logFile: string;
  /** A line of the child's stdout that says it is ready. */
  readyLine?: (line: string) => boolean;
  /** Or a check polled until it says so. */
  readyCheck?: () => Promise<boolean>;
  /** Restart a child that exits by itself (default true). */
  restart?: boolean;
  onEvent?: (message: string) => void;
}

export interface Managed {
  name: string;
  proc: ChildProcess | null;
  /** Exits we did not cause. */
  unplannedExits: number;
  /** Exits a fault asked for (see start's expectExit). */
  expectedExits: number;
  /**
   * Starts it; `env` is added for this start only, and an exit with `expectExit` is the fault doing
   * what it was asked (counted apart, then restarted without the extra environment).
   */
  start(once?: { env?: Record<string, string>; expectExit?: number }): Promise<void>;
  /** Ends it on purpose (default SIGKILL: a crash) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function managed(o: ManagedOptions): Managed {
  const out = createWriteStream(o.logFile, { flags: 'a' });
  let planned = false;
  const m: Managed = {
    name: o.name,
    proc: null,
    unplannedExits: 0,
    expectedExits: 0,
    async start(once = {}) {
      const child = spawn(process.execPath, o.args, { cwd: root, env: { ...process.env, ...o.env, ...once.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      const expected = () => once.expectExit !== undefined && child.exitCode === once.expectExit;
      m.proc = child;
      track(child);
      let ready = false;
      child.stdout!.on('data', (buf: Buffer) => {
        out.write(buf);
        if (!ready && o.readyLine && buf.toString().split('\n').some(o.readyLine)) ready = true;
      });
      child.stderr!.on('data', (buf: Buffer) => out.write(buf));
      child.once('exit', (code, signal) => {
        out.write(`--- ${o.name} exited (${code ?? signal})\n`);
        if (m.proc !== child || planned || stopping || o.restart === false) return;
        if (expected()) {
          m.expectedExits++;
          o.onEvent?.(`${o.name} exited as the fault asked (${code}); restarting it plainly`);
          setTimeout(() => void m.start().catch((e: Error) => o.onEvent?.(`${o.name} restart failed: ${e.message}`)), 1000);
          return;
        }
        // As a process supervisor would: what died by itself (e.g. a worker that lost its server) comes back.
        m.unplannedExits++;
        o.onEvent?.(`${o.name} exited by itself (${code ?? signal}); restarting`);
        setTimeout(() => void m.start().catch((e: Error) => o.onEvent?.(`${o.name} restart failed: ${e.message}`)), 1000);
      });
      const until = Date.now() + 90_000;
      while (!ready && !(o.readyCheck && (await o.readyCheck()))) {
        if (expected()) return; // the fault struck before the ready line
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${o.name} exited while starting (see ${o.logFile})`);
        if (Date.now() > until) throw new Error(`${o.name} not ready within 90 s (see ${o.logFile})`);
        await sleep(100);
      }
    },
    async kill(signal = 'SIGKILL') {
      const child = m.proc;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      planned = true;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      planned = false;
    },
  };
  return m;
}

/** Polls a URL until it answers 2xx. */
export function answers(url: string): () => Promise<boolean> {
  return async () => {
    try {
      return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
    } catch {
      return false;
    }
  };
}
