/**
 * Finds API keys that users paste into settings.json under `postman.*`. Settings files are
 * plain text, often synced, shared in dotfiles or committed with a workspace, so a key there
 * is found and moved into SecretStorage. No vscode import: unit-tested in plain Node.
 */

/**
 * Setting names people use for a key. Each is declared in package.json as a deprecated
 * setting (VS Code refuses to remove an undeclared setting), and a unit test keeps the two
 * lists equal.
 */
export const SECRET_SETTING_NAMES = ['apiKey', 'api_key', 'apikey', 'key', 'token', 'accessToken'] as const;

const SECRET_NAME = /(api[-_]?key|token|secret|password)$/i;
const KEY_SHAPE = /PMA[KT]-[A-Za-z0-9]{8,}/;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Dotted paths under the section (e.g. `apiKey`, `auth.token`) whose value is a non-empty
 * string that is a secret by its name or looks like a Postman key or token by its shape.
 */
export function findSecretSettings(section: unknown, prefix = ''): string[] {
  if (!isObj(section)) {
    return [];
  }
  const found: string[] = [];
  for (const [name, value] of Object.entries(section)) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (typeof value === 'string') {
      const named = (SECRET_SETTING_NAMES as readonly string[]).includes(path) || SECRET_NAME.test(name);
      if (value.trim() !== '' && (named || KEY_SHAPE.test(value))) {
        found.push(path);
      }
    } else if (isObj(value)) {
      found.push(...findSecretSettings(value, path));
    }
  }
  return found;
}

/** Whether a found setting can be removed through the API (only declared settings can). */
export function isDeclaredSecretSetting(path: string): boolean {
  return (SECRET_SETTING_NAMES as readonly string[]).includes(path);
}
