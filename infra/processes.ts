/**
 * Long-running child processes of the development stack, the tests and the bench (PostgreSQL, the Temporal servers):
 * stopping one within a bound and never leaving one behind when the parent ends (stopHandle), finding one a crashed run
 * left behind, and naming who holds a port. Linux (and other /proc systems) first; elsewhere the /proc look-ups simply
 * find nothing.
 */
import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';

/** A reason not to start, in one line of Chinese and English with the fix: what `npm start` prints before it stops. */
export class StartError extends Error {}

/** True while a process with this pid exists and is not a zombie (also for processes of other users). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // Field 3 of /proc/<pid>/stat is the state; Z = zombie (exited, not yet reaped): it holds no port or file.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** The process's command line ('' when unknown). */
export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

/** Resolve true once the process is gone, false when `timeoutMs` passed first. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

function signal(target: number, sig: NodeJS.Signals): void {
  try {
    process.kill(target, sig);
  } catch {
    // already gone
  }
}

/**
 * Stop a process (and its process group when it leads one): each signal of `steps` in turn, waiting its `waitMs` for
 * the process to exit; SIGKILL to the whole group at the end. Resolves once the process is gone.
 */
export async function stopProcess(pid: number, steps: { signal: NodeJS.Signals; waitMs: number }[]): Promise<void> {
  for (const step of steps) {
    if (!isAlive(pid)) return;
    signal(pid, step.signal);
    if (await waitForExit(pid, step.waitMs)) return;
  }
  signal(-pid, 'SIGKILL');
  signal(pid, 'SIGKILL');
  await waitForExit(pid, 2_000);
}

/** The pid of the process listening on a local TCP port, when /proc tells (null otherwise). */
export function listenerPid(port: number): number | null {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT; state 0A = LISTEN; column 10 is the socket inode.
      if (cols.length > 9 && cols[3] === '0A' && parseInt(cols[1]!.split(':')[1]!, 16) === port) inodes.add(cols[9]!);
    }
  }
  if (!inodes.size) return null;
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) return Number(pid);
      } catch {
        // fd closed meanwhile
      }
    }
  }
  return null;
}

/** "端口 7233 已被占用（pid 123：temporal server start-dev …）" — who holds a port, for an error message. */
export function describePortHolder(port: number): string {
  const pid = listenerPid(port);
  if (pid === null) return `端口 ${port} 已被占用`;
  const cmd = commandLine(pid);
  return `端口 ${port} 已被占用（pid ${pid}${cmd ? `：${cmd.length > 80 ? `${cmd.slice(0, 80)}…` : cmd}` : ''}）`;
}

/** A process group's bounded stop: SIGTERM, then SIGKILL after `graceMs`; also SIGKILL if this process exits first. */
export function stopHandle(child: ChildProcess, graceMs: number): { exited: Promise<number | null>; stop(): Promise<void> } {
  let done = false;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => {
    done = true;
    process.removeListener('exit', killOnExit);
    resolve(code ?? (signal ? 128 : null));
  }));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  // No orphan when the parent ends without stopping us (an error, process.exit): the group goes with it.
  const killOnExit = () => signalGroup('SIGKILL');
  process.once('exit', killOnExit);
  return {
    exited,
    async stop() {
      if (done) return;
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // Whatever else the group still holds (a shell's children).
      signalGroup('SIGKILL');
    },
  };
}
