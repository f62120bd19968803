import type { IncomingMessage } from 'node:http';
import type { UploadedFile } from './types.js';

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface ParsedBody {
  body: unknown;
  files: UploadedFile[];
  /** Set when the body could not be parsed; Discord answers 400 then. */
  error?: string;
}

const CRLF2 = Buffer.from('\r\n\r\n');

/** multipart/form-data as @discordjs/rest sends it: a payload_json part and files[n] parts. */
function parseMultipart(raw: Buffer, boundary: string): ParsedBody {
  const delimiter = Buffer.from(`--${boundary}`);
  const files: UploadedFile[] = [];
  const fields: Record<string, string> = {};
  let body: unknown;
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (raw[partStart] === 0x2d && raw[partStart + 1] === 0x2d) break; // closing "--"
    const end = raw.indexOf(delimiter, partStart);
    if (end === -1) break;
    const part = raw.subarray(partStart + 2, end - 2); // strip the CRLF after the delimiter and before the next
    const headerEnd = part.indexOf(CRLF2);
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const data = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      if (filename !== undefined) files.push({ name: filename, data: Buffer.from(data) });
      else if (name === 'payload_json') body = JSON.parse(data.toString('utf8'));
      else fields[name] = data.toString('utf8');
    }
    start = end;
  }
  return { body: body ?? (Object.keys(fields).length > 0 ? fields : undefined), files };
}

export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  if (raw.length === 0) return { body: undefined, files: [] };
  try {
    if (contentType?.startsWith('multipart/form-data')) {
      const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
      return parseMultipart(raw, (boundary?.[1] ?? boundary?.[2] ?? '').trim());
    }
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  } catch (error) {
    return { body: raw.toString('utf8'), files: [], error: (error as Error).message };
  }
}
