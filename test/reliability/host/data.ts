/**
 * The sample account plus a workspace of bad input: names with Unicode, right-to-left text,
 * emoji, control characters and path separators; items sharing an id; folders nested 1,000
 * deep; a collection of 20,000 requests; an environment of 5,000 variables.
 */
import { DatasetBuilder, folder, request } from '../../fixtures/dataBuilders';
import type { Dataset, Item } from '../../fixtures/datasetTypes';
import { sampleDataset } from '../../fixtures/sampleData';
import { nestedItems, NASTY_NAMES } from '../arbitraries';

export const LAB = 'Reliability Lab \u202Ebal\u202C 🧪 مختبر';
export const LAB_LABEL = 'Reliability Lab bal 🧪 مختبر';
export const DEEP = 'Deep: 1,000 folders';
export const BIG = 'Big: 20,000 requests';
export const TWINS = 'Twins: items sharing ids';
export const NASTY_COLLECTION = 'Names/with\\separators: "and" <more>';
export const BIG_ENV = 'Big: 5,000 variables';

/** Names used as collection names (the ones a ref can carry; the empty ones become "(unnamed)"). */
export const COLLECTION_NAMES = NASTY_NAMES.filter((n) => n.length < 1000);

/** encodeURIComponent throws on a lone surrogate (one of the nasty names): those become U+FFFD first. */
function urlSegment(text: string): string {
  return encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
}

export function reliabilityDataset(): Dataset {
  const base = sampleDataset();
  const b = new DatasetBuilder('reliability-lab', base.user, base.operations, Date.UTC(2025, 0, 1));
  const ids = b.ids;
  const ws = b.workspace({ name: LAB, type: 'team', visibility: 'team', description: 'Bad input, on purpose.' });
  const nastyItems: Item[] = [
    folder(ids, 'Folder\nwith newline', NASTY_NAMES.map((n, i) => request(ids, n, i % 2 ? 'POST' : 'GET', `https://example.com/${urlSegment(n.slice(0, 20))}`))),
    ...NASTY_NAMES.map((n) => request(ids, n, 'DELETE', 'https://example.com/x')),
  ];
  b.collection(ws, { name: NASTY_COLLECTION, item: nastyItems });
  for (const name of COLLECTION_NAMES) {
    b.collection(ws, { name, item: [request(ids, 'One request', 'GET', 'https://example.com/one')] });
  }
  const twin = request(ids, 'Twin A', 'GET', 'https://example.com/a');
  b.collection(ws, { name: TWINS, item: [twin, { ...twin, name: 'Twin B' }, { ...twin, name: 'Twin C' }] });
  b.collection(ws, { name: DEEP, item: nestedItems(1000) as Item[] });
  const big: Item[] = [];
  for (let f = 0; f < 20; f++) {
    big.push(folder(ids, `Folder ${f}`, Array.from({ length: 1000 }, (_, r) => request(ids, `Request ${f}.${r}`, 'GET', `https://example.com/${f}/${r}?q=${'x'.repeat(20)}`, { description: 'd'.repeat(200) }))));
  }
  b.collection(ws, { name: BIG, item: big });
  b.environment(ws, BIG_ENV, Array.from({ length: 5000 }, (_, i) => ({ key: NASTY_NAMES[i % NASTY_NAMES.length] + i, value: `value ${i}`, enabled: i % 7 !== 0, type: i % 5 === 0 ? 'secret' : 'default' })));
  const lab = b.dataset;
  base.workspaces.push(...lab.workspaces);
  Object.assign(base.collections, lab.collections);
  Object.assign(base.environments, lab.environments);
  return base;
}

export const TARGETS = 'Fault targets';

/**
 * Adds a workspace of throwaway resources, one collection and one environment per name (a
 * copy of the sample "Sandbox" collection and "Payments – Staging" environment), so every
 * open or save scenario has its own document: VS Code keeps a document it has read, and a
 * fault is only met by a read that really happens.
 */
export function withTargets(dataset: Dataset, names: string[]): Dataset {
  const sandbox = Object.values(dataset.collections).find((c) => c.info.name === 'Sandbox');
  const staging = Object.values(dataset.environments).find((e) => e.name === 'Payments – Staging');
  if (!sandbox || !staging) {
    throw new Error('withTargets needs the sample dataset');
  }
  const b = new DatasetBuilder('fault-targets', dataset.user, dataset.operations, Date.UTC(2025, 1, 1));
  const ws = b.workspace({ name: TARGETS, type: 'team', visibility: 'team', description: 'One collection and one environment per scenario.' });
  for (const name of names) {
    const copy = structuredClone(sandbox.item).map((item) => ({ ...item, id: b.ids.uuid() }));
    b.collection(ws, { name, item: copy });
    b.environment(ws, name, structuredClone(staging.values));
  }
  dataset.workspaces.push(...b.dataset.workspaces);
  Object.assign(dataset.collections, b.dataset.collections);
  Object.assign(dataset.environments, b.dataset.environments);
  return dataset;
}
