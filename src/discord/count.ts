/** "1 member", "3 members": replies count in words, never "member(s)". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
