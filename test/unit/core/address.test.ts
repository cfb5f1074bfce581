import { describe, expect, it } from 'vitest';
import { originPattern, parseDeviceAddress } from '../../../src/core/address.ts';

const origin = (input: string) => {
  const r = parseDeviceAddress(input);
  return r.ok ? r.address.origin : `ERR:${r.error.key}`;
};

describe('parseDeviceAddress', () => {
  it.each([
    ['192.168.1.50', 'http://192.168.1.50'],
    ['192.168.1.50:8080', 'http://192.168.1.50:8080'],
    ['http://192.168.1.50/', 'http://192.168.1.50'],
    ['HTTPS://Phone.Office.local', 'https://phone.office.local'],
    ['https://10.0.0.5:443', 'https://10.0.0.5'],
    ['http://10.0.0.5:80', 'http://10.0.0.5'],
    ['  gxp2170  ', 'http://gxp2170'],
  ])('accepts %j as %j', (input, expected) => {
    expect(origin(input)).toBe(expected);
  });

  it.each([
    ['', 'errAddressEmpty'],
    ['192.168.1 .50', 'errAddressSpaces'],
    ['htp://192.168.1.50', 'errAddressScheme'],
    ['ftp://192.168.1.50', 'errAddressScheme'],
    ['http:/192.168.1.50', 'errAddressScheme'],
    ['192.168.1.50/cgi-bin/api-get_line_status', 'errAddressPath'],
    ['http://192.168.1.50/admin', 'errAddressPath'],
    ['admin:pw@192.168.1.50', 'errAddressPath'],
    ['192.168.1.500', 'errAddressInvalid'],
    ['192.168.1.50:99999', 'errAddressPort'],
    ['192.168.1.50:', 'errAddressPort'],
    ['phone_1.local', 'errAddressInvalid'],
  ])('refuses %j with %s', (input, key) => {
    expect(origin(input)).toBe(`ERR:${key}`);
  });

  it('asks for host access to that device only', () => {
    const r = parseDeviceAddress('192.168.1.50:8080');
    expect(r.ok && originPattern(r.address)).toBe('http://192.168.1.50/*');
  });
});
