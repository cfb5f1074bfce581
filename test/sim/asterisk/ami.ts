/**
 * AMI wire primitives for the Asterisk AJAM simulator — no HTTP, no state.
 *
 * Everything here reproduces main/manager.c and main/http.c output byte for byte as recorded in
 * reference/asterisk-ajam-transcripts.md (Asterisk 22.10.1) and described in
 * reference/protocols.md §2: rawman packets (`Key: Value` CRLF lines, a blank line after each
 * packet), the `/mxml` and `/manager` translations (`xml_translate`), permission classes and event
 * masks (`strings_to_mask`), the small HTML error pages, request parameter and cookie parsing.
 */

/** One `Key: Value` line. Order matters on the wire and keys may repeat. */
export type Field = readonly [key: string, value: string];

// ---- permission classes (include/asterisk/manager.h EVENT_FLAG_*) ---------------------------------

export const CLASS_BITS = {
  system: 1 << 0,
  call: 1 << 1,
  log: 1 << 2,
  verbose: 1 << 3,
  command: 1 << 4,
  agent: 1 << 5,
  user: 1 << 6,
  config: 1 << 7,
  dtmf: 1 << 8,
  reporting: 1 << 9,
  cdr: 1 << 10,
  dialplan: 1 << 11,
  originate: 1 << 12,
  agi: 1 << 13,
  cc: 1 << 15,
  aoc: 1 << 16,
  test: 1 << 17,
  security: 1 << 18,
  message: 1 << 19,
} as const;

export type ClassName = keyof typeof CLASS_BITS;

/** `all` in manager.c is INT_MAX: every class, present and future. */
export const ALL_CLASSES = 0x7fffffff;

/** Parses a class list as in manager.conf `read=`/`write=` (`get_perm`): unknown words are ignored. */
export function classListToMask(list: string): number {
  let mask = 0;
  for (const word of list.split(',')) {
    const w = word.trim().toLowerCase();
    if (w === 'all') mask |= ALL_CLASSES;
    else if (Object.hasOwn(CLASS_BITS, w)) mask |= CLASS_BITS[w as ClassName];
  }
  return mask;
}

/** `authority_to_str`: the class names of a mask in manager.c's table order, then `all`. */
export function privilegeText(category: number): string {
  const names: string[] = (Object.keys(CLASS_BITS) as ClassName[]).filter((n) => (category & CLASS_BITS[n]) !== 0);
  names.push('all');
  return names.join(',');
}

const TRUE_WORDS = new Set(['yes', 'true', 'y', 't', '1', 'on']);
const FALSE_WORDS = new Set(['no', 'false', 'n', 'f', '0', 'off']);

/**
 * `strings_to_mask` (Login `Events=` and the `Events` action's `EventMask`): empty → -1 (invalid),
 * digits → that number, off/no/false → 0, on/yes/true → all, else a class list.
 */
export function eventMaskFromString(value: string): number {
  if (value === '') return -1;
  if (/^[0-9]+$/.test(value)) return Number.parseInt(value, 10);
  const lower = value.toLowerCase();
  if (FALSE_WORDS.has(lower)) return 0;
  if (TRUE_WORDS.has(lower)) return ALL_CLASSES;
  return classListToMask(value);
}

// ---- packets ------------------------------------------------------------------------------------

/** One rawman packet: its lines and the terminating blank line. */
export function packet(fields: readonly Field[]): string {
  return fields.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
}

/** `astman_send_response_full`: Response, ActionID (if any), Message. */
export function response(kind: 'Success' | 'Error' | 'Goodbye', actionId: string, message?: string, extra: readonly Field[] = []): string {
  const fields: Field[] = [['Response', kind]];
  if (actionId !== '') fields.push(['ActionID', actionId]);
  if (message !== undefined) fields.push(['Message', message]);
  return packet([...fields, ...extra]);
}

export function errorResponse(actionId: string, message: string): string {
  return response('Error', actionId, message);
}

// ---- /mxml and /manager: xml_translate ----------------------------------------------------------

