// The per-site switch's host list.
import { describe, expect, it } from 'vitest';
import { isSiteDisabled, normaliseSite, withSite } from '../../../src/content/sites.ts';

describe('sites', () => {
  it('keeps hosts the way a person thinks of a site', () => {
    expect(normaliseSite('https://CRM.Example.com:8443/deals?id=1')).toBe('crm.example.com');
    expect(normaliseSite('www.example.com.')).toBe('example.com');
    expect(normaliseSite(' user@intranet.local ')).toBe('intranet.local');
    expect(normaliseSite('[::1]:8080')).toBe('[::1]');
    expect(normaliseSite('')).toBe('');
  });

  it('turns Ringside off on a listed site and its sub-domains only', () => {
    const list = ['example.com', 'https://crm.other.org/'];
    expect(isSiteDisabled('example.com', list)).toBe(true);
    expect(isSiteDisabled('www.example.com', list)).toBe(true);
    expect(isSiteDisabled('mail.example.com', list)).toBe(true);
    expect(isSiteDisabled('notexample.com', list)).toBe(false);
    expect(isSiteDisabled('crm.other.org', list)).toBe(true);
    expect(isSiteDisabled('other.org', list)).toBe(false);
    expect(isSiteDisabled('', list)).toBe(false);
  });

  it('switches a site off once and on again, parent entries included', () => {
    const off = withSite([], 'crm.example.com', true);
    expect(off).toEqual(['crm.example.com']);
    expect(withSite(off, 'crm.example.com', true)).toEqual(off);
    expect(withSite(['example.com', 'other.org'], 'crm.example.com', false)).toEqual(['other.org']);
  });
});
