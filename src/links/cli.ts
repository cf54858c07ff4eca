import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { SaveRefused } from '../documents/model/checks';
import type { SaveQuestions } from '../documents/model/saver';
import { DEFAULT_BASE_URL, HttpTransport, isPostmanError, parseBaseUrl, PostmanClient, PostmanRepository, redact, userMessage, type PostmanErrorKind } from '../postman';
import { BIDI_CONTROLS, CONTROLS, cut, LONE_SURROGATES } from '../text/plain';
import { LINKS_PATH, linkAccount, parseLinks, sameAccount, sameServer, serializeLinks, type Link, type LinkAccount, type LinkKind, type LinksRead } from './model/linksFile';
import { NodeLinkFiles, OutsideFolder } from './model/nodeFiles';
import { LINKED_KINDS } from './model/linkedKinds';
import { LinkGone, LinkSync, type LinkState, type LinkStatus, stateText } from './model/sync';

/**
 * The command-line script (dist/postman-links.js): status, pull and push of the links in a
 * folder's postman/links.json, through exactly the sync the extension runs (src/links/model).
 *
 * What a repository can and cannot decide: links.json names resources and paths, never where
 * the key goes. The key comes only from POSTMAN_API_KEY, the server only from --api or
 * POSTMAN_API_BASE_URL; a link made with another server or team is skipped, not followed.
 * Files are reached through NodeLinkFiles, which refuses any path (or symbolic link) that
 * leads outside the folder. Names and messages are printed without control characters, and
 * every message passes through the key's redaction.
 */

const USAGE = `Usage: postman-links <status|pull|push> [path…] [--dir <folder>] [--api <url>] [--force] [--json]

Compares, pulls or pushes the Postman collections, environments and specs linked to files
in <folder>/${LINKS_PATH} (the folder defaults to the current one).

  status          one line per link; exit 0 when all are in sync, 1 when any is not, 2 on an error
  pull            writes Postman's copy into the files; a file with changes of its own is left alone
  push            sends the files changed here to Postman; a change made in Postman is not overwritten

  path…           only the links with these paths (or under these folders)
  --dir <folder>  the folder that holds ${LINKS_PATH}
  --api <url>     the Postman API (default: POSTMAN_API_BASE_URL, else ${DEFAULT_BASE_URL})
  --force         pull over a file's own changes; push over Postman's changes and lost item ids
  --json          print a JSON array of {path, kind, state, …} instead of lines

The API key is read from the POSTMAN_API_KEY environment variable, and only from there.
Links made with another server or team are skipped (and make the exit code 1).`;

export type Command = 'status' | 'pull' | 'push';
const COMMANDS: readonly Command[] = ['status', 'pull', 'push'];

/** Exit codes: all in sync / done; something differs or was refused or skipped; an error. */
export const EXIT = { ok: 0, differs: 1, error: 2 } as const;
type Code = 0 | 1 | 2;

