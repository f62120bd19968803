/** The zones of the time-zone database Intl knows, by their lower-case spelling. */
const KNOWN = new Map(Intl.supportedValuesOf('timeZone').map((zone) => [zone.toLowerCase(), zone]));

/**
 * The spelling to store for a zone name: the one typed, with its letter case corrected, never another name. Intl
 * resolves a name to the zone it links to, and Node 20's ICU gives old names (`Europe/Kyiv` comes back
 * `Europe/Kiev`, `Asia/Kolkata` `Asia/Calcutta`, `EST5EDT` `America/New_York`), so its answer serves only to fix
 * the case of a name that is its own answer. The case comes from Intl's list of zones when the name is in it, else
 * from Intl's answer when that is the same name, else the name is kept as typed. Undefined when Intl does not know
 * the zone (luxon, which reads zones through Intl, agrees).
 */
export function timeZoneSpelling(typed: string): string | undefined {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: typed }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  const lower = typed.toLowerCase();
  return KNOWN.get(lower) ?? (resolved.toLowerCase() === lower ? resolved : typed);
}
