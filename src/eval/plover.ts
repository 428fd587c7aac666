/**
 * Events on the PLOVER gold standard records (openeventdata/PLOVER, CC BY-SA 4.0): 322 sentences
 * from the CAMEO manual, each with one PLOVER event type and source/target actors with country codes.
 *
 * Scoring, per sentence:
 *  - the predicted event is the first factual one (not negated, no non-intent modality) in the
 *    sentence, else the first at all; a sentence with no event predicted counts as wrong everywhere;
 *  - the gold file's older category names are mapped to PLOVER 2021 (CAMEO2PLOVER-2021.txt):
 *    DEMAND → REQUEST, DISAPPROVE → ACCUSE, INVESTIGATE → ACCUSE (mode investigate), FIGHT → ASSAULT;
 *  - actors are compared by code: the gold codes are ISO 3166 alpha-3 (a few CAMEO leftovers, JAP and
 *    ITL, are mapped to JPN and ITA) or IGO/NGO for organisations; ours are ISO3 `country`, and an
 *    organisation with no country (or a person speaking for one) counts as IGO. A source is right
 *    when its code is one of the gold source codes (compound actors list several); source_acc is over
 *    sentences with a gold source, target_acc over sentences with a gold target.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultPipeline } from '../pipeline/analyze.ts';
import { normalize } from '../stages/normalize/normalize.ts';
import type { Event, EventActor } from '../stages/events/events.ts';
import type { EvalTask } from './task.ts';

interface GoldActor {
  actorText?: string;
  code?: string;
}
interface GoldRecord {
  id: string;
  event: string;
  text?: string;
  source?: GoldActor[] | string;
  target?: GoldActor[] | string;
}

const TYPE_MAP: Record<string, string> = { DEMAND: 'REQUEST', DISAPPROVE: 'ACCUSE', INVESTIGATE: 'ACCUSE', FIGHT: 'ASSAULT' };
const CODE_MAP: Record<string, string> = { JAP: 'JPN', ITL: 'ITA' };

export interface PloverError {
  id: string;
  text: string;
  gold: string;
  got: string;
  field: 'type' | 'source' | 'target';
}

const codes = (a: GoldRecord['source']): string[] => (Array.isArray(a) ? a.map((x) => CODE_MAP[x.code ?? ''] ?? x.code ?? '').filter(Boolean) : []);

/** Our code for an actor: ISO3 country, else IGO for an organisation. */
export function actorCode(a: EventActor | undefined): string | undefined {
  if (!a) return undefined;
  if (a.country) return a.country;
  if (a.kbId && !/^[A-Z]{3}$/.test(a.kbId)) return 'IGO';
  return a.kbId;
}

/** The event a one-event sentence is about: the first factual one, else the first. */
export function primaryEvent(events: readonly Event[]): Event | undefined {
  const factual = events.filter((e) => !e.negated && (!e.modality || e.intent || e.type === 'AGREE' || e.type === 'THREATEN'));
  const pool = factual.length ? factual : events;
  return [...pool].sort((a, b) => a.trigger.start - b.trigger.start)[0];
}

export function scorePlover(dir: string): { metrics: Record<string, number>; errors: PloverError[] } {
  const file = join(dir, 'gold_standard_records', 'PLOVER_GSR_CAMEO.txt');
  const records = (JSON.parse(readFileSync(file, 'utf8')) as GoldRecord[]).filter((r) => r.event !== 'DOCUMENT' && r.text);
  const pipeline = defaultPipeline();
  let typeOk = 0;
  let srcN = 0;
  let srcOk = 0;
  let tgtN = 0;
  let tgtOk = 0;
  let none = 0;
  const errors: PloverError[] = [];
  for (const r of records) {
    const doc = pipeline.run(normalize({ id: r.id, kind: 'text', body: r.text!, published: '2000-01-01' }));
    const ev = primaryEvent(doc.layer('events'));
    if (!ev) none++;
    const gold = TYPE_MAP[r.event] ?? r.event;
    if (ev?.type === gold) typeOk++;
    else errors.push({ id: r.id, text: r.text!, gold, got: ev?.type ?? '(none)', field: 'type' });
    const gs = codes(r.source);
    if (gs.length) {
      srcN++;
      const got = actorCode(ev?.source);
      if (got && gs.includes(got)) srcOk++;
      else errors.push({ id: r.id, text: r.text!, gold: gs.join('/'), got: `${got ?? '(none)'} ${ev?.source?.name ?? ''}`, field: 'source' });
    }
    const gt = codes(r.target);
    if (gt.length) {
      tgtN++;
      const got = actorCode(ev?.target);
      if (got && gt.includes(got)) tgtOk++;
      else errors.push({ id: r.id, text: r.text!, gold: gt.join('/'), got: `${got ?? '(none)'} ${ev?.target?.name ?? ''}`, field: 'target' });
    }
  }
  const n = records.length;
  return {
    metrics: { type_acc: typeOk / n, source_acc: srcN ? srcOk / srcN : 0, target_acc: tgtN ? tgtOk / tgtN : 0, n, no_event: none },
    errors,
  };
}

export const ploverTask: EvalTask = {
  name: 'events',
  dataset: 'events/plover-gsr',
  description: 'PLOVER gold standard records: event type and source/target country accuracy',
  run(dir) {
    return Promise.resolve(scorePlover(dir).metrics);
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const dir = resolve(process.argv[2] ?? join(here, '..', '..', '..', 'shared', 'data', 'events', 'plover-gsr'));
  const { metrics, errors } = scorePlover(dir);
  for (const [k, v] of Object.entries(metrics)) console.log(`${k.padEnd(12)} ${Number.isInteger(v) ? v : v.toFixed(4)}`);
  const confusion = new Map<string, number>();
  for (const e of errors.filter((x) => x.field === 'type')) confusion.set(`${e.gold} → ${e.got}`, (confusion.get(`${e.gold} → ${e.got}`) ?? 0) + 1);
  console.log('\ntype confusions (gold → got):');
  for (const [k, c] of [...confusion].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${String(c).padStart(4)}  ${k}`);
  const limit = Number(process.env.PLOVER_ERRORS ?? 12);
  for (const field of ['type', 'source', 'target'] as const) {
    console.log(`\n${field} errors (first ${limit}):`);
    for (const e of errors.filter((x) => x.field === field).slice(0, limit)) console.log(`  ${e.id}: gold ${e.gold}, got ${e.got} — ${e.text.slice(0, 140)}`);
  }
}
