// Per-site switches: the host names in settings.pages.disabledSites (written by the popup's
// switch and the options page's list). Shared by the content script and the popup.

/**
 * A host as the list keeps it: lower case, without scheme, port, path, trailing dot or "www.".
 * Lenient with what a person types into the options list ("https://CRM.example.com/deals").
 */
export function normaliseSite(input: string): string {
  let host = input.trim().toLowerCase();
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  host = host.split(/[/?#]/, 1)[0] ?? '';
  host = host.replace(/^[^@]*@/, '');
  // A port, but not the colons of an IPv6 literal in brackets.
  host = host.startsWith('[') ? host.replace(/^(\[[^\]]*\]).*$/, '$1') : host.replace(/:\d*$/, '');
  host = host.replace(/\.$/, '').replace(/^www\./, '');
  return host;
}

/**
 * True when `host` or a site it belongs to is in the list: "example.com" also turns Ringside off
 * on "crm.example.com" (a person thinks of the site, not of its sub-domains).
 */
export function isSiteDisabled(host: string, disabledSites: readonly string[]): boolean {
  const site = normaliseSite(host);
  if (!site) return false;
  for (const entry of disabledSites) {
    const listed = normaliseSite(entry);
    if (!listed) continue;
    if (site === listed || site.endsWith(`.${listed}`)) return true;
  }
  return false;
}

/** The list with `host` switched on or off. Turning a site on also removes parent entries that covered it. */
export function withSite(disabledSites: readonly string[], host: string, disabled: boolean): string[] {
  const site = normaliseSite(host);
  if (!site) return [...disabledSites];
  if (disabled) return isSiteDisabled(site, disabledSites) ? [...disabledSites] : [...disabledSites, site];
  return disabledSites.filter((entry) => {
    const listed = normaliseSite(entry);
    return !(site === listed || site.endsWith(`.${listed}`));
  });
}
