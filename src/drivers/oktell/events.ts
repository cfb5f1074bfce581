// The Oktell WebSocket events Ringside subscribes to (protocols.md §3.3, [SRC oktell.js: the
// events it binds after login]). Each one only says "something changed on your line"; the
// driver then reads the line with getextendedlineinfo, as oktell.js does.
export const OKTELL_CALL_EVENTS: readonly string[] = [
  'phoneevent_ringstarted',
  'phoneevent_ringstopped',
  'phoneevent_commstarted',
  'phoneevent_commstopped',
  'phoneevent_acmcallstarted',
  'phoneevent_acmcallstopped',
  'linestatechanged',
  'flashstatechanged',
];

/**
 * oktell.js reads the line 500–700 ms after these rather than at once, presumably because the
 * server updates the line info a little later [SRC]; Ringside reads at once (for the screen-pop
 * latency) and once more after a short pause.
 */
export const SETTLING_EVENTS: ReadonlySet<string> = new Set([
  'linestatechanged',
  'flashstatechanged',
  'phoneevent_commstarted',
  'phoneevent_commstopped',
  'phoneevent_acmcallstopped',
]);
