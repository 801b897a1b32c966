import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Outgoing webhooks must not be a way into the platform's own network (SSRF): any signed-in person may set a
 * channel and read its deliveries' status codes. Loopback, private, link-local (cloud metadata 169.254.169.254),
 * carrier-grade NAT, unspecified, multicast and reserved addresses are refused — unless the deployment allows
 * them (WEBHOOK_ALLOW_INTERNAL=1, e.g. a WeCom/DingTalk gateway on the government intranet).
 */
const internal = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  internal.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  internal.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address (v4 or v6, IPv4-mapped v6 included) is internal. */
export function isInternalAddress(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return internal.check(mapped[1]!, 'ipv4');
  const v = isIP(ip);
  return v === 4 ? internal.check(ip, 'ipv4') : v === 6 ? internal.check(ip, 'ipv6') : false;
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '').toLowerCase();

/** A URL whose host is, as written, an internal address or a localhost name (checked when the channel is set). */
export function namesInternalHost(url: URL): boolean {
  const host = bare(url.hostname);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return isIP(host) !== 0 && isInternalAddress(host);
}

/**
 * Resolves the URL's host before a delivery and returns the reason to refuse it (one of its addresses is internal),
 * or null. A name that resolves to an internal address is refused at each attempt, not only when set.
 */
export async function refusedAddress(url: string): Promise<string | null> {
  const u = new URL(url);
  if (namesInternalHost(u)) return 'refused: internal address';
  const host = bare(u.hostname);
  if (isIP(host) !== 0) return null;
  const addresses = await lookup(host, { all: true, verbatim: true });
  return addresses.some((a) => isInternalAddress(a.address)) ? 'refused: resolves to an internal address' : null;
}
