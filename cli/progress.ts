import cliProgress from "cli-progress";
import type { EmbedProgress } from "../lib/search";

/**
 * A progress bar for embedding on a terminal (none with --json or when stderr is not a terminal):
 * one bar for cards, then one for passages, as embedPending goes.
 */
export function embedProgressBar(json?: boolean): { onProgress?: (p: EmbedProgress) => void; stop(): void } {
  if (!process.stderr.isTTY || json) return { stop() {} };
  const bar = new cliProgress.SingleBar({ format: "embedding {kind} [{bar}] {value}/{total}", stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
  let kind = "";
  return {
    onProgress(p) {
      if (p.total === 0) return;
      if (p.kind !== kind) {
        // Cards are embedded before passages: the cards' bar ends full.
        if (kind) {
          bar.update(bar.getTotal());
          bar.stop();
        }
        kind = p.kind;
        bar.start(p.total, p.done, { kind });
      }
      bar.setTotal(p.total);
      bar.update(p.done);
    },
    stop: () => bar.stop(),
  };
}
