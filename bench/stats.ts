/** Percentile of a sample (nearest rank); the sample is sorted in place. */
export function percentile(sample: number[], p: number): number {
  if (!sample.length) return Number.NaN;
  sample.sort((a, b) => a - b);
  const rank = Math.min(sample.length - 1, Math.max(0, Math.ceil((p / 100) * sample.length) - 1));
  return sample[rank] as number;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function median(values: number[]): number {
  return percentile([...values], 50);
}

/** Median CPU milliseconds per interaction over rounds. */
export function cpuEach(rounds: readonly { cpuMsEach: number }[]): number {
  return round(median(rounds.map((r) => r.cpuMsEach)), 3);
}
