/**
 * Variable references in workloads: Compose interpolation (`$VAR`, `${VAR}`, `${VAR:-default}`,
 * `${VAR:?message}`, `$$`) and the `.Env` references of pod templates (`{{ .Env.VAR }}`).
 */

/** One variable reference found in a text. */
export interface VariableReference {
    /** The variable's name. */
    readonly name: string;
    /**
     * What happens when the variable is unset: `empty` (Compose substitutes an empty string
     * and warns), `default` (a default is given), `error` (`${VAR:?…}`: Compose stops).
     */
    readonly whenUnset: "empty" | "default" | "error";
    /** Whether an empty value counts as unset (`:-`, `:?` forms). */
    readonly emptyIsUnset: boolean;
    /** The default text, for the `default` forms. */
    readonly fallback?: string;
}

const COMPOSE =
    /\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])((?:[^{}]|\{[^{}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** The Compose variable references in a text; `$$` escapes are skipped. */
export function composeReferences(text: string): VariableReference[] {
    const refs: VariableReference[] = [];
    for (const m of text.matchAll(COMPOSE)) {
        const name = m[1] ?? m[5];
        if (!name) continue;
        const colon = m[2] === ":";
        switch (m[3]) {
            case "-":
                refs.push({ name, whenUnset: "default", emptyIsUnset: colon, fallback: m[4] });
                break;
            case "?":
                refs.push({ name, whenUnset: "error", emptyIsUnset: colon });
                break;
            case "+":
                // `${VAR:+alt}` yields alt when set and nothing otherwise: never fatal.
                refs.push({ name, whenUnset: "default", emptyIsUnset: colon, fallback: "" });
                break;
            default:
                refs.push({ name, whenUnset: "empty", emptyIsUnset: false });
        }
    }
    return refs;
}

/**
 * Substitutes Compose variables in `text` from `lookup`, as Compose does.
 *
 * @returns the result, and the names that were unset with no default.
 */
export function interpolateCompose(
    text: string,
    lookup: (name: string) => string | undefined,
): { value: string; missing: string[] } {
    const missing: string[] = [];
    const value = text.replace(COMPOSE, (whole, braced, colon, op, arg, bare) => {
        if (whole === "$$") return "$";
        const name: string = braced ?? bare;
        const v = lookup(name);
        const unset = v === undefined || (colon === ":" && v === "");
        switch (op) {
            case "-":
                return unset ? interpolateCompose(arg ?? "", lookup).value : (v as string);
            case "+":
                return unset ? "" : interpolateCompose(arg ?? "", lookup).value;
            default:
                if (unset) {
                    missing.push(name);
                    return "";
                }
                return v as string;
        }
    });
    return { value, missing };
}

// `{{`, the body, `}}`; the trim markers and spaces are taken off the body in code, since a
// pattern that matches them around a lazy body takes quadratic time on long runs of spaces.
const TEMPLATE_ACTION = /\{\{([\s\S]*?)\}\}/g;
const ENV_FIELD = /\.Env\.([A-Za-z_][A-Za-z0-9_]*)/g;
const ENV_INDEX = /index\s+\.Env\s+"([A-Za-z_][A-Za-z0-9_]*)"/g;

/** Whether a text holds Go template actions (`{{ … }}`). */
export function isTemplated(text: string): boolean {
    const open = text.indexOf("{{");
    return open >= 0 && text.indexOf("}}", open + 2) >= 0;
}

/** An action's body without its trim markers (`{{-`, `-}}`) and surrounding spaces. */
function actionBody(inner: string): string {
    const start = inner.startsWith("-") ? inner.slice(1) : inner;
    return (start.endsWith("-") ? start.slice(0, -1) : start).trim();
}

/**
 * Applies `replace` to each action of `text`. Only the text up to the last `}}` can hold one:
 * searching past it from every `{{` would take quadratic time.
 */
function replaceActions(text: string, replace: (whole: string, body: string) => string): string {
    const last = text.lastIndexOf("}}");
    if (last < 0) return text;
    const head = text.slice(0, last + 2);
    return (
        head.replace(TEMPLATE_ACTION, (whole, inner: string) => replace(whole, actionBody(inner))) +
        text.slice(last + 2)
    );
}

/**
 * Whether a template text opens an action (`{{`) that is not closed (`}}`) before the next
 * `{{` or the end of the text, which Go's text/template refuses to parse. Quoted strings inside
 * an action (`{{ "{{" }}`) are skipped.
 */
export function hasUnclosedAction(text: string): boolean {
    let i = text.indexOf("{{");
    while (i >= 0) {
        let j = i + 2;
        let closed = false;
        while (j < text.length && !closed) {
            const c = text[j];
            if (c === '"' || c === "`") {
                const end = c === "`" ? text.indexOf("`", j + 1) : closingQuote(text, j + 1);
                if (end < 0) return true;
                j = end + 1;
            } else if (text.startsWith("}}", j)) {
                closed = true;
            } else if (text.startsWith("{{", j)) {
                return true;
            } else {
                j++;
            }
        }
        if (!closed) return true;
        i = text.indexOf("{{", j + 2);
    }
    return false;
}

function closingQuote(text: string, from: number): number {
    for (let k = from; k < text.length; k++) {
        if (text[k] === "\\") k++;
        else if (text[k] === '"') return k;
    }
    return -1;
}

/** The names of the merged-env variables a pod template uses (`.Env.X`, `index .Env "X"`). */
export function templateReferences(text: string): string[] {
    const names = new Set<string>();
    replaceActions(text, (whole, body) => {
        for (const m of body.matchAll(ENV_FIELD)) names.add(m[1]);
        for (const m of body.matchAll(ENV_INDEX)) names.add(m[1]);
        return whole;
    });
    return [...names];
}

/**
 * Renders the simple actions of a pod template (`{{ .Env.X }}` and `{{ index .Env "X" }}`)
 * from `lookup`.
 *
 * @returns the result, the names without a value, and whether other actions were left that a
 *   static check cannot render.
 */
export function renderTemplate(
    text: string,
    lookup: (name: string) => string | undefined,
): { value: string; missing: string[]; opaque: boolean } {
    const missing: string[] = [];
    let opaque = false;
    const value = replaceActions(text, (whole, body) => {
        const m =
            /^(?:\.Env\.([A-Za-z_][A-Za-z0-9_]*)|index\s+\.Env\s+"([A-Za-z_][A-Za-z0-9_]*)")$/.exec(
                body.trim(),
            );
        if (!m) {
            opaque = true;
            return whole;
        }
        const name = m[1] ?? m[2];
        const v = lookup(name);
        if (v === undefined) {
            missing.push(name);
            // Go's text/template prints this for a missing map key.
            return "<no value>";
        }
        return v;
    });
    return { value, missing, opaque };
}
