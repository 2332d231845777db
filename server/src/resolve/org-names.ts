// Organisation names reduced to what tells two organisations apart: registers write one body as
// "Transport & Environment", "TRANSPORT AND ENVIRONMENT (T&E)" and "Transport and Environment Ltd",
// and these forms are what candidate blocking and scoring compare.
import { foldName } from '../names/keys';

/**
 * Legal forms, written after the name (folded, so "G.m.b.H." is "g m b h" before joining). They
 * say how a body is incorporated, not which body it is, so "Tesco plc" and "Tesco" share a key.
 */
const LEGAL_SUFFIXES: ReadonlyArray<readonly string[]> = [
  ['limited'],
  ['ltd'],
  ['plc'],
  ['p', 'l', 'c'],
  ['inc'],
  ['incorporated'],
  ['llp'],
  ['llc'],
  ['lp'],
  ['gmbh'],
  ['g', 'm', 'b', 'h'],
  ['ag'],
  ['sa'],
  ['sas'],
  ['sarl'],
  ['spa'],
  ['srl'],
  ['bv'],
  ['nv'],
  ['ab'],
  ['asa'],
  ['oy'],
  ['oyj'],
  ['kg'],
  ['se'],
  ['pty'],
  ['corp'],
  ['co'],
  ['cic'],
  ['cio'],
];

/** Words that join a name without naming anything ("Department for Transport" = "Department of Transport"). */
const STOPWORDS = new Set(['the', 'and', 'of', 'for', 'a', 'an', 'in', 'on', 'at', 'to', 'de', 'la', 'le', 'et', 'und', 'der', 'die']);

/**
 * Words a UK register adds to a body's name for its national arm or its group ("Greenpeace UK",
 * "Shell International", "Tesco Group"): the same body as a minister meets it, but not always the
 * same legal person, so they only make the weaker "core" key and cost a little in the score.
 */
const NOISE_SUFFIXES: ReadonlyArray<readonly string[]> = [
  ['uk'],
  ['u', 'k'],
  ['united', 'kingdom'],
  ['gb'],
  ['great', 'britain'],
  ['group'],
  ['international'],
  ['holdings'],
  ['worldwide'],
  ['global'],
  ['europe'],
];

export interface OrgName {
  /** The name as given. */
  raw: string;
  /** Folded words without legal suffixes, stopwords and bracketed acronyms ("transport environment"). */
  tokens: string[];
  /** tokens joined: the normalised-name key. */
  key: string;
  /** key without the noise words of NOISE_SUFFIXES at its end ("greenpeace" for Greenpeace UK); equal to key when none. */
  core: string;
  /** Acronyms the name declares: in brackets ("(WWF)", "(T&E)"), or the whole name when it is one ("WWF", "T&E"). */
  acronyms: string[];
  /** First letters of the significant words ("te" for Transport & Environment), when there are at least two. */
  initials: string;
  /** Which legal suffixes or noise words were taken off, for the reasons ("ltd", "uk"). */
  removed: string[];
}

/** Bracketed or bare words that look like acronyms but name a place: "(UK)" says where, not who. */
const PLACE_ACRONYMS = new Set(['uk', 'gb', 'eu', 'us', 'usa']);

const ACRONYM = /^[A-Z0-9][A-Z0-9&.\-/]{0,11}$/;

/** The letters of an acronym as written ("T&E" → "te", "W.W.F." → "wwf"). */
function acronymKey(text: string): string {
  const key = foldName(text).replace(/[^a-z0-9]/g, '');
  return PLACE_ACRONYMS.has(key) ? '' : key;
}

function stripTail(tokens: string[], tails: ReadonlyArray<readonly string[]>, removed: string[]): string[] {
  let out = tokens;
  for (let changed = true; changed && out.length > 1;) {
    changed = false;
    for (const tail of tails) {
      if (tail.length >= out.length) continue;
      if (tail.every((w, i) => out[out.length - tail.length + i] === w)) {
        out = out.slice(0, out.length - tail.length);
        removed.push(tail.join(''));
        changed = true;
        break;
      }
    }
  }
  return out;
}

/** The parts of an organisation name that blocking and scoring use. */
export function orgName(raw: string): OrgName {
  const acronyms: string[] = [];
  // Bracketed parts: an acronym is kept as one; other remarks ("(formerly X)", "(UK)") are dropped from
  // the key, their words kept only when the name would otherwise be empty.
  let rest = raw.replace(/[([]([^)\]]*)[)\]]/g, (_m, inner: string) => {
    const t = inner.trim();
    if (ACRONYM.test(t) && /[A-Z]/.test(t) && acronymKey(t).length >= 2) acronyms.push(acronymKey(t));
    return ' ';
  });
  if (!foldName(rest)) rest = raw;
  const whole = rest.trim();
  // "T&E" or "WWF" alone: the name is an acronym.
  if (!/\s/.test(whole) && ACRONYM.test(whole) && /[A-Z].*[A-Z]/.test(whole) && acronymKey(whole).length >= 2)
    acronyms.push(acronymKey(whole));
  const folded = foldName(rest.replace(/&/g, ' and ').replace(/\+/g, ' and '));
  const removed: string[] = [];
  let words = folded.split(' ').filter(Boolean);
  words = stripTail(words, LEGAL_SUFFIXES, removed);
  const significant = words.filter((w) => !STOPWORDS.has(w));
  const tokens = significant.length > 0 ? significant : words;
  const coreRemoved: string[] = [];
  const coreTokens = stripTail(stripTail(tokens, NOISE_SUFFIXES, coreRemoved), LEGAL_SUFFIXES, coreRemoved);
  if (tokens.length > 1 && coreTokens.length > 0 && coreTokens[0] === 'uk') coreTokens.shift();
  const initials = tokens.length >= 2 ? tokens.map((w) => w[0]).join('') : '';
  return {
    raw,
    tokens,
    key: tokens.join(' '),
    core: coreTokens.join(' ') || tokens.join(' '),
    acronyms: [...new Set(acronyms)],
    initials,
    removed: [...removed, ...coreRemoved],
  };
}