/** `xml_copy_escape` with mode 0 (values) or mode 1|2 (XML attribute names). */
function escapeXml(text: string, attributeName: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (attributeName) {
      if (i === 0 && /[0-9]/.test(ch)) {
        out += `_${ch}`;
        continue;
      }
      if (!/[A-Za-z0-9]/.test(ch)) {
        out += '_';
        continue;
      }
      out += ch.toLowerCase();
      continue;
    }
    switch (ch) {
      case '<': out += '&lt;'; break;
      case '>': out += '&gt;'; break;
      case '"': out += '&quot;'; break;
      case "'": out += '&apos;'; break;
      case '&': out += '&amp;'; break;
      default: out += ch;
    }
  }
  return out;
}

const MANAGER_FORM =
  '<form action="manager" method="post">\n' +
  '\tAction: <select name="action">\n' +
  '\t\t<option value="">-----&gt;</option>\n' +
  '\t\t<option value="login">login</option>\n' +
  '\t\t<option value="command">Command</option>\n' +
  '\t\t<option value="waitevent">waitevent</option>\n' +
  '\t\t<option value="listcommands">listcommands</option>\n' +
  '\t</select>\n' +
  '\tor <input name="action"><br/>\n' +
  '\tCLI Command <input name="command"><br>\n' +
  '\tuser <input name="username"> pass <input type="password" name="secret"><br>\n' +
  '\t<input type="submit">\n' +
  '</form>\n';

const managerRow = (html: string): string => `<tr><td colspan="2" bgcolor="#f1f1ff">${html}</td></tr>\r\n`;

/**
 * Translates rawman output into the `/mxml` (`<ajax-response>`) or `/manager` (HTML table) body.
 * Line endings are mixed exactly as manager.c writes them (LF in XML and in table rows, CRLF after
 * the `<hr>` separator) — verified against the recorded Content-Length values.
 */
export function translateOutput(raw: string, format: 'xml' | 'html', ajaxdest = 'unknown', objtype = 'generic'): string {
  const xml = format === 'xml';
  let out = xml
    ? '<ajax-response>\n'
    : '<title>Asterisk&trade; Manager Interface</title><body bgcolor="#ffffff"><table align=center bgcolor="#f1f1f1" width="500">\r\n' +
      managerRow('<h1>Manager Tester</h1>') +
      managerRow(MANAGER_FORM);
  let inObject = false;
  let inData = false;
  let counts = new Map<string, number>();
  const closeObject = (): void => {
    if (inData) {
      out += xml ? "'" : '</td></tr>\n';
      inData = false;
    }
    out += xml ? ' /></response>\n' : '<tr><td colspan="2"><hr></td></tr>\r\n';
    inObject = false;
    counts = new Map();
  };
  const lines = raw.split(/\r\n|\r|\n/);
  // A body ends with CRLF: the last split element is the empty remainder, not a blank line.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (const rawLine of lines) {
    const line = rawLine.replace(/\s+$/, '');
    if (line === '') {
      if (inObject) closeObject();
      continue;
    }
    let name: string | null;
    let value: string;
    if (inData) {
      name = null;
      value = line;
    } else {
      const colon = line.indexOf(':');
      if (colon >= 0) {
        name = line.slice(0, colon).trim();
        value = line.slice(colon + 1).replace(/^\s+/, '');
      } else {
        name = 'Opaque-data';
        value = line;
      }
    }
    if (!inObject) {
      if (xml) out += `<response type='object' id='${ajaxdest}'><${objtype}`;
      inObject = true;
    }
    if (name !== null) {
      out += xml ? ' ' : '<tr><td>';
      const count = (counts.get(name) ?? 0) + 1;
      counts.set(name, count);
      out += escapeXml(name, xml);
      if (count > 1) out += `-${count}`;
      out += xml ? "='" : '</td><td>';
      if (name === 'Opaque-data') inData = true;
    }
    out += escapeXml(value, false);
    if (!inData) out += xml ? "'" : '</td></tr>\n';
    else out += xml ? '\n' : '<br>\n';
  }
  if (inObject) closeObject();
  out += xml ? '</ajax-response>\n' : '</table></body>\r\n';
  return out;
}

// ---- HTTP error pages (main/http.c ast_http_error) -----------------------------------------------

