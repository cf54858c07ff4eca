import formatXml from 'xml-formatter';
import type { SendOutcome } from './sendOutcome';
import { maskSecrets, MASK } from './variables';

/**
 * The read-only response editor's text: a header block (request, status, time, size, tests,
 * script errors, console, headers) written as a comment of the body's language, then the
 * body pretty-printed. One document, highlighted as its body, still valid in its language.
 */
export interface ResponseDocument {
  language: string;
  text: string;
  /** The body was not shown (binary) or shown in part: "Save Response Body…" has all of it. */
  bodyHidden: boolean;
  bodyCut: boolean;
}

interface BodyKind {
  language: string;
  /** The header block as a comment of the language. */
  comment(lines: string[]): string;
  pretty?(text: string): string;
}

const lineComment = (lines: string[]) => `${lines.map((l) => (l ? `// ${l}` : '//')).join('\n')}\n`;
// "--" cannot appear inside an XML or HTML comment: a space after each "-" that another follows ("---" too).
const blockComment = (lines: string[]) => `<!--\n${lines.map((l) => `  ${l.replace(/-(?=-)/g, '- ')}`).join('\n')}\n-->\n`;
const plainHeader = (lines: string[]) => `${lines.join('\n')}\n${'─'.repeat(60)}\n`;

const JSON_KIND: BodyKind = {
  language: 'jsonc',
  comment: lineComment,
  pretty: (text) => JSON.stringify(JSON.parse(text), null, 2),
};
const XML_KIND: BodyKind = {
  language: 'xml',
  comment: blockComment,
  pretty: (text) => formatXml(text, { indentation: '  ', collapseContent: true, lineSeparator: '\n' }),
};
const HTML_KIND: BodyKind = { language: 'html', comment: blockComment };
const JS_KIND: BodyKind = { language: 'javascript', comment: lineComment };
const TEXT_KIND: BodyKind = { language: 'plaintext', comment: plainHeader };

/** Content types to kinds, the first match wins. */
const KINDS: [RegExp, BodyKind][] = [
  [/[/+]json\b|^application\/json/i, JSON_KIND],
  [/^text\/html|xhtml/i, HTML_KIND],
  [/[/+]xml\b/i, XML_KIND],
  [/javascript|ecmascript/i, JS_KIND],
];

/** Types that are binary whatever their bytes look like. */
const BINARY_TYPES = /^(image|audio|video|font)\/|^application\/(octet-stream|pdf|zip|gzip|x-(tar|gzip|bzip2|7z-compressed|rar-compressed|protobuf|msdownload)|vnd\.(?!.*(json|xml)))/i;

export function bodyKind(contentType: string | undefined): BodyKind {
  // Stryker disable next-line StringLiteral: no kind's pattern matches a stand-in either, so an absent type stays plain text
  const type = contentType ?? '';
  for (const [pattern, kind] of KINDS) {
    if (pattern.test(type)) {
      return kind;
    }
  }
  return TEXT_KIND;
}

/** Binary by its type, or by its bytes: a NUL in the first 8 KB (UTF-8 text has none). */
export function isBinary(contentType: string | undefined, body: Uint8Array): boolean {
  if (contentType && BINARY_TYPES.test(contentType) && !/svg/i.test(contentType)) {
    return true;
  }
  return body.subarray(0, 8192).includes(0);
}

export function formatBytes(n: number): string {
  if (n < 1024) {
    return `${n} B`;
  }
  const units = ['KB', 'MB', 'GB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Request headers whose values are credentials: never shown, whatever they hold. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']);

export function headerOf(headers: readonly [string, string][] | undefined, name: string): string | undefined {
  return headers?.find(([k]) => k.toLowerCase() === name)?.[1];
}

export interface DocumentOptions {
  /** Secret values to mask everywhere in the document. */
  secrets: readonly string[];
  /** Bodies above this many bytes are shown in part. */
  maxShownBytes: number;
}

