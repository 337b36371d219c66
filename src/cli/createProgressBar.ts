/** A one-line progress display on a terminal. */
export interface ProgressBar {
  /** Redraws the line: `done` of `total` (bytes), with a label such as `12,345 rows`. */
  update(done: number, total: number, label: string): void;
  /** Clears the line. */
  stop(): void;
}

const WIDTH = 30;

/**
 * Draws `[#########-----]  45%  12,345 rows` on `stream`, redrawn in place. Draws nothing when
 * the stream is not a terminal (logs and pipes stay clean).
 */
export function createProgressBar(stream: {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}): ProgressBar {
  if (stream.isTTY !== true) return { update() {}, stop() {} };
  let drawn = false;
  return {
    update(done, total, label) {
      const share = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(share * WIDTH);
      const percent = `${Math.floor(share * 100)}%`.padStart(4);
      stream.write(
        `\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${percent}  ${label}\u001b[K`,
      );
      drawn = true;
    },
    stop() {
      if (drawn) stream.write('\r\u001b[K');
      drawn = false;
    },
  };
}