/** The small HTML page Asterisk sends with 401/404/413/501 (CRLF line endings). */
export function httpErrorPage(status: number, title: string, text: string, serverName: string): string {
  return (
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\r\n' +
    '<html><head>\r\n' +
    `<title>${status} ${title}</title>\r\n` +
    '</head><body>\r\n' +
    `<h1>${title}</h1>\r\n` +
    `<p>${text}</p>\r\n` +
    '<hr />\r\n' +
    `<address>${serverName}</address>\r\n` +
    '</body></html>\r\n'
  );
}

// ---- request parsing ----------------------------------------------------------------------------

/**
 * Decodes `a=1&b=2&a=3` keeping order and duplicates (Originate sends several `Variable=`).
 * `+` is a space, as in Asterisk's legacy URI decoding.
 */
export function parseFormEncoded(text: string): Field[] {
  const out: Field[] = [];
  for (const [key, value] of new URLSearchParams(text)) out.push([key, value]);
  return out;
}

/** First value of a header, case-insensitively (`astman_get_header`); '' when absent. */
export function getHeader(params: readonly Field[], name: string): string {
  const lower = name.toLowerCase();
  for (const [k, v] of params) if (k.toLowerCase() === lower) return v.trim();
  return '';
}

export function getAllHeaders(params: readonly Field[], name: string): string[] {
  const lower = name.toLowerCase();
  return params.filter(([k]) => k.toLowerCase() === lower).map(([, v]) => v);
}

/**
 * `mansession_id` from the Cookie header, quotes stripped and read as hex like
 * `sscanf("%30x")` in ast_http_manid_from_vars; null when absent or not hex.
 */
export function sessionIdFromCookie(cookieHeader: string | undefined): number | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== 'mansession_id') continue;
    const value = part.slice(eq + 1).trim().replace(/^"|"$/g, '');
    const hex = /^[0-9a-fA-F]+/.exec(value);
    if (!hex) return null;
    return Number.parseInt(hex[0].slice(-8), 16) >>> 0;
  }
  return null;
}

export function formatSessionId(id: number): string {
  return id.toString(16).padStart(8, '0');
}

// ---- small tables ------------------------------------------------------------------------------

/** main/channel.c ast_state2str. */
export const CHANNEL_STATE_DESC: Readonly<Record<number, string>> = {
  0: 'Down',
  1: 'Rsrvd',
  2: 'OffHook',
  3: 'Dialing',
  4: 'Ring',
  5: 'Ringing',
  6: 'Up',
  7: 'Busy',
  8: 'Dialing Offhook',
  9: 'Pre-ring',
};

/** main/channel.c causes[] (ast_cause2str); 0 and anything unlisted is "Unknown". */
const CAUSE_TEXT: Readonly<Record<number, string>> = {
  1: 'Unallocated (unassigned) number',
  3: 'No route to destination',
  16: 'Normal Clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  20: 'Subscriber absent',
  21: 'Call Rejected',
  26: 'Answered elsewhere',
  27: 'Destination out of order',
  28: 'Invalid number format',
  31: 'Normal, unspecified',
  34: 'Circuit/channel congestion',
};

export function causeText(cause: number): string {
  return CAUSE_TEXT[cause] ?? 'Unknown';
}

/** `Timestamp:` format of Ping and timestampevents: seconds with microseconds. */
export function amiTimestamp(ms: number): string {
  const micros = Math.round((ms % 1000) * 1000) + Math.floor(Math.random() * 1000);
  return `${Math.floor(ms / 1000)}.${String(Math.min(micros, 999_999)).padStart(6, '0')}`;
}

/**
 * `ast_callerid_parse`: `"Name" <num>`, `Name <num>`, `<num>` or a bare number/name.
 * A bare value made of dial characters is a number, anything else a name.
 */
export function parseCallerId(value: string): { num: string; name: string } {
  const angle = /^(.*?)<([^>]*)>\s*$/.exec(value);
  if (angle) {
    const name = (angle[1] ?? '').trim().replace(/^"(.*)"$/, '$1');
    return { num: (angle[2] ?? '').trim(), name };
  }
  const bare = value.trim().replace(/^"(.*)"$/, '$1');
  if (/^[0-9+*#()\- ]+$/.test(bare)) return { num: bare.replace(/[()\- ]/g, ''), name: '' };
  return { num: '', name: bare };
}
