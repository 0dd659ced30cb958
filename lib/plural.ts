/** "1 card", "3 cards": a count with its noun, for messages in pages, the CLI and job logs. */
export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;
