/**
 * IPv4 and IPv6 addresses and CIDR blocks: parsing, formatting and matching, without allocation in the
 * IPv4 paths (the store keeps IPv4 addresses as unsigned 32-bit numbers).
 */

/** The unsigned 32-bit value of a dotted-quad IPv4 address, or -1 if the text is not one. */
export function parseIPv4(text: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) {
        return -1; // a leading zero ("010") is not a dotted quad as AWS writes it
      }
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) {
        return -1;
      }
    } else if (c === 46 && digits > 0 && dots < 3) {
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) {
    return -1;
  }
  return value * 256 + octet;
}

/** The dotted-quad text of an unsigned 32-bit IPv4 value. */
export function formatIPv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/**
 * The 128-bit value of an IPv6 address as four unsigned 32-bit words (most significant first), or
 * undefined if the text is not an IPv6 address. Accepts `::` compression, an embedded IPv4 tail
 * (`::ffff:10.0.0.1`) and a zone (`fe80::1%eth0`, ignored for matching).
 */
export function parseIPv6(text: string): Uint32Array | undefined {
  const zone = text.indexOf('%');
  const addr = zone >= 0 ? text.slice(0, zone) : text;
  if (addr.length < 2 || addr.length > 45 || !addr.includes(':')) {
    return undefined;
  }
  const groups: number[] = [];
  let tail: number[] = [];
  const halves = addr.split('::');
  if (halves.length > 2) {
    return undefined;
  }
  const parseHalf = (half: string, out: number[], allowV4: boolean): boolean => {
    if (half === '') {
      return true;
    }
    const parts = half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (allowV4 && i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIPv4(p);
        if (v4 < 0) {
          return false;
        }
        out.push(v4 >>> 16, v4 & 0xffff);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(p)) {
        return false;
      }
      out.push(parseInt(p, 16));
    }
    return true;
  };
  if (halves.length === 2) {
    if (!parseHalf(halves[0]!, groups, false) || !parseHalf(halves[1]!, tail, true)) {
      return undefined;
    }
    if (groups.length + tail.length > 7) {
      return undefined;
    }
    const fill = 8 - groups.length - tail.length;
    for (let i = 0; i < fill; i++) {
      groups.push(0);
    }
  } else {
    if (!parseHalf(addr, groups, true) || groups.length !== 8) {
      return undefined;
    }
    tail = [];
  }
  const all = groups.concat(tail);
  if (all.length !== 8) {
    return undefined;
  }
  const words = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    words[i] = ((all[2 * i]! << 16) | all[2 * i + 1]!) >>> 0;
  }
  return words;
}

/** True for text that is an IPv4 or IPv6 address. */
export function isIPAddress(text: string): boolean {
  return parseIPv4(text) >= 0 || parseIPv6(text) !== undefined;
}

/** A parsed address pattern: one address or a CIDR block, of either family. */
export type AddressPattern =
  | { readonly family: 4; readonly base: number; readonly mask: number; readonly prefix: number; readonly text: string }
  | { readonly family: 6; readonly words: Uint32Array; readonly prefix: number; readonly text: string };

/**
 * Parses `10.0.0.0/8`, `10.1.5.112`, `2001:db8::/32` or `2001:db8::1` (a bare address is a /32 or
 * /128). Returns undefined for anything else, including a prefix out of range.
 */
export function parseCidr(text: string): AddressPattern | undefined {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const addr = slash >= 0 ? trimmed.slice(0, slash) : trimmed;
  const prefixText = slash >= 0 ? trimmed.slice(slash + 1) : undefined;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) {
    return undefined;
  }
  const v4 = parseIPv4(addr);
  if (v4 >= 0) {
    const prefix = prefixText === undefined ? 32 : Number(prefixText);
    if (prefix > 32) {
      return undefined;
    }
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    return { family: 4, base: (v4 & mask) >>> 0, mask, prefix, text: trimmed };
  }
  const v6 = parseIPv6(addr);
  if (v6) {
    const prefix = prefixText === undefined ? 128 : Number(prefixText);
    if (prefix > 128) {
      return undefined;
    }
    const words = new Uint32Array(4);
    for (let i = 0; i < 4; i++) {
      words[i] = (v6[i]! & wordMask(prefix, i)) >>> 0;
    }
    return { family: 6, words, prefix, text: trimmed };
  }
  return undefined;
}

function wordMask(prefix: number, word: number): number {
  const bits = Math.max(0, Math.min(32, prefix - 32 * word));
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/** True when an IPv4 value lies in an IPv4 pattern (always false for an IPv6 pattern). */
export function matchIPv4(pattern: AddressPattern, value: number): boolean {
  return pattern.family === 4 && ((value & pattern.mask) >>> 0) === pattern.base;
}

/** True when an IPv6 value (four words) lies in an IPv6 pattern (always false for an IPv4 pattern). */
export function matchIPv6(pattern: AddressPattern, words: Uint32Array): boolean {
  if (pattern.family !== 6) {
    return false;
  }
  for (let i = 0; i < 4; i++) {
    if (((words[i]! & wordMask(pattern.prefix, i)) >>> 0) !== pattern.words[i]) {
      return false;
    }
  }
  return true;
}

/** True when an address written as text (IPv4 or IPv6) lies in the pattern. */
export function matchAddress(pattern: AddressPattern, text: string): boolean {
  if (pattern.family === 4) {
    const v4 = parseIPv4(text);
    return v4 >= 0 && matchIPv4(pattern, v4);
  }
  const v6 = parseIPv6(text);
  return v6 !== undefined && matchIPv6(pattern, v6);
}
