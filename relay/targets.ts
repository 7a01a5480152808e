/**
 * Where the relay may deliver. Anyone with an API key chooses target URLs, so by default the
 * relay refuses to POST to its own machine, its network or the cloud's metadata service:
 * loopback, private, link-local, carrier-grade NAT, multicast and reserved addresses, and the
 * metadata names. The check runs on the resolved addresses, when a subscription is created and
 * again when each delivery connects (so a name that later resolves elsewhere, DNS rebinding, is
 * refused too). Self-hosted setups allow their own hosts with RELAY_ALLOWED_TARGETS.
 */
import * as dns from 'node:dns';
import * as net from 'node:net';

/** A delivery target the relay will not POST to; the message says why and which setting allows it. */
export class TargetRefusedError extends Error {
	readonly code = 'ERR_RELAY_TARGET_REFUSED';
	constructor(message: string) {
		super(message);
		this.name = 'TargetRefusedError';
	}
}

/** Address ranges refused by default, with the words used in the refusal. */
const REFUSED_RANGES: ReadonlyArray<[string, number, 'ipv4' | 'ipv6', string]> = [
	['0.0.0.0', 8, 'ipv4', 'an unspecified address'],
	['10.0.0.0', 8, 'ipv4', 'a private address'],
	['100.64.0.0', 10, 'ipv4', 'a carrier-grade NAT address'],
	['127.0.0.0', 8, 'ipv4', 'a loopback address'],
	['169.254.0.0', 16, 'ipv4', 'a link-local address (the cloud metadata service lives there)'],
	['172.16.0.0', 12, 'ipv4', 'a private address'],
	['192.0.0.0', 24, 'ipv4', 'a reserved address'],
	['192.168.0.0', 16, 'ipv4', 'a private address'],
	['198.18.0.0', 15, 'ipv4', 'a benchmarking address'],
	['224.0.0.0', 4, 'ipv4', 'a multicast address'],
	['240.0.0.0', 4, 'ipv4', 'a reserved address'],
	// Azure's platform endpoint answers from every VM.
	['168.63.129.16', 32, 'ipv4', 'a cloud platform address'],
	['::', 128, 'ipv6', 'an unspecified address'],
	['::1', 128, 'ipv6', 'a loopback address'],
	['fc00::', 7, 'ipv6', 'a private address'],
	['fe80::', 10, 'ipv6', 'a link-local address'],
	['ff00::', 8, 'ipv6', 'a multicast address'],
];

const REFUSED = REFUSED_RANGES.map(([address, prefix, family, reason]) => {
	const list = new net.BlockList();
	list.addSubnet(address, prefix, family);
	return { list, reason };
});

/** Host names of metadata services and the machine itself, refused before any lookup. */
const REFUSED_NAMES: ReadonlyArray<[RegExp, string]> = [
	[/^localhost$|\.localhost$/, 'names this machine'],
	[/^metadata$|^metadata\.goog$|\.internal$/, 'is a cloud metadata or internal name'],
];

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 counts as two). */
function ipv6Groups(address: string): number[] {
	let text = address.toLowerCase();
	const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
	if (dotted) {
		const [a, b, c, d] = dotted.slice(1).map(Number);
		text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
	}
	const [head, tail] = text.split('::');
	const left = head ? head.split(':') : [];
	const right = tail === undefined ? [] : tail ? tail.split(':') : [];
	const middle = tail === undefined ? [] : new Array(8 - left.length - right.length).fill('0');
	return [...left, ...middle, ...right].map((group) => parseInt(group, 16));
}

/** The IPv4 host a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address reaches, if it is one. */
function embeddedIpv4(address: string): string | undefined {
	const groups = ipv6Groups(address);
	const quad = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
	if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((group) => group === 0)) return quad(groups[6], groups[7]);
	if (groups[0] === 0x2002) return quad(groups[1], groups[2]);
	return undefined;
}

/** Why the relay refuses `address` by default, or undefined when it is a public address. */
export function refusedAddressReason(address: string): string | undefined {
	const family = net.isIP(address);
	if (family === 0) return 'not an IP address';
	const type = family === 4 ? 'ipv4' : 'ipv6';
	for (const { list, reason } of REFUSED) if (list.check(address, type)) return reason;
	const inner = family === 6 ? embeddedIpv4(address) : undefined;
	return inner ? refusedAddressReason(inner) : undefined;
}

/** One RELAY_ALLOWED_TARGETS entry: an address, a CIDR range, a host name or `*.domain`. */
type AllowRule = { kind: 'range'; list: net.BlockList } | { kind: 'name'; name: string } | { kind: 'suffix'; suffix: string };