export interface Entry {
  path: string;
  kind: LinkKind;
  uid: string;
  /** The link's state before the command (a skipped or failed link has none of its own). */
  state: LinkState | 'skipped' | 'error';
  missing?: 'file' | 'postman';
  /** The resource's name in Postman. */
  name?: string;
  /** What pull or push did. */
  action?: 'pulled' | 'pushed' | 'unchanged' | 'refused';
  /** Files written (pull, or a push's read-back), relative to the folder. */
  written?: string[];
  /** A spec folder's files that Postman does not hold (left in place). */
  extra?: string[];
  /** Parts sent by a push. */
  sent?: number;
  /** Why it was skipped, refused or failed; a file that cannot be pushed as it is. */
  message?: string;
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** Text from links.json, Postman or a server, as one line of a terminal: no control characters, no bidi overrides. */
export function clean(text: unknown, max = 1000): string {
  return cut(String(text).replace(BIDI_CONTROLS, '').replace(CONTROLS, ' ').replace(LONE_SURROGATES, '\ufffd'), max);
}

class Usage extends Error {}

/** A failure that ends the run (a rejected key, no network): the next link would fail the same way. */
class Fatal extends Error {}
const FATAL_KINDS: ReadonlySet<PostmanErrorKind> = new Set(['unauthorized', 'network', 'timeout', 'quotaExhausted', 'rateLimited', 'invalidConfig', 'authServer', 'notSignedIn', 'cancelled']);

/** Ends the run on a failure the next link would meet too. */
function endOn(err: unknown): void {
  if (isPostmanError(err) && FATAL_KINDS.has(err.kind)) {
    throw new Fatal(describe(err));
  }
}

/** A failure in words for a terminal: the Postman client's own wording, with this script's settings named. */
function describe(err: unknown): string {
  if (isPostmanError(err)) {
    switch (err.kind) {
      case 'unauthorized':
        return 'Postman rejected the API key (401): check POSTMAN_API_KEY (the key may be wrong, expired or revoked).';
      case 'network':
        return `Could not reach the Postman API: ${err.message}. Check the network, and --api or POSTMAN_API_BASE_URL.`;
      case 'invalidConfig':
        return err.message.replace(/The setting postman\.apiBaseUrl/g, 'The server URL (--api or POSTMAN_API_BASE_URL)');
      default:
        return userMessage(err);
    }
  }
  if (err instanceof SaveRefused || err instanceof LinkGone || err instanceof OutsideFolder || err instanceof Usage || err instanceof Fatal) {
    return err.message;
  }
  return userMessage(err);
}

/** The links the path arguments select: a link's own path, or a folder holding links; relative to the folder or the current directory. */
function select(links: readonly Link[], args: readonly string[], dir: string, cwd: string): Link[] {
  if (args.length === 0) {
    return [...links];
  }
  const chosen = new Set<Link>();
  for (const arg of args) {
    const asGiven = arg.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
    const fromCwd = nodePath.relative(dir, nodePath.resolve(cwd, arg)).split(nodePath.sep).join('/');
    const matching = links.filter((l) => [asGiven, fromCwd].some((p) => p !== '' && (l.path === p || l.path.startsWith(`${p}/`))));
    if (matching.length === 0) {
      throw new Usage(`No link in ${LINKS_PATH} has the path ${clean(arg)} (or is under it).`);
    }
    matching.forEach((l) => chosen.add(l));
  }
  return links.filter((l) => chosen.has(l));
}

function label(entry: Entry): string {
  if (entry.action === 'pulled' || entry.action === 'pushed' || entry.action === 'refused') {
    return entry.action;
  }
  return entry.state === 'skipped' || entry.state === 'error' ? entry.state : stateText(entry.state, entry.missing);
}

function line(entry: Entry): string {
  const details: string[] = [];
  if (entry.written && entry.written.length > 0) {
    details.push(`wrote ${entry.written.map((p) => clean(p)).join(', ')}`);
  }
  if (entry.extra && entry.extra.length > 0) {
    details.push(`left in place, not in Postman: ${entry.extra.map((p) => clean(p)).join(', ')}`);
  }
  if (entry.message !== undefined) {
    details.push(entry.message);
  }
  return `${label(entry).padEnd(22)} ${clean(entry.path)}${details.length > 0 ? `: ${details.join('; ')}` : ''}`;
}

interface Options {
  command: Command;
  paths: string[];
  dir: string;
  api: string | undefined;
  force: boolean;
  json: boolean;
}

function options(argv: readonly string[]): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        dir: { type: 'string' },
        api: { type: 'string' },
        force: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new Usage(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    return 'help';
  }
  const [command, ...paths] = positionals;
  if (command === undefined || !(COMMANDS as readonly string[]).includes(command)) {
    throw new Usage(command === undefined ? 'Say what to do: status, pull or push.' : `Unknown command ${clean(command, 100)}: use status, pull or push.`);
  }
  return { command: command as Command, paths, dir: values.dir ?? '.', api: values.api, force: values.force === true, json: values.json === true };
}

