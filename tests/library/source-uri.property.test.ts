import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asUri } from '../../src/library/page-schema.js';

// Both packages are CommonJS with `exports.default`, as in tests/support/openapi-validator.ts.
const Ajv2020 = ((Ajv2020Module as { default?: typeof Ajv2020Module.default }).default ??
  Ajv2020Module) as typeof Ajv2020Module.default;
const addFormats = ((addFormatsModule as { default?: typeof addFormatsModule.default }).default ??
  addFormatsModule) as typeof addFormatsModule.default;
const ajv = addFormats(new Ajv2020());
/** Discord's OpenAPI description gives a button's and an embed's url `format: uri`, as the tests' validator checks. */
const isUri = ajv.compile({ type: 'string', format: 'uri' });

/** Text an editor might paste after a host: any printable characters, spaces, `%`, `#`, brackets, letters of any script. */
const tail = fc.string({
  unit: fc.constantFrom(...' /?#%[]|^{}\\`"<>~!$&\'()*+,;=:@aZ09-._éü静😀'.split('')),
  maxLength: 40,
});

describe('a page source as Discord takes it', () => {
  it('is a URI for any address after an http(s) host, and stays as it is when read again', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('https://example.org', 'http://Sub.Example.org:8080', 'https://[::1]'),
        tail,
        (host, rest) => {
          let given: URL;
          try {
            given = new URL(`${host}/${rest}`);
          } catch {
            return;
          }
          const uri = asUri(given.href);
          expect(isUri(uri), uri).toBe(true);
          expect(asUri(uri)).toBe(uri);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('escapes what a PubMed search leaves as typed', () => {
    expect(asUri('https://pubmed.ncbi.nlm.nih.gov/?term=ketamine[Title]|esketamine')).toBe(
      'https://pubmed.ncbi.nlm.nih.gov/?term=ketamine%5BTitle%5D%7Cesketamine',
    );
    expect(asUri('https://example.org/100%-natural#a#b')).toBe('https://example.org/100%25-natural#a%23b');
    expect(asUri('https://example.org/a%20b')).toBe('https://example.org/a%20b');
  });
});
