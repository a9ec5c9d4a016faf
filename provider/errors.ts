/**
 * Errors for input that the package cannot use. Each names the input at fault and says what
 * to change, and never holds a secret value.
 */

/**
 * An input the package cannot use: a key that is not a key, a token that is not a token. The
 * message starts with the input's name (`signingKey: …`) and says what to change.
 */
export class InputError extends Error {
    /** The name of the input at fault, as the caller knows it (`encryptionCertificate`). */
    readonly field: string;
    /** The sentence after the field name. */
    readonly reason: string;

    constructor(field: string, reason: string) {
        super(`${field}: ${reason}`);
        this.name = "InputError";
        this.field = field;
        this.reason = reason;
    }

    /** Whether a value is an InputError, also across copies of this package. */
    static isInstance(value: unknown): value is InputError {
        return value instanceof Error && value.name === "InputError" && "field" in value;
    }
}