export function responseDocument(outcome: SendOutcome, options: DocumentOptions): ResponseDocument {
  // Masked before the header block is made a comment: its "--" escaping and the lines cut at
  // newlines would otherwise change a secret holding "--" or a newline so that it shows.
  const mask = (text: string) => maskSecrets(text, options.secrets);
  const response = outcome.response;
  const contentType = headerOf(response?.headers, 'content-type');
  // Stryker disable next-line BooleanLiteral: without a response the kind is plain text and no body is shown either way
  const binary = response ? isBinary(contentType, response.body) : false;
  const kind = response && !binary ? bodyKind(contentType) : TEXT_KIND;
  const lines: string[] = [];
  const request = outcome.request;
  if (request) {
    lines.push(`${request.method} ${request.url}`);
  }
  if (outcome.aborted) {
    lines.push('Cancelled.');
  }
  if (response) {
    lines.push(`${response.code} ${response.status} · ${response.timeMs} ms · ${formatBytes(response.size)}`);
  }
  if (outcome.error) {
    lines.push(`Error: ${outcome.error}`);
  }
  const unresolved = request ? unresolvedVariables(request.url) : [];
  if (unresolved.length > 0) {
    lines.push(`Unresolved variables: ${unresolved.join(', ')}`);
  }
  if (outcome.runError) {
    lines.push(`Run error: ${outcome.runError}`);
  }
  const counted = outcome.assertions.filter((a) => !a.skipped);
  if (outcome.assertions.length > 0) {
    lines.push('', `Tests: ${counted.filter((a) => a.passed).length} of ${counted.length} passed`);
    for (const a of outcome.assertions) {
      const mark = a.skipped ? '-' : a.passed ? '✓' : '✗';
      const detail = a.error ? `: ${a.error.message}` : '';
      lines.push(`  ${mark} ${a.name}${detail}`);
    }
  }
  if (outcome.scriptErrors.length > 0) {
    lines.push('', 'Script errors:');
    for (const e of outcome.scriptErrors) {
      lines.push(`  ${e.target === 'prerequest' ? 'pre-request' : 'post-response'}: ${e.message}`);
    }
  }
  if (outcome.console.length > 0) {
    lines.push('', 'Console:');
    for (const c of outcome.console) {
      lines.push(...mask(c.text).split(/\r?\n/).map((l, i) => (i === 0 ? `  ${c.level}: ${l}` : `    ${l}`)));
    }
  }
  if (response) {
    lines.push('', 'Response headers:', ...response.headers.map(([k, v]) => `  ${k}: ${v}`));
  }
  if (request) {
    lines.push('', 'Request headers:', ...request.headers.map(([k, v]) => `  ${k}: ${CREDENTIAL_HEADERS.has(k.toLowerCase()) ? MASK : v}`));
  }

  let body = '';
  let bodyHidden = false;
  let bodyCut = false;
  if (response && binary) {
    bodyHidden = true;
    lines.push('', `Binary body (${contentType ?? 'unknown type'}, ${formatBytes(response.size)}): not shown. "Postman: Save Response Body…" saves it to a file.`);
  } else if (response) {
    const shown = response.body.subarray(0, options.maxShownBytes);
    bodyCut = shown.byteLength < response.size;
    const text = new TextDecoder('utf-8').decode(shown);
    if (bodyCut) {
      // Past postman.send.maxResponseMB the runtime kept only the start: Save has no more than that.
      const saves = response.truncated ? `; only the first ${formatBytes(response.body.byteLength)} were kept (postman.send.maxResponseMB), and "Postman: Save Response Body…" saves those.` : '. "Postman: Save Response Body…" saves all of it.';
      lines.push('', `Showing the first ${formatBytes(shown.byteLength)} of ${formatBytes(response.size)}${saves}`);
      body = text;
    } else {
      body = prettyOrAsIs(kind, text);
    }
  }
  const cleaned = lines.map((l) => mask(l).replace(/[\r\n]+/g, ' '));
  const text = kind.comment(cleaned) + (bodyCut ? maskCutEnd(mask(body), options.secrets) : mask(body));
  return { language: kind.language, text: text.endsWith('\n') ? text : `${text}\n`, bodyHidden, bodyCut };
}

/**
 * A body cut in the middle of a secret ends with the secret's beginning, which masking the
 * whole secret cannot find: that end is masked too.
 */
export function maskCutEnd(text: string, secrets: readonly string[]): string {
  for (const secret of secrets) {
    for (let k = secret.length - 1; k > 0; k--) {
      if (text.endsWith(secret.slice(0, k))) {
        return text.slice(0, text.length - k) + MASK;
      }
    }
  }
  return text;
}

/**
 * `{{name}}` left in a sent URL (the runtime percent-encodes the braces): no environment,
 * global, collection or data variable had that name.
 */
export function unresolvedVariables(url: string): string[] {
  let decoded = url;
  try {
    decoded = decodeURI(url);
  } catch {
    // Not decodable as a whole: searched as it is.
  }
  return [...new Set([...decoded.matchAll(/\{\{([^{}]+)\}\}/g)].map((m) => m[1]))];
}

function prettyOrAsIs(kind: BodyKind, text: string): string {
  // Stryker disable next-line ConditionalExpression,LogicalOperator,MethodExpression,StringLiteral,BlockStatement: every pretty-printer throws on blank text, and calling a missing one throws, so the catch below returns the text as it is anyway
  if (!kind.pretty || text.trim() === '') {
    return text;
  }
  try {
    return kind.pretty(text);
  } catch {
    // Not what its type says (a JSON type with an HTML error page): shown as it came.
    return text;
  }
}
