/**
 * Untrusted text (names from Postman, server error text, setting and folder names from a
 * workspace, file names) as VS Code may show it. No vscode import: unit-tested in plain Node.
 *
 * VS Code renders `[text](command:id?args)`, `[text](https://…)` and `[text](file:…)` in
 * notification and dialog messages as live links, and a command link runs that command.
 * Its pattern ignores Markdown's backslash escapes, so the pattern itself is broken: a
 * zero-width space goes after every `]`, and `](` can no longer appear.
 */

/** Bidirectional overrides and isolates: they can make a name read as another ("invoice\u202Egnp.exe"). */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
/** C0 and C1 controls and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
export const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
/** A lone surrogate cannot be percent-encoded or printed: URIs and messages holding one fail. */
export const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ZWSP = '\u200b';
/** A `]` not already followed by the zero-width space (so escaping twice changes nothing). */
const LINK_BREAK = /\](?!\u200b)/g;

/** The most code points one piece of data may take in a message. */
export const MAX_PIECE = 200;
/** The most code points a whole message may take. */
export const MAX_MESSAGE = 1500;

/** Cuts to `max` code points (never through a surrogate pair), marking the cut with "…". */
export function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, Math.max(0, max - 1)).join('')}…` : text;
}

/**
 * One piece of untrusted text as plain text: no link pattern, no controls (a newline could
 * fake a second line), no bidi overrides, no lone surrogates, at most `max` code points.
 */
export function plain(text: unknown, max = MAX_PIECE): string {
  const cleaned = String(text)
    .replace(BIDI_CONTROLS, '')
    .replace(CONTROLS, ' ')
    .replace(LONE_SURROGATES, '\ufffd');
  return breakLinks(cut(cleaned, max));
}

/** Breaks every `[…](…)` link pattern; idempotent. */
export function breakLinks(text: string): string {
  return text.replace(LINK_BREAK, `]${ZWSP}`);
}

/** Escapes text for Markdown (a tooltip), so a name cannot make a link, an image, HTML or emphasis. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

/**
 * Markdown written by Postman users (descriptions) for a tooltip: images are shown as links
 * (a `![x](https://…)` would be fetched on hover and tell a server who looked, and when).
 * Command links are already inert: the tooltip's MarkdownString is never trusted.
 */
export function withoutImages(markdown: string): string {
  return markdown.replace(/!+(?=\[)/g, '');
}

/**
 * A message put together from our own words and untrusted pieces. Only `msg` makes one:
 * every interpolated value is escaped with `plain`, except another Message, which is
 * already safe. The functions that show messages take a Message, never a string, so a
 * new message cannot forget the escaping.
 */
export class Message {
  private constructor(readonly text: string) {}

  /** Internal: `msg` is the way in. */
  static of(text: string): Message {
    return new Message(text);
  }

  toString(): string {
    return this.text;
  }
}

/** The tagged template every shown message is written with: msg`Could not open "${name}": ${reason}`. */
export function msg(strings: TemplateStringsArray, ...values: unknown[]): Message {
  let out = strings[0];
  values.forEach((value, i) => {
    out += (value instanceof Message ? value.text : plain(value)) + strings[i + 1];
  });
  return Message.of(out);
}

/** One longer untrusted value (an error's text from a server) as a Message, escaped and cut at `max`. */
export function piece(value: unknown, max = 600): Message {
  return Message.of(plain(value, max));
}

/** A list of untrusted values, escaped, joined, and cut after `max` entries. */
export function list(values: readonly unknown[], max = 8, separator = ', '): Message {
  const shown = values.slice(0, max).map((v) => plain(v));
  const more = values.length > max ? `${separator}and ${values.length - max} more` : '';
  return Message.of(shown.join(separator) + more);
}

/** The text handed to VS Code: the link pattern broken once more over the whole (pieces could meet), and capped. */
export function render(message: Message, max = MAX_MESSAGE): string {
  return breakLinks(cut(message.text, max));
}

/**
 * A name from Postman as a row shows it: control characters (a newline, a NUL) become spaces,
 * bidirectional overrides and isolates are dropped (they could make a name read as another),
 * right-to-left text and emoji stay as they are; very long names are cut, empty ones named.
 */
export function displayName(name: string, max = 200): string {
  const cleaned = name.replace(BIDI_CONTROLS, '').replace(CONTROLS, ' ').trim();
  if (cleaned === '') {
    return '(unnamed)';
  }
  const chars = [...cleaned];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : cleaned;
}