/**
 * Runs the script; resolves to its exit code. `env` and `cwd` are passed in (tests), and
 * output goes through `io`.
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string, io: Io): Promise<Code> {
  const key = (env.POSTMAN_API_KEY ?? '').trim();
  const say = (text: string) => clean(redact(text, [key]));
  let opts: Options | 'help';
  try {
    opts = options(argv);
  } catch (err) {
    io.err(`${say(describe(err))}\n\n${USAGE}`);
    return EXIT.error;
  }
  if (opts === 'help') {
    io.out(USAGE);
    return EXIT.ok;
  }
  const entries: Entry[] = [];
  const report = (found: Entry) => {
    // Messages carry a server's words: the key is taken out of them as out of everything printed.
    const entry = found.message !== undefined ? { ...found, message: say(found.message) } : found;
    entries.push(entry);
    if (!opts.json) {
      io.out(line(entry));
    }
  };
  let code: Code = EXIT.ok;
  const worst = (c: Code) => void (code = Math.max(code, c) as Code);
  try {
    await run(opts, key, env, cwd, report, worst, (text) => io.err(say(text)));
  } catch (err) {
    io.err(say(describe(err)));
    worst(EXIT.error);
  }
  if (opts.json) {
    io.out(JSON.stringify(entries, null, 2));
  }
  return code;
}

async function run(opts: Options, key: string, env: NodeJS.ProcessEnv, cwd: string, report: (e: Entry) => void, worst: (c: Code) => void, warn: (text: string) => void): Promise<void> {
  if (key === '') {
    throw new Usage('POSTMAN_API_KEY is not set: put your Postman API key in that environment variable (https://go.postman.co/settings/me/api-keys). The key is read from nowhere else.');
  }
  const api = parseBaseUrl(opts.api ?? env.POSTMAN_API_BASE_URL ?? DEFAULT_BASE_URL);
  const dir = nodePath.resolve(cwd, opts.dir);
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw new Usage(`The folder ${dir} does not exist.`);
  }
  const files = new NodeLinkFiles(dir);
  const source = await files.read(LINKS_PATH);
  if (source === undefined) {
    throw new Usage(`There is no ${LINKS_PATH} in ${dir}: link a collection, environment or spec to a file first.`);
  }
  const read: LinksRead = parseLinks(source);
  for (const problem of read.problems) {
    // An entry that cannot be read is a link nobody checks: the run fails, as for an unreadable file.
    warn(`${LINKS_PATH}: ${problem}; that entry is left out.`);
    worst(EXIT.error);
  }
  const chosen = select(read.links, opts.paths, dir, cwd);
  if (chosen.length === 0) {
    warn(`There are no links in ${LINKS_PATH}.`);
    return;
  }

  const http = new HttpTransport(() => ({ baseUrl: api, timeoutMs: 60_000 }), async () => ({ kind: 'apiKey', key }), undefined, 'postman-workspaces-links');
  const client = new PostmanClient(http);
  const sync = new LinkSync(client, new PostmanRepository(client), files);
  // One call says whose key this is; none when no link was made with this server.
  const me = chosen.some((l) => sameServer(l.account.api, api)) ? await client.getMe() : undefined;
  const account = me ? linkAccount(api, me.user) : undefined;

  const synced = new Map<Link, Link>();
  try {
    await each(opts, chosen, api, account, sync, synced, report, worst);
  } finally {
    // Also after a failure that ended the run: the files already pulled or pushed keep their sync points.
    await recordSynced(files, read, synced, worst, warn);
  }
}

/** Status, pull or push of each link in turn (the client paces the calls). */
async function each(
  opts: Options,
  chosen: readonly Link[],
  api: string,
  account: LinkAccount | undefined,
  sync: LinkSync,
  synced: Map<Link, Link>,
  report: (e: Entry) => void,
  worst: (c: Code) => void,
): Promise<void> {
  for (const link of chosen) {
    const base = { path: link.path, kind: link.kind, uid: link.uid };
    if (!sameServer(link.account.api, api)) {
      report({ ...base, state: 'skipped', message: `made with another server (${clean(link.account.api, 200)}); this run uses ${api}` });
      worst(EXIT.differs);
      continue;
    }
    if (!account || !sameAccount(link.account, account)) {
      report({ ...base, state: 'skipped', message: link.account.team !== undefined ? `made with another team (${clean(link.account.team, 100)}) than this key's` : "made with another account than this key's" });
      worst(EXIT.differs);
      continue;
    }
    let status: LinkStatus | undefined;
    try {
      status = await sync.status(link);
      const known: Entry = {
        ...base,
        state: status.state,
        ...(status.missing !== undefined ? { missing: status.missing } : {}),
        ...(status.name !== undefined ? { name: clean(status.name, 200) } : {}),
        ...(status.problem !== undefined ? { message: clean(status.problem) } : {}),
      };
      const entry = opts.command === 'status' ? known : await act(opts, sync, link, status, known, synced);
      report(entry);
      worst(codeOf(entry));
    } catch (err) {
      endOn(err);
      if (err instanceof LinkGone) {
        report({ ...base, state: 'missing', missing: 'postman', ...(opts.command !== 'status' ? { action: 'refused' as const } : {}), message: clean(err.message) });
        worst(EXIT.differs);
      } else if (err instanceof SaveRefused) {
        report({ ...base, state: status?.state ?? 'error', action: 'refused', message: clean(err.message) });
        worst(EXIT.differs);
      } else {
        report({ ...base, state: 'error', message: clean(describe(err)) });
        worst(EXIT.error);
      }
    }
  }

}

