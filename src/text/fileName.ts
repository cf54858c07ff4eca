import { BIDI_CONTROLS, LONE_SURROGATES } from './plain';

/** Characters that cannot appear in a file name on some system, or would split the path. */
export function safeFileName(name: string): string {
  const cleaned = name
    // Bidirectional overrides and isolates would make a tab or breadcrumb read as another name
    // ("invoice\u202Egnp.exe" shows as "invoiceexe.png"): dropped, as the tree drops them.
    .replace(BIDI_CONTROLS, '')
    // C1 controls and the Unicode line and paragraph separators are controls too.
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, '_')
    // A lone surrogate cannot be percent-encoded: URIs holding one fail to print.
    .replace(LONE_SURROGATES, '\ufffd')
    .trim();
  // "." and ".." would be read as path steps.
  const safe = /^\.*$/.test(cleaned) ? cleaned.replace(/\./g, '_') || 'unnamed' : cleaned;
  // Cut without splitting a surrogate pair: half an emoji is a lone surrogate again.
  const cut = safe.slice(0, 120);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}
