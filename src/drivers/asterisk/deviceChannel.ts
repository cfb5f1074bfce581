// Which Asterisk channels are the user's own phone, and the call ids derived from them
// (shared/reference/protocols.md §2.12; asterisk-ajam-transcripts.md "Key observations", last item).

export interface DeviceIdentity {
  /** What Originate rings: 'PJSIP/101', 'SIP/101', or the lab's 'Local/101@phones'. */
  readonly device: string;
  /** The user's extension number, e.g. '101'. */
  readonly extension: string;
}

/**
 * A channel of device `Tech/resource` is named `Tech/resource-<hex sequence>` (`PJSIP/101-0000000a`,
 * `SIP/101-00000003`); a Local "device" has two halves, `Local/101@phones-0000000a;1` and `…;2`.
 * Only `;1` counts: it is the half that is dialled, rings, answers and is bridged, with
 * CallerIDNum=101 and ConnectedLineNum=the other party; `;2` is the "handset" side running the
 * dialplan (transcripts §3/§4). Requiring hex after the dash keeps `PJSIP/101-backup-…` and
 * `PJSIP/1010-…` out. The technology is compared case-insensitively (users type `pjsip/101`).
 */
export function deviceChannelMatcher(device: string): (channel: string) => boolean {
  const trimmed = device.trim();
  const slash = trimmed.indexOf('/');
  if (slash <= 0) return () => false;
  const tech = trimmed.slice(0, slash).toLowerCase();
  // 'Local/101@phones/n' is dialled with options after a second '/'; the channel name has none.
  const resource = trimmed.slice(slash + 1).split('/')[0] ?? '';
  if (resource === '') return () => false;
  const suffix = tech === 'local' ? /^[0-9a-f]+;1$/i : /^[0-9a-f]+$/i;
  return (channel) => {
    const at = channel.indexOf('/');
    if (at <= 0 || channel.slice(0, at).toLowerCase() !== tech) return false;
    const rest = channel.slice(at + 1);
    if (!rest.startsWith(`${resource}-`)) return false;
    return suffix.test(rest.slice(resource.length + 1));
  };
}

const CALL_ID_PREFIX = 'ast-';

/**
 * The call id is the Uniqueid of the device's channel (e.g. `ast-1795239040.20`): Asterisk never
 * reuses it, and a restarted background re-derives the same id from the next event of that
 * channel, so a call is neither lost nor reported twice (DESIGN.md "Never miss, never repeat").
 */
export function callIdFor(uniqueid: string): string {
  return `${CALL_ID_PREFIX}${uniqueid}`;
}

export function uniqueidOfCallId(callId: string): string | undefined {
  return callId.startsWith(CALL_ID_PREFIX) && callId.length > CALL_ID_PREFIX.length
    ? callId.slice(CALL_ID_PREFIX.length)
    : undefined;
}
