/**
 * A small XML writer for generated documents such as libvirt domains: elements, attributes
 * and text, every value escaped, two-space indentation.
 */

/** An element, ready to render. */
export interface XmlNode {
    /** The element as text, each line starting with `indent`. */
    render(indent: string): string;
}

const ENTITIES: Readonly<Record<string, string>> = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&apos;",
};

// Characters XML 1.0 cannot carry at all, escaped or not.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/**
 * Escapes text for an attribute value or element content.
 *
 * @throws RangeError for a control character that XML 1.0 cannot hold; callers validate
 *   their input first, so this only guards against a missed check.
 */
export function escapeXml(text: string): string {
    if (NOT_XML.test(text)) throw new RangeError("text for XML holds a control character");
    return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Attributes in the order given; undefined values are left out. */
export type Attributes = Readonly<Record<string, string | number | undefined>>;

function attributes(attrs: Attributes): string {
    return Object.entries(attrs)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
        .join("");
}

/**
 * An element with attributes and either child elements or text content.
 *
 * @param name An element name from the schema of the document; never user input.
 */
export function element(
    name: string,
    attrs: Attributes = {},
    content: readonly XmlNode[] | string = [],
): XmlNode {
    return {
        render(indent: string): string {
            const open = `${indent}<${name}${attributes(attrs)}`;
            if (typeof content === "string") return `${open}>${escapeXml(content)}</${name}>`;
            if (content.length === 0) return `${open}/>`;
            const inner = content.map((c) => c.render(`${indent}  `)).join("\n");
            return `${open}>\n${inner}\n${indent}</${name}>`;
        },
    };
}
