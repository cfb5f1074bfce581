// The "oktellxmlmapper" document the Oktell server's Web-API answers with (protocols.md §3.1),
// flattened into the properties a driver looks at. See xml.ts for the shapes seen in public
// sources: <data name=…> holding <property_set name=…> holding <property_simple key value name/>
// and <property_cdata key><![CDATA[…]]></property_cdata>.
import { descendants, parseXml, repairMisdecodedUtf16, type XmlElement } from './xml.ts';

export interface MapperProperty {
  readonly key: string;
  readonly value: string;
  /** property_simple's `name` attribute: a symbolic value ("success", "usReady"). */
  readonly name: string;
  /** property_cdata's content (or any text inside the element), trimmed. */
  readonly text: string;
  /** `name` of the enclosing property_set, '' when none. */
  readonly set: string;
}

export interface MapperDocument {
  readonly version: string;
  /** `name` of every <data> element, in order ("result", "userstate", …). */
  readonly dataNames: readonly string[];
  readonly properties: readonly MapperProperty[];
}

function collect(element: XmlElement, set: string, out: MapperProperty[]): void {
  for (const child of element.children) {
    const name = child.name.toLowerCase();
    if (name === 'property_set') {
      collect(child, child.attributes.name ?? '', out);
    } else if (name.startsWith('property')) {
      out.push({
        key: child.attributes.key ?? '',
        value: child.attributes.value ?? '',
        name: child.attributes.name ?? '',
        text: child.text.trim(),
        set,
      });
      collect(child, set, out);
    } else {
      collect(child, set, out);
    }
  }
}

/** The document when `body` is an oktellxmlmapper reply; undefined for anything else (HTML, JSON, empty). */
export function readOktellMapper(body: string): MapperDocument | undefined {
  const root = parseXml(repairMisdecodedUtf16(body));
  if (!root || root.name.toLowerCase() !== 'oktellxmlmapper') return undefined;
  const properties: MapperProperty[] = [];
  collect(root, '', properties);
  const dataNames = [...descendants(root)].filter((e) => e.name.toLowerCase() === 'data').map((e) => e.attributes.name ?? '');
  return { version: root.attributes.version ?? '', dataNames, properties };
}

/** The first property with one of these keys (case-insensitive). */
export function findProperty(doc: MapperDocument, ...keys: string[]): MapperProperty | undefined {
  const wanted = keys.map((k) => k.toLowerCase());
  for (const key of wanted) {
    const found = doc.properties.find((p) => p.key.toLowerCase() === key);
    if (found) return found;
  }
  return undefined;
}
