/** A one-line progress bar on stderr (a plain line per update when stderr is not a terminal). */
export function progress(label: string, done: number, total: number, extra = ''): void {
  const width = 30;
  const frac = total > 0 ? Math.max(0, Math.min(1, done / total)) : 1;
  const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
  const line = `${label.padEnd(22)} ${bar} ${(frac * 100).toFixed(0).padStart(3)}% ${done}/${total} ${extra}`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}${frac >= 1 ? '\n' : ''}`);
  else if (frac >= 1) process.stderr.write(`${line}\n`);
}
