// A small XML reader for the Oktell server's "oktellxmlmapper" replies (protocols.md §3.1).
// Chrome's extension service worker has no DOMParser, so this reads tags, attributes, text and
// CDATA by hand. It is lenient the way a screen-pop must be: a stray end tag or an unknown entity
// never throws; what cannot be read as XML at all is reported as undefined.
//
// Shapes seen in public sources (the V1 wiki diff, C# helpers that call the Web-API):
//   <?xml version="1.0" encoding="utf-16"?>
//   <oktellxmlmapper version="80710">
//     <data name="result" count="1">
//       <property_set name="execsvcscript">
//         <property_simple key="started" value="1" name="success" />
//         <property_cdata key="returnvalue"><![CDATA[abcdef]]></property_cdata>
//       </property_set>
//     </data>
//   </oktellxmlmapper>

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** The element's own text and CDATA, entities decoded, not trimmed. */
  text: string;
}

/** Guards against pathological input: Oktell replies are a few kilobytes. */
const MAX_ELEMENTS = 20_000;
const MAX_DEPTH = 64;

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[entity] ?? whole;
  });
}

const ATTRIBUTE = /([^\s=/>"']+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>/]+)))?/g;

function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(ATTRIBUTE)) {
    const name = match[1]!;
    if (Object.hasOwn(attributes, name)) continue;
    attributes[name] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

/**
 * The document's root element, or undefined when the text is not XML (an HTML error page still
 * parses: callers check the root's name). Names keep their case; Oktell's are lowercase.
 */
export function parseXml(source: string): XmlElement | undefined {
  const text = source.replace(/^\uFEFF/, '');
  if (!/^\s*</.test(text)) return undefined;
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let count = 0;
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('<', i);
    const top = stack[stack.length - 1]!;
    if (open < 0) {
      top.text += decodeEntities(text.slice(i));
      break;
    }
    if (open > i) top.text += decodeEntities(text.slice(i, open));
    if (text.startsWith('<!--', open)) {
      const end = text.indexOf('-->', open + 4);
      i = end < 0 ? text.length : end + 3;
    } else if (text.startsWith('<![CDATA[', open)) {
      const end = text.indexOf(']]>', open + 9);
      top.text += text.slice(open + 9, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end + 3;
    } else if (text.startsWith('<?', open)) {
      const end = text.indexOf('?>', open + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (text.startsWith('<!', open)) {
      const end = text.indexOf('>', open + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (text[open + 1] === '/') {
      const end = text.indexOf('>', open + 2);
      const name = text.slice(open + 2, end < 0 ? text.length : end).trim();
      // Close up to the matching element; an end tag that matches nothing open is ignored.
      const at = stack.map((e) => e.name).lastIndexOf(name);
      if (at > 0) stack.length = at;
      i = end < 0 ? text.length : end + 1;
    } else {
      const end = findTagEnd(text, open + 1);
      if (end < 0) break; // a truncated tag: keep what was read
      let inner = text.slice(open + 1, end);
      const selfClosing = inner.endsWith('/');
      if (selfClosing) inner = inner.slice(0, -1);
      const nameMatch = /^[^\s/>]+/.exec(inner);
      i = end + 1;
      if (!nameMatch) {
        top.text += '<';
        i = open + 1;
        continue;
      }
      if (++count > MAX_ELEMENTS) break;
      const element: XmlElement = {
        name: nameMatch[0],
        attributes: parseAttributes(inner.slice(nameMatch[0].length)),
        children: [],
        text: '',
      };
      top.children.push(element);
      if (!selfClosing && stack.length < MAX_DEPTH) stack.push(element);
    }
  }
  return root.children[0];
}

/** The ">" that ends a start tag, skipping ">" inside quoted attribute values. */
function findTagEnd(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
}

/** Every element below `element` (depth first, document order). */
export function* descendants(element: XmlElement): Generator<XmlElement> {
  for (const child of element.children) {
    yield child;
    yield* descendants(child);
  }
}

/**
 * A body that was UTF-16LE on the wire but decoded as UTF-8 (fetch's Response.text() always
 * decodes UTF-8, whatever the XML declaration says): every other character is U+0000, the BOM
 * became two U+FFFD. The Oktell web server is .NET, whose strings are UTF-16 and whose XML
 * declaration says so; whether it also sends UTF-16 bytes is not known [?], so both are read.
 * Every code unit whose two bytes are below 0x80 survives the wrong decoding (ASCII, and the
 * Cyrillic block U+0400–U+047F), and is put back together here; anything else becomes U+FFFD.
 */
export function repairMisdecodedUtf16(body: string): string {
  const text = body.replace(/^\uFFFD\uFFFD/, '');
  const sample = text.slice(0, 200);
  let zeros = 0;
  for (let i = 1; i < sample.length; i += 2) if (sample.charCodeAt(i) === 0) zeros++;
  if (sample.length < 4 || zeros < sample.length / 4) return body;
  let out = '';
  for (let i = 0; i + 1 < text.length; i += 2) {
    const lo = text.charCodeAt(i);
    const hi = text.charCodeAt(i + 1);
    out += lo < 0x80 && hi < 0x80 ? String.fromCharCode(lo | (hi << 8)) : '\uFFFD';
  }
  return out;
}
