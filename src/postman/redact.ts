/**
 * Removes credentials from text before it reaches a log or an error message. Known
 * secrets are replaced wherever they appear; Postman key shapes and bearer tokens are
 * caught even when the secret is not known here (defence in depth).
 */
const PATTERNS: RegExp[] = [
  /PMAK-[A-Za-z0-9]{8,}-[A-Za-z0-9]{8,}/g,
  /PMAT-[A-Za-z0-9]{8,}/g,
  /(bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi,
  /(x-api-key["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
  /([?&](?:apikey|access_token|refresh_token|client_secret|code)=)[^&\s]+/gi,
];

export const REDACTED = '[redacted]';

// Stryker disable next-line ArrayDeclaration: a stand-in default secret appears in no log line
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    // Short strings would redact ordinary words; real keys and tokens are long.
    if (secret && secret.length >= 8) {
      out = out.split(secret).join(REDACTED);
    }
  }
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (_match, prefix?: string) => (typeof prefix === 'string' ? prefix : '') + REDACTED);
  }
  return out;
}
