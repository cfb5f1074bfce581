/**
 * The Oktell web server's reply documents ("oktellxmlmapper", reference/protocols.md §3.1): an XML
 * declaration that says utf-16 while the text is sent as UTF-8 (a .NET string serialised to a
 * UTF-8 response), <data> holding <property_set> holding <property_simple>/<property_cdata>.
 * The exact properties of wp_autocallstart are not public [?]: the simulator answers `result`
 * 1/0 with name success/error and an errormsg, which the driver must read along with anything
 * similar.
 */

export type XmlProperty =
  | { readonly kind: 'simple'; readonly key: string; readonly value: string; readonly name?: string }
  | { readonly kind: 'cdata'; readonly key: string; readonly text: string };

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function mapperDocument(dataName: string, setName: string, properties: readonly XmlProperty[]): string {
  const lines = properties.map((p) =>
    p.kind === 'simple'
      ? `      <property_simple key="${escapeAttribute(p.key)}" value="${escapeAttribute(p.value)}"${p.name !== undefined ? ` name="${escapeAttribute(p.name)}"` : ''} />`
      : `      <property_cdata key="${escapeAttribute(p.key)}"><![CDATA[${p.text.replace(/]]>/g, ']]]]><![CDATA[>')}]]></property_cdata>`,
  );
  return [
    '<?xml version="1.0" encoding="utf-16"?>',
    '<oktellxmlmapper version="80710">',
    `  <data name="${escapeAttribute(dataName)}" count="1">`,
    `    <property_set name="${escapeAttribute(setName)}">`,
    ...lines,
    '    </property_set>',
    '  </data>',
    '</oktellxmlmapper>',
    '',
  ].join('\r\n');
}

export function commandResult(command: string, ok: boolean, errorMessage = ''): string {
  return mapperDocument('result', command, [
    { kind: 'simple', key: 'result', value: ok ? '1' : '0', name: ok ? 'success' : 'error' },
    ...(ok ? [] : [{ kind: 'cdata' as const, key: 'errormsg', text: errorMessage }]),
  ]);
}

export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`;
}
