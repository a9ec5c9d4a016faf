/**
 * When a contract's signing certificate is renewed: the date arithmetic a Pulumi preview does
 * on the expiry it keeps in state, with no key, certificate or network involved.
 */
import { daysUntil } from "../contract/rules-keys";

const DAY = 24 * 60 * 60 * 1000;

/**
 * Whether a contract's signing certificate is due for renewal: it has expired, or fewer than
 * `renewWindowDays` days (to the millisecond) remain. A Pulumi program issues a new one at the
 * next update when this holds.
 *
 * @param notAfter The certificate's end (a Date or ISO text).
 * @throws Error when `renewWindowDays` is negative or not a number, or `notAfter` is no date.
 */
export function expiryNeedsRenewal(
    notAfter: Date | string,
    now: Date,
    renewWindowDays: number,
): boolean {
    if (!(renewWindowDays >= 0)) {
        throw new Error("renewWindowDays: must be zero or a positive number of days");
    }
    const end = toDate(notAfter);
    return end.getTime() - now.getTime() < renewWindowDays * DAY || end <= now;
}

/** What to do with a kept signing certificate at an update. */
export type RenewalAction = "keep" | "renew" | "expired";

/** The decision on a kept signing certificate, and what it rests on. */
export interface RenewalDecision {
    /**
     * `renew` when a renew window is set and reached (or the certificate has expired);
     * `expired` when it has expired and no window is set, which an update must refuse;
     * `keep` otherwise.
     */
    readonly action: RenewalAction;
    /** Whole days left, rounded down; negative once expired. */
    readonly daysLeft: number;
    /** The certificate's end (ISO 8601). */
    readonly expiresAt: string;
}

/**
 * Decides what an update does with the signing certificate a contract keeps in state.
 *
 * @param notAfter The kept certificate's end (a Date or ISO text).
 * @param renewWindowDays The renew window, or undefined for none: then only an explicit
 *   change (a new `rotate`, new expiry inputs) issues a new certificate.
 * @throws Error as {@link expiryNeedsRenewal} does.
 */
export function renewalDecision(
    notAfter: Date | string,
    now: Date,
    renewWindowDays?: number,
): RenewalDecision {
    const end = toDate(notAfter);
    const daysLeft = daysUntil(end, now);
    const expiresAt = end.toISOString();
    if (renewWindowDays !== undefined && expiryNeedsRenewal(end, now, renewWindowDays)) {
        return { action: "renew", daysLeft, expiresAt };
    }
    return { action: end <= now ? "expired" : "keep", daysLeft, expiresAt };
}

function toDate(value: Date | string): Date {
    const end = typeof value === "string" ? new Date(value) : value;
    if (Number.isNaN(end.getTime())) throw new Error("notAfter: is not a date");
    return end;
}
