// Small formatting helpers for tree rows and tooltips (pure).

/** `5 min ago`, `3 h ago`, `2 days ago`. */
export function formatRelative(time: number | undefined, now = Date.now()): string {
  if (time === undefined) {
    return '';
  }
  const seconds = Math.round((now - time) / 1000);
  if (seconds < 0) {
    return 'just now';
  }
  if (seconds < 60) {
    return `${seconds} s ago`;
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ago`;
  }
  const hours = Math.round(minutes / 60);
  if (hours < 48) {
    return `${hours} h ago`;
  }
  const days = Math.round(hours / 24);
  if (days < 60) {
    return `${days} days ago`;
  }
  const months = Math.round(days / 30.4);
  return months < 24 ? `${months} months ago` : `${Math.round(days / 365)} years ago`;
}

/** `2024-11-27 08:00:00 UTC`. */
export function formatUtc(time: number | Date | undefined): string {
  if (time === undefined) {
    return '';
  }
  return `${new Date(time).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')} UTC`;
}

/** Parses an IPv4 CIDR into [first, last] addresses as numbers; undefined for IPv6 or garbage. */
function ipv4Range(cidr: string): [number, number] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(cidr.trim());
  if (!match) {
    return undefined;
  }
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) {
    return undefined;
  }
  const bits = match[5] === undefined ? 32 : Number(match[5]);
  if (bits > 32) {
    return undefined;
  }
  const address = ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!;
  const size = 2 ** (32 - bits);
  const first = Math.floor(address / size) * size;
  return [first, first + size - 1];
}

/** Whether two IPv4 CIDR blocks share any address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const ra = ipv4Range(a);
  const rb = ipv4Range(b);
  return !!ra && !!rb && ra[0] <= rb[1] && rb[0] <= ra[1];
}