/** Parses RELAY_ALLOWED_TARGETS (comma-separated). @throws Error naming the entry that is not an address, range or name. */
export function parseAllowedTargets(text: string | undefined): AllowRule[] {
	const rules: AllowRule[] = [];
	for (const entry of (text ?? '').split(',').map((item) => item.trim().toLowerCase()).filter(Boolean)) {
		const [address, prefixText] = entry.replace(/^\[|\](?=\/|$)/g, '').split('/');
		const family = net.isIP(address);
		if (family) {
			const bits = family === 4 ? 32 : 128;
			const prefix = prefixText === undefined ? bits : Number(prefixText);
			if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) throw new Error(`"${entry}" has no valid prefix length (0 to ${bits}).`);
			const list = new net.BlockList();
			list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
			rules.push({ kind: 'range', list });
		} else if (/^\*\.[a-z0-9.-]+$/.test(entry)) {
			rules.push({ kind: 'suffix', suffix: entry.slice(1) });
		} else if (/^[a-z0-9.-]+$/.test(entry) && prefixText === undefined) {
			rules.push({ kind: 'name', name: entry });
		} else {
			throw new Error(`"${entry}" is neither an IP address, a CIDR range (10.0.0.0/8) nor a host name (hooks.internal.example, *.internal.example).`);
		}
	}
	return rules;
}

/** Resolves a host name to all its addresses. */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) => (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

const ALLOW_SETTING = 'RELAY_ALLOWED_TARGETS';

/** The URL's host without IPv6 brackets, lower case. */
function hostOf(url: URL): string {
	return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

export class TargetGuard {
	constructor(
		private readonly allowed: readonly AllowRule[] = [],
		private readonly resolve: Resolver = systemResolver,
	) {}

	private nameAllowed(host: string): boolean {
		return this.allowed.some((rule) => (rule.kind === 'name' && rule.name === host) || (rule.kind === 'suffix' && host.endsWith(rule.suffix)));
	}

	private addressAllowed(address: string): boolean {
		const type = net.isIP(address) === 6 ? 'ipv6' : 'ipv4';
		return this.allowed.some((rule) => rule.kind === 'range' && rule.list.check(address, type));
	}

	/** @throws TargetRefusedError when `address`, reached for `host`, is refused. */
	checkAddress(host: string, address: string): void {
		if (this.nameAllowed(host) || this.addressAllowed(address)) return;
		const reason = refusedAddressReason(address);
		if (reason === undefined) return;
		const what = host === address ? `${host} is ${reason}` : `${host} resolves to ${address}, ${reason}`;
		throw new TargetRefusedError(`The target ${what}, where the relay does not deliver by default. To deliver there on purpose (a self-hosted receiver), add it to ${ALLOW_SETTING}.`);
	}

	/**
	 * Checks a target URL's form and host without resolving it: http(s), a host, no refused name,
	 * no refused address literal. @throws TargetRefusedError
	 */
	checkUrl(url: URL): void {
		if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TargetRefusedError('The target must start with https:// (or http:// for a receiver on your own network).');
		const host = hostOf(url);
		if (!host) throw new TargetRefusedError('The target URL has no host name.');
		if (this.nameAllowed(host)) return;
		for (const [pattern, reason] of REFUSED_NAMES) {
			if (pattern.test(host)) throw new TargetRefusedError(`The target host ${host} ${reason}, where the relay does not deliver by default. To deliver there on purpose, add it to ${ALLOW_SETTING}.`);
		}
		if (net.isIP(host)) this.checkAddress(host, host);
	}

	/**
	 * Checks the URL and every address its host resolves to (when a subscription is created).
	 * A host that does not resolve is refused; a lookup failing for another reason is let through,
	 * since every delivery checks the addresses again when it connects.
	 */
	async check(url: URL): Promise<void> {
		this.checkUrl(url);
		const host = hostOf(url);
		if (net.isIP(host) || this.nameAllowed(host)) return;
		let addresses: string[];
		try {
			addresses = await this.resolve(host);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOTFOUND') throw new TargetRefusedError(`The target host ${host} does not exist (no DNS record). Check the URL.`);
			return;
		}
		for (const address of addresses) this.checkAddress(host, address);
	}

	/**
	 * A `lookup` for node:http that resolves and then refuses a refused address, so the check holds
	 * for the address actually connected to.
	 */
	readonly lookup: net.LookupFunction = (hostname, options, callback) => {
		const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
		this.resolve(host).then(
			(addresses) => {
				try {
					for (const address of addresses) this.checkAddress(host, address);
				} catch (error) {
					return callback(error as NodeJS.ErrnoException, '', 0);
				}
				const entries = addresses.map((address) => ({ address, family: net.isIP(address) }));
				const wanted = options.family === 4 || options.family === 6 ? entries.filter((entry) => entry.family === options.family) : entries;
				if (wanted.length === 0) return callback(Object.assign(new Error(`no address for ${host}`), { code: 'ENOTFOUND' }), '', 0);
				if (options.all) return (callback as unknown as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, wanted);
				callback(null, wanted[0].address, wanted[0].family);
			},
			(error: NodeJS.ErrnoException) => callback(error, '', 0),
		);
	};
}
