import { Command, CommanderError } from "commander";
import { vi } from "vitest";

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `cards <args>` with the commands `register` adds, run through the command line parser in this process
 * (as a user's shell would, minus the process): what it printed and the exit code it asked for.
 */
export async function runCli(register: (program: Command) => void, ...args: string[]): Promise<CliRun> {
  const program = new Command().name("cards").exitOverride();
  register(program);
  let stdout = "";
  let stderr = "";
  const spies = [
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true)),
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true)),
    vi.spyOn(process, "exit").mockImplementation((code) => {
      throw new Exit(Number(code ?? 0));
    }),
  ];
  try {
    await program.parseAsync(args, { from: "user" });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof Exit || error instanceof CommanderError) return { code: error instanceof Exit ? error.code : error.exitCode, stdout, stderr };
    throw error;
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}
