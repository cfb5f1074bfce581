// The XML reader on replies shaped like the Oktell server's (protocols.md §3.1, public C# helpers).
import { describe, expect, it } from 'vitest';
import { readOktellMapper } from '../../../../src/drivers/oktell/mapper.ts';
import { decodeEntities, parseXml, repairMisdecodedUtf16 } from '../../../../src/drivers/oktell/xml.ts';

const EXECSVCSCRIPT = `<?xml version="1.0" encoding="utf-16"?>
<oktellxmlmapper version="80710">
  <data name="result" count="1">
    <property_set name="execsvcscript">
      <property_simple key="started" value="1" name="success" />
      <property_simple key="startresult" value="0" name="success" />
      <property_simple key="returnvalue" name="abcdef" />
    </property_set>
  </data>
</oktellxmlmapper>`;

const USERSTATE = `<?xml version="1.0" encoding="utf-16"?>\r\n<oktellxmlmapper version="80710">\r\n  <data name="userstate" count="1">\r\n    <property_set name="user" id="f947931e-cddf-4ba4-bd0b-6e9171ba5824">\r\n      <property_simple key="id" value="f947931e-cddf-4ba4-bd0b-6e9171ba5824" />\r\n      <property_simple key="state" value="1" name="usReady" />\r\n    </property_set>\r\n  </data>\r\n</oktellxmlmapper>\r\n`;

const CALLINFO = `\uFEFF<?xml version="1.0" encoding="utf-16"?>
<!-- the desktop client's getcurrentcallinfo -->
<oktellxmlmapper version="80710"><data name="currentcallinfo" count="1"><property_set name="call">
<property_simple key="mode" value="ringing" /><property_simple key="number" value="+74951234567"/>
<property_cdata key="name"><![CDATA[ООО «Ромашка» & <Co>]]></property_cdata>
<property_simple key='note' value='a &quot;quoted&quot; &amp; &#1071;&#x44F; &unknown; value > 1'/>
</property_set></data></oktellxmlmapper>`;

describe('parseXml', () => {
  it('reads elements, attributes in either quote, CDATA, entities, comments and the declaration', () => {
    const root = parseXml(CALLINFO)!;
    expect(root.name).toBe('oktellxmlmapper');
    const set = root.children[0]!.children[0]!;
    expect(set.attributes).toEqual({ name: 'call' });
    expect(set.children.map((c) => c.name)).toEqual(['property_simple', 'property_simple', 'property_cdata', 'property_simple']);
    expect(set.children[2]!.text).toBe('ООО «Ромашка» & <Co>');
    expect(set.children[3]!.attributes.value).toBe('a "quoted" & Яя &unknown; value > 1');
  });

  it('is lenient with stray end tags and truncated documents, and refuses what is not XML', () => {
    expect(parseXml('<a><b></c></b><d/></a>')!.children.map((c) => c.name)).toEqual(['b', 'd']);
    expect(parseXml('<oktellxmlmapper><data name="x"><property_simple key="k" val')!.children[0]!.attributes).toEqual({ name: 'x' });
    expect(parseXml('')).toBeUndefined();
    expect(parseXml('{"json":true}')).toBeUndefined();
    expect(parseXml('Unauthorized')).toBeUndefined();
  });

  it('decodes the XML entities and numeric references, leaving unknown ones', () => {
    expect(decodeEntities('&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&nbsp;')).toBe('<>&"\'AB&nbsp;');
  });
});

describe('readOktellMapper', () => {
  it('flattens properties with their set, value, name and CDATA text', () => {
    const doc = readOktellMapper(EXECSVCSCRIPT)!;
    expect(doc.version).toBe('80710');
    expect(doc.dataNames).toEqual(['result']);
    expect(doc.properties).toEqual([
      { key: 'started', value: '1', name: 'success', text: '', set: 'execsvcscript' },
      { key: 'startresult', value: '0', name: 'success', text: '', set: 'execsvcscript' },
      { key: 'returnvalue', value: '', name: 'abcdef', text: '', set: 'execsvcscript' },
    ]);
    expect(readOktellMapper(USERSTATE)!.properties.find((p) => p.key === 'state')).toMatchObject({ value: '1', name: 'usReady', set: 'user' });
    expect(readOktellMapper(CALLINFO)!.properties.find((p) => p.key === 'name')!.text).toBe('ООО «Ромашка» & <Co>');
  });

  it('says undefined for an HTML page or a different XML document', () => {
    expect(readOktellMapper('<!DOCTYPE html><html><head><title>401</title></head><body>Unauthorized</body></html>')).toBeUndefined();
    expect(readOktellMapper('<?xml version="1.0"?><error>nope</error>')).toBeUndefined();
  });

  it('reads a reply that really was UTF-16 but was decoded as UTF-8 by fetch', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(USERSTATE.replace('usReady', 'Готов'), 'utf16le')]);
    const misread = new TextDecoder('utf-8').decode(utf16);
    expect(misread).toContain('\u0000');
    const doc = readOktellMapper(misread)!;
    expect(doc.properties.find((p) => p.key === 'state')).toMatchObject({ value: '1', name: 'Готов' });
  });

  it('leaves ordinary text alone', () => {
    expect(repairMisdecodedUtf16(USERSTATE)).toBe(USERSTATE);
    expect(repairMisdecodedUtf16('')).toBe('');
  });
});
