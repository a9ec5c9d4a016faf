/**
 * IPv4 addresses and prefixes as netplan reads them: four decimal numbers 0-255 without
 * leading zeros (which the C library refuses, and some tools read as octal), and a prefix
 * length 0-32.
 */

/** An IPv4 address as a 32-bit unsigned number. */
export type Ipv4 = number;

/** An address with its prefix length, as in `192.168.122.10/24`. */
export interface Ipv4Interface {
    readonly address: Ipv4;
    readonly prefix: number;
}

/** The result of reading an address: the value, or why the text is not one. */
export type Ipv4Read<T> =
    { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const DECIMAL = /^(0|[1-9][0-9]{0,2})$/;

/** Reads a dotted-quad IPv4 address. */
export function readIpv4(text: string): Ipv4Read<Ipv4> {
    const parts = text.split(".");
    if (parts.length !== 4) {
        return { ok: false, reason: "is not an IPv4 address of four numbers separated by dots" };
    }
    let value = 0;
    for (const part of parts) {
        if (!DECIMAL.test(part)) {
            return {
                ok: false,
                reason: /^[0-9]+$/.test(part)
                    ? "has a number with a leading zero; write each number without leading zeros"
                    : "has a part that is not a decimal number",
            };
        }
        const n = Number(part);
        if (n > 255)
            return {
                ok: false,
                reason: "has a number over 255; each of the four must be 0 to 255",
            };
        value = value * 256 + n;
    }
    return { ok: true, value };
}

/** Reads an address with a prefix length (`a.b.c.d/n`). */
export function readIpv4Interface(text: string): Ipv4Read<Ipv4Interface> {
    const slash = text.indexOf("/");
    if (slash < 0) {
        return { ok: false, reason: "has no prefix length" };
    }
    const address = readIpv4(text.slice(0, slash));
    if (!address.ok) return address;
    const prefix = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]?)$/.test(prefix) || Number(prefix) > 32) {
        return { ok: false, reason: "has a prefix length that is not a number from 0 to 32" };
    }
    return { ok: true, value: { address: address.value, prefix: Number(prefix) } };
}

function mask(prefix: number): number {
    return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Whether `address` lies in the subnet of `network` (its address and prefix). */
export function inSubnet(address: Ipv4, network: Ipv4Interface): boolean {
    const m = mask(network.prefix);
    return (address & m) >>> 0 === (network.address & m) >>> 0;
}

/**
 * Whether an interface address is its subnet's network or broadcast address, which a host
 * cannot use; /31 and /32 have neither.
 */
export function isReservedHost(value: Ipv4Interface): boolean {
    if (value.prefix >= 31) return false;
    const host = (value.address & ~mask(value.prefix)) >>> 0;
    return host === 0 || host === ~mask(value.prefix) >>> 0;
}

/** An address in dotted-quad form. */
export function formatIpv4(address: Ipv4): string {
    return [24, 16, 8, 0].map((shift) => (address >>> shift) & 255).join(".");
}

/** The subnet of an interface address, as `network/prefix`. */
export function formatSubnet(value: Ipv4Interface): string {
    return `${formatIpv4((value.address & mask(value.prefix)) >>> 0)}/${value.prefix}`;
}
