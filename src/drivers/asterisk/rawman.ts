// AJAM /rawman bodies → AMI packets (shared/reference/protocols.md §2.5; the raw replies in
// shared/reference/asterisk-ajam-transcripts.md). A body is one or more packets of `Key: Value`
// lines, each packet ended by a blank line; on the wire every line ends with CRLF.
//
// What the parser tolerates, and why:
// - CRLF, LF or lone CR line ends (proxies and test tools rewrite them);
// - the EMPTY body of a WaitEvent kicked by a newer one on the same session (transcripts §2
//   "Two WaitEvent requests at once") → no packets;
// - values containing ':' or ': ' (`Hint: Custom:101`, `CallerID: "ACME Ltd" <74952294989>`):
//   a line is split on its FIRST ': ' (or, failing that, its first ':'), like astman_get_header;
// - a line without any ':' — the raw output of an old `Command` action (`Response: Follows` …
//   `--END COMMAND--`, §2.5) or an HTML error page — is KEPT as a field with an empty name, so that
//   nothing is lost, but it never becomes a header;
// - trailing whitespace (`AccountCode: ` is sent with a trailing space: transcripts §3);
// - repeated names (ChanVariable, Variable): every line is kept in `fields`, the FIRST value wins in
//   `headers`;
// - unknown events and fields: kept as they are.

export interface AmiPacket {
  /** Header names lower-cased (AMI names are case-insensitive, §2.3); the first value wins. */
  readonly headers: Readonly<Record<string, string>>;
  /** Every line in order, names as sent; a line without ':' has the name ''. */
  readonly fields: readonly (readonly [name: string, value: string])[];
}

export function parseRawmanPackets(body: string): AmiPacket[] {
  const packets: AmiPacket[] = [];
  let fields: [string, string][] = [];
  for (const rawLine of body.split(/\r\n|\n|\r/)) {
    const line = rawLine.trimEnd();
    if (line === '') {
      if (fields.length > 0) packets.push(packetOf(fields));
      fields = [];
      continue;
    }
    fields.push(splitLine(line));
  }
  if (fields.length > 0) packets.push(packetOf(fields));
  return packets;
}

function splitLine(line: string): [string, string] {
  let at = line.indexOf(': ');
  let separator = 2;
  if (at < 0) {
    at = line.indexOf(':');
    separator = 1;
  }
  // No name before a colon: free text (old Command output, an HTML page), not a header.
  if (at <= 0) return ['', line];
  return [line.slice(0, at).trim(), line.slice(at + separator).trim()];
}

function packetOf(fields: [string, string][]): AmiPacket {
  // A null-prototype object: a header named "__proto__" or "constructor" is just a header.
  const headers = Object.create(null) as Record<string, string>;
  for (const [name, value] of fields) {
    if (name === '') continue;
    const key = name.toLowerCase();
    if (!(key in headers)) headers[key] = value;
  }
  return { headers, fields };
}

/** The value as sent, '' when the packet has no such header. */
export function readRawField(packet: AmiPacket, name: string): string {
  return packet.headers[name.toLowerCase()] ?? '';
}

/**
 * The value with Asterisk's placeholders removed: Asterisk 12+ renders an empty caller or
 * connected line as `<unknown>` (§2.10), Asterisk 11 as '' (§2.11). Both mean "nothing".
 */
export function readField(packet: AmiPacket, name: string): string {
  const value = readRawField(packet, name);
  return value === '<unknown>' ? '' : value;
}

/** Every value of a repeated header (ChanVariable, Variable), in order. */
export function readFieldValues(packet: AmiPacket, name: string): string[] {
  const key = name.toLowerCase();
  return packet.fields.filter(([n]) => n.toLowerCase() === key).map(([, value]) => value);
}

/** The Event header ('' for a response packet). */
export function eventName(packet: AmiPacket): string {
  return readRawField(packet, 'Event');
}

export function eventsOf(packets: readonly AmiPacket[]): AmiPacket[] {
  return packets.filter((p) => eventName(p) !== '');
}

export interface AmiResponse {
  /** 'Success' | 'Error' | 'Goodbye' | 'Follows' (old Command) | anything newer. */
  readonly response: string;
  readonly message: string;
  readonly actionId: string;
  readonly packet: AmiPacket;
}

/**
 * The reply to the action itself. Not simply "the packet with a Response header": the
 * OriginateResponse EVENT also carries `Response: Success|Failure` (transcripts §4), so packets
 * with an Event header are skipped. A kicked WaitEvent has none (→ undefined).
 */
export function responseOf(packets: readonly AmiPacket[]): AmiResponse | undefined {
  const packet = packets.find((p) => readRawField(p, 'Response') !== '' && eventName(p) === '');
  if (!packet) return undefined;
  return {
    response: readRawField(packet, 'Response'),
    message: readRawField(packet, 'Message'),
    actionId: readRawField(packet, 'ActionID'),
    packet,
  };
}
