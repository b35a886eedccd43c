/** Child processes that never outlive their parent and always stop within a bound. */
import type { ChildProcess } from 'node:child_process';

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
