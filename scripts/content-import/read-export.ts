import { open } from 'node:fs/promises';
import { extname } from 'node:path';

/** One page of the website is a few KB; a larger file is not one page, and is not read into memory. */
export const EXPORT_MAX_BYTES = 1024 * 1024;

/** Bad input, told on one console line as `file: message`; nothing is written. */
export class ExportError extends Error {}

export interface Export {
  text: string;
  html: boolean;
}

/** Reads an export, refusing a missing, empty, binary or huge file with a message that says which. */
export async function readExport(file: string): Promise<Export> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new ExportError(error.code === 'ENOENT' ? 'no such file' : `cannot be read (${error.code ?? error.message})`);
  });
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new ExportError('is a folder, not an export file');
    if (stats.size > EXPORT_MAX_BYTES) {
      throw new ExportError(`is ${stats.size} bytes, more than 1 MB: an export of one page is a few KB`);
    }
    // Read at most one byte past the limit, in case the file grew since stat.
    const buffer = Buffer.alloc(EXPORT_MAX_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > EXPORT_MAX_BYTES) throw new ExportError('is more than 1 MB: an export of one page is a few KB');
    const bytes = buffer.subarray(0, bytesRead);
    const text = decode(bytes);
    if (!text.trim()) throw new ExportError('is empty');
    return { text, html: isHtml(file, text) };
  } finally {
    await handle.close();
  }
}

function decode(bytes: Buffer): string {
  const binary = new ExportError(
    'is not a text file (binary, or not UTF-8): export the page as plain text, or save it from the browser as HTML',
  );
  if (bytes.includes(0)) throw binary;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw binary;
  }
}

/** By its name, or by how a saved page begins; the HTML itself is only ever read by the parser. */
function isHtml(file: string, text: string): boolean {
  if (['.html', '.htm', '.xhtml'].includes(extname(file).toLowerCase())) return true;
  const start = text.trimStart().slice(0, 15).toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html');
}
