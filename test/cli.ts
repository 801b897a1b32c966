import { vi } from 'vitest';
import { runCommand } from '../server/main.ts';

/**
 * A `ranan` command run in the test's process, as bin/ranan.js runs it: its exit status and what it printed on
 * standard output. It spares starting the server's code in a process of its own for each command.
 */
export async function runRanan(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  try {
    return { code: await runCommand(args, env), stdout };
  } finally {
    write.mockRestore();
  }
}
