import { InvalidArgumentError } from "commander";

/** `--limit <n>`: a whole number from 1 to 100 (commander prints the message with the option's name). */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new InvalidArgumentError("a whole number from 1 to 100");
  return n;
}