/** Writes the new sync points into links.json, when there are any (never over entries it could not read). */
async function recordSynced(files: NodeLinkFiles, read: LinksRead, synced: ReadonlyMap<Link, Link>, worst: (c: Code) => void, warn: (text: string) => void): Promise<void> {
  const text = serializeLinks(read.links.map((l) => synced.get(l) ?? l));
  if (synced.size === 0 || text === serializeLinks(read.links)) {
    return;
  }
  if (read.problems.length > 0) {
    warn(`${LINKS_PATH} was not updated with the new sync points: it has entries this version cannot read, which rewriting it would drop. Fix them, then run the command again.`);
    worst(EXIT.differs);
    return;
  }
  try {
    await files.write(LINKS_PATH, text);
  } catch (err) {
    warn(`${LINKS_PATH} could not be updated with the new sync points: ${describe(err)}`);
    worst(EXIT.error);
  }
}

/** A link's part of the exit code: done or in sync, or not. */
function codeOf(entry: Entry): Code {
  switch (entry.action) {
    case 'refused':
      return EXIT.differs;
    case 'pulled':
    case 'pushed':
      return entry.extra && entry.extra.length > 0 ? EXIT.differs : EXIT.ok;
    case 'unchanged':
      return EXIT.ok;
    default:
      return entry.state === 'inSync' ? EXIT.ok : EXIT.differs;
  }
}

/** Pull or push one link whose status is known; records its new sync point in `synced`. */
async function act(opts: Options, sync: LinkSync, link: Link, status: LinkStatus, known: Entry, synced: Map<Link, Link>): Promise<Entry> {
  const refused = (message: string): Entry => ({ ...known, action: 'refused', message });
  const folder = LINKED_KINDS[link.kind].isFolder;
  if (status.state === 'missing' && status.missing === 'postman') {
    throw new LinkGone(link);
  }
  if (status.state === 'inSync') {
    // Both sides agree: nothing to send or write, but the sync point may be missing or old.
    if (status.remote !== undefined && status.remote !== link.synced) {
      synced.set(link, { ...link, synced: status.remote });
    }
    return { ...known, action: 'unchanged' };
  }
  if (opts.command === 'pull') {
    if ((status.state === 'changedHere' || status.state === 'changedBoth') && !opts.force) {
      return refused(`${folder ? 'the files have changes of their own' : 'the file has changes of its own'} (${stateText(status.state)}): push them, or pull --force to overwrite them`);
    }
    const result = await sync.pull(link);
    synced.set(link, result.link);
    return { ...known, action: 'pulled', written: result.written, extra: result.extra, name: clean(result.name, 200) };
  }
  if (status.state === 'missing') {
    return refused(`${folder ? 'the folder is' : 'the file is'} missing: pull to write it again, or remove the link`);
  }
  if (status.state === 'changedInPostman' && !opts.force) {
    return refused('only Postman changed since the last sync: pull it, or push --force to replace Postman\'s copy with the file');
  }
  let declined: 'conflict' | 'lostIds' | undefined;
  const questions: SaveQuestions = {
    confirm: async () => true,
    lostIds: async () => {
      if (!opts.force) {
        declined = 'lostIds';
      }
      return opts.force;
    },
    conflict: async () => {
      if (!opts.force) {
        declined = 'conflict';
      }
      return opts.force ? 'overwrite' : 'cancel';
    },
  };
  try {
    const result = await sync.push(link, questions);
    synced.set(link, result.link);
    return { ...known, action: 'pushed', sent: result.sent, written: result.rewritten, name: clean(result.name, 200) };
  } catch (err) {
    if (err instanceof SaveRefused && declined === 'conflict') {
      return refused('Postman\'s copy changed since the last sync: pull first (then push), or push --force to overwrite it. Nothing was sent.');
    }
    if (err instanceof SaveRefused && declined === 'lostIds') {
      return refused('items in the file lost their ids, so Postman would recreate them (losing their history and links): restore the ids, or push --force. Nothing was sent.');
    }
    throw err;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), process.env, process.cwd(), {
    out: (text) => void process.stdout.write(`${text}\n`),
    err: (text) => void process.stderr.write(`${text}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
