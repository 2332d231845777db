// Writes OpenDocument spreadsheets for the tests as LibreOffice lays them out: the mimetype first
// and stored, then content.xml (and styles.xml, a manifest) deflated.
import { writeFileSync } from 'node:fs';

import JSZip from 'jszip';

export const ODS_NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
  'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"',
  'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"',
].join(' ');

/** content.xml around the given automatic styles and tables. */
export function odsContent(styles: string, tables: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content ${ODS_NS} office:version="1.3"><office:automatic-styles>${styles}</office:automatic-styles><office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document-content>`;
}

export async function writeOds(file: string, parts: { content: string; styles?: string; manifest?: string }): Promise<void> {
  const zip = new JSZip();
  zip.file('mimetype', 'application/vnd.oasis.opendocument.spreadsheet', { compression: 'STORE' });
  zip.file('content.xml', parts.content);
  if (parts.styles) zip.file('styles.xml', parts.styles);
  zip.file(
    'META-INF/manifest.xml',
    parts.manifest ??
      `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`,
  );
  writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

/** A string cell; `repeat` as table:number-columns-repeated. */
export const s = (text: string) =>
  `<table:table-cell office:value-type="string" calcext:value-type="string"><text:p>${text}</text:p></table:table-cell>`;
/** Blank cells, as LibreOffice pads a row to its sheet's width. */
export const blank = (n = 1) => (n === 1 ? '<table:table-cell/>' : `<table:table-cell table:number-columns-repeated="${n}"/>`);
export const row = (...cells: string[]) => `<table:table-row table:style-name="ro1">${cells.join('')}</table:table-row>`;
