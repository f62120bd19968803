import { z } from 'zod';

/** Discord caps choice names and descriptions at 100 characters; titles and summaries are shown there. */
export const TITLE_MAX = 100;
export const SUMMARY_MAX = 100;
/** The slug travels inside custom_ids (100 characters in all) with a prefix and a section key. */
export const SLUG_MAX = 64;
export const ALIAS_MAX = 100;
/** The source is the url of the page's link button, which Discord caps at 512 characters (components/reference). */
export const SOURCE_MAX = 512;
/**
 * A section is shown in one embed, of which Discord carries at most 6,000 characters per message (the bot shows
 * the first 3,500 and points to the full page). Longer text cannot be read in Discord anyway, and the limit bounds
 * the work of every search and excerpt of the section.
 */
export const SECTION_MAX_CHARS = 6_000;
/** Five full sections in any script (at most 4 bytes a character) and the front matter fit; checked before parsing. */
export const PAGE_MAX_BYTES = 128 * 1024;

/**
 * Starts what `npm run content:import` could not know or place (a front matter value, a line in the text), so that
 * a half-made page is refused until an editor fills it in: it can never go live by accident.
 */
export const IMPORT_TODO = 'IMPORT TODO:';

/** What RFC 3986 allows after the host, `%` only as the start of an escape (checked apart). */
const URI_TAIL_CHAR = /[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/;

/**
 * The URL as Discord takes one (format: uri, RFC 3986): WHATWG's href already escapes spaces and letters outside
 * ASCII and lowers the scheme and host, but leaves `[ ] | ^ { } \` ` in a path or query, a `%` not starting an escape
 * and a second `#` as typed (a PubMed search, `?term=ketamine[Title]|esketamine`, is such a URL); those are escaped
 * too. The address is the same one.
 */
export function asUri(url: string): string {
  const href = new URL(url).href;
  const pathStart = href.indexOf('/', href.indexOf('//') + 2);
  if (pathStart < 0) return href;
  const fragmentAt = href.indexOf('#', pathStart);
  const escapeTail = (text: string) =>
    [...text]
      .map((char, i, chars) => {
        if (char === '%') return /^[0-9A-Fa-f]{2}$/.test(`${chars[i + 1] ?? ''}${chars[i + 2] ?? ''}`) ? char : '%25';
        return URI_TAIL_CHAR.test(char) ? char : encodeURIComponent(char);
      })
      .join('');
  const beforeFragment = fragmentAt < 0 ? href.slice(pathStart) : href.slice(pathStart, fragmentAt);
  const fragment = fragmentAt < 0 ? '' : `#${escapeTail(href.slice(fragmentAt + 1))}`;
  return `${href.slice(0, pathStart)}${escapeTail(beforeFragment)}${fragment}`;
}

const line = (max: number) =>
  z
    .string({ error: 'is required (text)' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, { error: (issue) => `must be at most ${max} characters (is ${String(issue.input).length})` })
    .refine((text) => !/[\r\n]/.test(text), 'must be one line');

export const frontMatterSchema = z.strictObject(
  {
    title: line(TITLE_MAX),
    slug: z
      .string({ error: 'is required (lowercase words joined by hyphens, same as the file name)' })
      .max(SLUG_MAX, `must be at most ${SLUG_MAX} characters`)
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters and digits joined by single hyphens'),
    aliases: z.array(line(ALIAS_MAX), { error: 'must be a list of names' }).max(20, 'at most 20 aliases').default([]),
    summary: line(SUMMARY_MAX),
    tags: z.array(line(40), { error: 'must be a list of words' }).max(10, 'at most 10 tags').default([]),
    // Served as Discord receives a URL (asUri). It is the Full page button's url, so its limit counts that form.
    source: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .transform(asUri)
      .pipe(
        z.string().max(SOURCE_MAX, {
          error: (issue) =>
            `must be at most ${SOURCE_MAX} characters as a URL, spaces and letters outside ASCII %-encoded (is ${String(issue.input).length})`,
        }),
      )
      .optional(),
    last_reviewed: z.iso.date({
      error: (issue) =>
        issue.input === undefined ? 'is required (YYYY-MM-DD)' : 'must be a real date written YYYY-MM-DD',
    }),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? 'is not a known field' : 'must be a YAML mapping') },
);

export type FrontMatter = z.output<typeof frontMatterSchema>;
