// The words the drafter reads articles by, per language (German, English, Russian): role words and
// the posts and institutions they stand for, the words that report meetings, participation,
// a meeting's status, speculation, acquaintance, and the heads of topics. Word lists, not a model:
// what is not listed here is not found (README "Drafting from an article" says so).
import type { DraftLanguage } from './types';

/** What a role word says: the post's English title, and the kind of institution it is held at. */
export interface RoleSpec {
  /** Matched against the lower-cased word (inflected forms included by the pattern). */
  pattern: RegExp;
  title: string;
  /** How the institution is named, {C} for the country (English name), {H} for the host country. */
  institution?: { kind: string; name: string };
  /** "Counterpart": the same post as the subject of the sentence, in the country of the adjective. */
  counterpart?: boolean;
  /** Words that must follow within a few words for this role (Sekretär des Sicherheitsrates). */
  needs?: RegExp;
  /** Words before the role word that make it a deputy ("stellvertretende Sekretär"). */
  deputy?: RegExp;
}

const SECURITY_COUNCIL = { kind: 'security_council', name: 'Security Council of {C}' };
const PRESIDENCY = { kind: 'state_body', name: 'Presidency of {C}' };
const GOVERNMENT = { kind: 'state_body', name: 'Government of {C}' };
const EMBASSY = { kind: 'embassy', name: 'Embassy of {C} in {H}' };
const FOREIGN_MINISTRY = { kind: 'ministry', name: 'Ministry of Foreign Affairs of {C}' };
const DEFENCE_MINISTRY = { kind: 'ministry', name: 'Ministry of Defence of {C}' };

export const ROLES: Record<DraftLanguage, RoleSpec[]> = {
  de: [
    { pattern: /^sekretär(s|en)?$/, title: 'Secretary', needs: /^sicherheitsrat/, institution: SECURITY_COUNCIL, deputy: /^stellvertret/ },
    { pattern: /^sekretäre$/, title: 'Secretary', institution: SECURITY_COUNCIL },
    { pattern: /^(staats)?präsident(en|in)?$/, title: 'President', institution: PRESIDENCY },
    { pattern: /^(premierminister|ministerpräsident|regierungschef)(s|in)?$/, title: 'Prime Minister', institution: GOVERNMENT },
    { pattern: /^(bundes)?kanzler(s|in)?$/, title: 'Chancellor', institution: GOVERNMENT },
    { pattern: /^botschafter(s|in)?$/, title: 'Ambassador', institution: EMBASSY },
    { pattern: /^außenminister(s|in)?$/, title: 'Foreign Minister', institution: FOREIGN_MINISTRY },
    { pattern: /^verteidigungsminister(s|in)?$/, title: 'Defence Minister', institution: DEFENCE_MINISTRY },
    { pattern: /^(sonder)?gesandte[nr]?$/, title: 'Envoy' },
    { pattern: /^amtskolleg(e|en|in)$/, title: '', counterpart: true },
  ],
  en: [
    { pattern: /^secretary$/, title: 'Secretary', needs: /^security$/, institution: SECURITY_COUNCIL, deputy: /^deputy$/ },
    { pattern: /^president$/, title: 'President', institution: PRESIDENCY, deputy: /^vice$/ },
    { pattern: /^premier$/, title: 'Prime Minister', institution: GOVERNMENT },
    { pattern: /^chancellor$/, title: 'Chancellor', institution: GOVERNMENT },
    { pattern: /^ambassador$/, title: 'Ambassador', institution: EMBASSY },
    { pattern: /^envoy$/, title: 'Envoy' },
    { pattern: /^counterpart$/, title: '', counterpart: true },
  ],
  ru: [
    { pattern: /^секретар(ь|я|ю|ём|ем|е)$/, title: 'Secretary', needs: /^совет/, institution: SECURITY_COUNCIL, deputy: /^замест/ },
    { pattern: /^президент(а|у|ом|е)?$/, title: 'President', institution: PRESIDENCY },
    { pattern: /^премьер-министр(а|у|ом|е)?$/, title: 'Prime Minister', institution: GOVERNMENT },
    { pattern: /^посл(ом|а|у|е)$|^посол$/, title: 'Ambassador', institution: EMBASSY },
    { pattern: /^канцлер(а|у|ом|е)?$/, title: 'Chancellor', institution: GOVERNMENT },
    { pattern: /^(спец)?посланник(а|у|ом|е)?$/, title: 'Envoy' },
    { pattern: /^коллег(а|ой|е|у|и)$/, title: '', counterpart: true },
  ],
};

/** Multi-word roles, matched on the lower-cased sentence before single role words. */
export const ROLE_PHRASES: Record<DraftLanguage, Array<{ pattern: RegExp; spec: RoleSpec }>> = {
  de: [],
  en: [
    { pattern: /\bprime minister\b/g, spec: { pattern: /x/, title: 'Prime Minister', institution: GOVERNMENT } },
    { pattern: /\bforeign minister\b/g, spec: { pattern: /x/, title: 'Foreign Minister', institution: FOREIGN_MINISTRY } },
    { pattern: /\bdefen[cs]e minister\b/g, spec: { pattern: /x/, title: 'Defence Minister', institution: DEFENCE_MINISTRY } },
    {
      pattern: /\btreasury secretary\b/g,
      spec: { pattern: /x/, title: 'Treasury Secretary', institution: { kind: 'ministry', name: 'Treasury of {C}' } },
    },
    { pattern: /\bsecretary of state\b/g, spec: { pattern: /x/, title: 'Secretary of State', institution: FOREIGN_MINISTRY } },
  ],
  ru: [
    {
      pattern: /\bминистр(а|у|ом|е)? иностранных дел\b/g,
      spec: { pattern: /x/, title: 'Foreign Minister', institution: FOREIGN_MINISTRY },
    },
    { pattern: /\bминистр(а|у|ом|е)? обороны\b/g, spec: { pattern: /x/, title: 'Defence Minister', institution: DEFENCE_MINISTRY } },
  ],
};

/** Words that introduce a named outlet or institution ("die Nachrichten-Website Azerdaily"). */
export const OUTLET_WORDS: Record<DraftLanguage, Array<{ pattern: RegExp; kind: string }>> = {
  de: [
    { pattern: /^(nachrichten-?website|nachrichtenagentur|zeitung|nachrichtenportal|sender|website)$/, kind: 'media_outlet' },
    { pattern: /^(denkfabrik|thinktank)$/, kind: 'think_tank' },
  ],
  en: [
    { pattern: /^(newspaper|agency|outlet|website|broadcaster)$/, kind: 'media_outlet' },
    { pattern: /^(corporation|company|firm)$/, kind: 'company' },
    { pattern: /^(think-tank|tank)$/, kind: 'think_tank' },
  ],
  ru: [{ pattern: /^(агентство|агентства|газета|газеты|издание|издания|сайт)$/, kind: 'media_outlet' }],
};

export type MeetingKind = 'visit' | 'talks' | 'consultation' | 'summit' | 'call';

/** Words that make a capitalised run an institution ("Security Service of Ukraine"), and its kind. */
export const INSTITUTION_HEADS: Record<DraftLanguage, Array<{ pattern: RegExp; kind: string }>> = {
  de: [
    { pattern: /ministerium[s]?$/i, kind: 'ministry' },
    { pattern: /^(generalstab|geheimdienst|sicherheitsdienst)/i, kind: 'state_body' },
    { pattern: /^(partei)$/i, kind: 'party' },
  ],
  en: [
    { pattern: /^ministry$/i, kind: 'ministry' },
    { pattern: /^(service|staff|office|department|council|committee|commission|agency)$/i, kind: 'state_body' },
    { pattern: /^(center|centre|institute|foundation)$/i, kind: 'think_tank' },
    { pattern: /^party$/i, kind: 'party' },
    { pattern: /^(corporation|bank)$/i, kind: 'company' },
  ],
  ru: [
    { pattern: /^министерств/i, kind: 'ministry' },
    { pattern: /^(служб|генштаб|генеральн)/i, kind: 'state_body' },
    { pattern: /^парти/i, kind: 'party' },
  ],
};

/** Verbs of saying: who "said" something about talks is a speaker, not by that a participant. */
export const SAID_WORDS: Record<DraftLanguage, RegExp> = {
  de: /^(sagte|sagten|sagt)$/,
  en: /^(said|says|told|added|noted|wrote)$/,
  ru: /^(заявил|заявила|сказал|сказала|сообщил|сообщила)$/,
};

/** "earlier talks", "frühere Gespräche": a meeting before the article's narrative, of no date it gives. */
export const EARLIER_WORDS: Record<DraftLanguage, RegExp> = {
  de: /^(früher|frühere[nm]?|vorherige[nm]?)$/,
  en: /^(earlier|previous|prior|past)$/,
  ru: /^(ранее|прежн\S*|предыдущ\S*)$/,
};

/** A byline ("Reporting by …; Editing by …"): the names in it are the newsroom's, not the story's. */
export const BYLINE: Record<DraftLanguage, RegExp> = {
  de: /^(von|text|redaktion|mitarbeit):?\s/i,
  en: /^(reporting|writing|editing|additional reporting) by\b/i,
  ru: /^(автор|редактор):?\s/i,
};

/** Words that report a meeting, and the kind of meeting. */
export const MEETING_WORDS: Record<DraftLanguage, Array<{ pattern: RegExp; kind: MeetingKind }>> = {
  de: [
    { pattern: /^(besuch|besuchs|besuche|staatsbesuch|arbeitsbesuch|besuchte|besuchten)$/, kind: 'visit' },
    {
      pattern: /^(gespräche?|gesprächen|verhandlungen|treffen|treffens|traf|trafen|zusammentraf|zusammentrafen|getroffen)$/,
      kind: 'talks',
    },
    { pattern: /^(fach)?konsultationen$/, kind: 'consultation' },
    { pattern: /^gipfel(treffen|s)?$/, kind: 'summit' },
    { pattern: /^(telefonat|telefonats|telefongespräch|telefonierte)$/, kind: 'call' },
  ],
  en: [
    { pattern: /^(visit|visits|visited|visiting)$/, kind: 'visit' },
    { pattern: /^(talks|met|meet|meets|meeting|negotiations)$/, kind: 'talks' },
    { pattern: /^consultations$/, kind: 'consultation' },
    { pattern: /^summit$/, kind: 'summit' },
    { pattern: /^(call|phoned)$/, kind: 'call' },
  ],
  ru: [
    { pattern: /^(визит|визита|визите|визитом|посетил|посетила|посетили)$/, kind: 'visit' },
    { pattern: /^(переговоры|переговоров|переговорах|встреча|встречи|встрече|встречу|встретился|встретилась|встретились)$/, kind: 'talks' },
    { pattern: /^консультаци(и|й|ях)$/, kind: 'consultation' },
    { pattern: /^саммит(а|е)?$/, kind: 'summit' },
    { pattern: /^(разговор|созвонились)$/, kind: 'call' },
  ],
};

/** Words that introduce the other side of a meeting ("mit", "with", "с"), the pair ("zwischen"), the agent ("durch"). */
export const WITH_WORDS: Record<DraftLanguage, RegExp> = { de: /^(mit|gegenüber)$/, en: /^(with)$/, ru: /^(с|со)$/ };
export const BETWEEN_WORDS: Record<DraftLanguage, RegExp> = { de: /^zwischen$/, en: /^between$/, ru: /^между$/ };
export const AGENT_WORDS: Record<DraftLanguage, RegExp> = { de: /^durch$/, en: /^by$/, ru: /^$/ };
export const IN_WORDS: Record<DraftLanguage, RegExp> = { de: /^(in|nach)$/, en: /^(in|to)$/, ru: /^(в|во)$/ };
/** A pronoun standing for the sentence's first person (or the last one named before it). */
export const HE_WORDS: Record<DraftLanguage, RegExp> = { de: /^(er|sie)$/, en: /^(he|she)$/, ru: /^(он|она)$/ };
/** Words that open a clause hanging on a visit ("…, wo er Gespräche führte"). */
export const WHERE_WORDS: Record<DraftLanguage, RegExp> = { de: /^wo$/, en: /^where$/, ru: /^где$/ };
/** Articles and demonstratives before a meeting word that refer back to a meeting already told. */
export const DEFINITE_WORDS: Record<DraftLanguage, RegExp> = {
  de: /^(dem|den|der|des|diesem|diesen|beim)$/,
  en: /^(the|this|that)$/,
  ru: /^(этой|этом|этого|эта|тот|той|этих|этой)$/,
};

/** Words that say people took part in a meeting ("haben an dem Treffen teilgenommen"). */
export const PARTICIPATION_WORDS: Record<DraftLanguage, RegExp> = {
  de: /^(teilgenommen|teilnahmen|teilnahm|teilnehmen|teilnehmer|nahmen|nahm)$/,
  en: /^(attended|participated|took|joined)$/,
  ru: /^(участвовали|участвовал|участвовала|участие)$/,
};

/** Words that give a meeting's status. Checked in the sentence of the meeting word. */
export const STATUS_WORDS: Record<DraftLanguage, Array<{ pattern: RegExp; status: 'planned' | 'postponed' | 'cancelled' }>> = {
  de: [
    { pattern: /\b(verschiebung|verschoben|vertagt)/, status: 'postponed' },
    { pattern: /\b(abgesagt|absage)/, status: 'cancelled' },
    { pattern: /\b(geplant|vorgesehen|soll .* stattfinden|wird .* stattfinden)/, status: 'planned' },
  ],
  en: [
    { pattern: /\b(postpone|postponed|postponement|delayed)\b/, status: 'postponed' },
    { pattern: /\b(cancel|cancelled|canceled|called off)\b/, status: 'cancelled' },
    { pattern: /\b(will be held|would be held|planned|scheduled|next round)\b/, status: 'planned' },
  ],
  ru: [
    { pattern: /(отложен|перенесен|перенос)/, status: 'postponed' },
    { pattern: /(отменен|отмена)/, status: 'cancelled' },
    { pattern: /(запланирован|планируется|состоится|пройдет)/, status: 'planned' },
  ],
};

/** Markers that a sentence reports speculation, not fact: its proposals get status speculative. */
export const SPECULATION: Record<DraftLanguage, RegExp> = {
  de: /(spekul|höchstwahrscheinlich|vermutlich|angeblich|mutmaßlich|möglicherweise|gerücht)/i,
  en: /\b(reportedly|allegedly|speculat\w*|rumou?r\w*|presumably|most likely|probably|is believed)\b/i,
  ru: /(предположительно|якобы|по слухам|вероятно|возможно|по некоторым данным)/i,
};

/** Two people who know each other ("dass sich die beiden … persönlich kennen"). */
export const KNOWS: Record<DraftLanguage, RegExp> = {
  de: /(kennen sich|sich [^.]{0,80}kennen|bekannt miteinander)/i,
  en: /\bknow each other\b/i,
  ru: /(знакомы|знают друг друга)/i,
};

/** Words that head a topic phrase ("die Zusammenarbeit im Bereich der Informationssicherheit"). */
export const TOPIC_HEADS: Record<DraftLanguage, RegExp> = {
  de: /(zusammenarbeit|beziehungen|konflikts?|sicherheit|hilfe|projekte|terrorismus|extremismus|abkommens?|sanktionen)$/,
  en: /^(cooperation|relations|conflict|security|aid|sanctions|guarantees|ceasefire|swap|exchange|agreement|truce)$/,
  ru: /^(сотрудничеств[оау]|отношени[яйе]|конфликт[ау]?|безопасност[ьи]|помощ[ьи]|санкци[ийя])$/,
};

/** Determiners and other lower-case words a topic phrase does not start with. */
export const DETERMINERS: Record<DraftLanguage, RegExp> = {
  de: /^(der|die|das|den|dem|des|ein|eine|einer|eines|einem|einen|im|am|beim|zur|zum|sowie|und|auf|die|bei|über|von|mit|für)$/,
  en: /^(the|a|an|and|of|on|in|for|with|to|its|their|his|her)$/,
  ru: /^(и|в|на|о|об|по|с|для)$/,
};

/** Capitalised words that are never names: sentence openers, weekdays, months, pronouns. */
export const NOT_NAMES: Record<DraftLanguage, RegExp> = {
  de: /^(der|die|das|den|dem|des|ein|eine|einer|am|im|bei|auf|in|mit|nach|von|vor|zu|zum|zur|es|er|sie|wir|ihr|ihre|ihren|ihrem|ihrer|unser|unsere|unseren|unserem|sein|seine|seinem|seinen|ich|ihnen|für|wie|was|wer|dies|diese|dieser|dieses|erstens|zweitens|drittens|einige|auch|dass|wo|als|siehe|mehr|für|senden|januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)$/,
  en: /^(the|a|an|in|on|at|after|before|he|she|it|they|we|i|his|her|this|that|these|those|but|and|or|if|while|despite|speaking|pow|pows|x|january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|item|reporting|editing|our|mr|mrs|ms|dr)$/,
  ru: /^(в|на|по|с|и|он|она|они|это|как|но|а|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)$/,
};

/** German noun endings: a capitalised word ending so is a common noun, not a name. */
export const GERMAN_NOUN_ENDINGS =
  /(ion|lauf|ung|ungen|heit|keit|schaft|tion|tionen|tät|ismus|ment|nis|rat|rates|amt|ium|chen|lein|ik|ei|eur|ort|ier|ieren|ern|ung|ssen|igkeit|lich|isch|ische|ischen)$/;

/** Cities where meetings are held, and their country: the places a visit to a capital names. */
export const CITIES: Record<string, string> = {
  baku: 'AZ',
  jerewan: 'AM',
  yerevan: 'AM',
  eriwan: 'AM',
  moskau: 'RU',
  moscow: 'RU',
  tiflis: 'GE',
  tbilisi: 'GE',
  teheran: 'IR',
  tehran: 'IR',
  kiew: 'UA',
  kyiv: 'UA',
  kiev: 'UA',
  ankara: 'TR',
  istanbul: 'TR',
  berlin: 'DE',
  washington: 'US',
  'abu dhabi': 'AE',
  brüssel: 'BE',
  brussels: 'BE',
  paris: 'FR',
  london: 'GB',
  peking: 'CN',
  beijing: 'CN',
  minsk: 'BY',
  astana: 'KZ',
  genf: 'CH',
  geneva: 'CH',
  warschau: 'PL',
  warsaw: 'PL',
  riad: 'SA',
  riyadh: 'SA',
  damaskus: 'SY',
  damascus: 'SY',
  баку: 'AZ',
  ереван: 'AM',
  москва: 'RU',
  москве: 'RU',
  тбилиси: 'GE',
  тегеран: 'IR',
  киев: 'UA',
  минск: 'BY',
  минске: 'BY',
};

/** Country adjectives (stems, lower case) and the country they stand for. */
export const ADJECTIVES: Record<DraftLanguage, Array<[RegExp, string]>> = {
  de: [
    [/^russisch/, 'RU'],
    [/^aserbaidschanisch/, 'AZ'],
    [/^armenisch/, 'AM'],
    [/^iranisch/, 'IR'],
    [/^syrisch/, 'SY'],
    [/^georgisch/, 'GE'],
    [/^türkisch/, 'TR'],
    [/^ukrainisch/, 'UA'],
    [/^amerikanisch|^us-amerikanisch/, 'US'],
    [/^deutsch/, 'DE'],
    [/^französisch/, 'FR'],
    [/^britisch/, 'GB'],
    [/^chinesisch/, 'CN'],
    [/^polnisch/, 'PL'],
    [/^belarussisch|^weißrussisch/, 'BY'],
    [/^kasachisch/, 'KZ'],
    [/^israelisch/, 'IL'],
  ],
  en: [
    [/^russian$/, 'RU'],
    [/^azerbaijani$/, 'AZ'],
    [/^armenian$/, 'AM'],
    [/^iranian$/, 'IR'],
    [/^syrian$/, 'SY'],
    [/^georgian$/, 'GE'],
    [/^turkish$/, 'TR'],
    [/^ukrainian$/, 'UA'],
    [/^american$|^u\.s\.$|^us$/, 'US'],
    [/^german$/, 'DE'],
    [/^french$/, 'FR'],
    [/^british$/, 'GB'],
    [/^chinese$/, 'CN'],
    [/^polish$/, 'PL'],
    [/^belarusian$/, 'BY'],
    [/^israeli$/, 'IL'],
  ],
  ru: [
    [/^(российск|русск)/, 'RU'],
    [/^азербайджанск/, 'AZ'],
    [/^армянск/, 'AM'],
    [/^иранск/, 'IR'],
    [/^сирийск/, 'SY'],
    [/^грузинск/, 'GE'],
    [/^турецк/, 'TR'],
    [/^украинск/, 'UA'],
    [/^американск/, 'US'],
    [/^немецк|^германск/, 'DE'],
    [/^французск/, 'FR'],
    [/^британск/, 'GB'],
    [/^китайск/, 'CN'],
    [/^польск/, 'PL'],
    [/^белорусск/, 'BY'],
  ],
};

/** "des Landes", "of the country", "страны": the country the article is about at that point. */
export const THIS_COUNTRY: Record<DraftLanguage, RegExp> = {
  de: /^landes$/,
  en: /^country$/,
  ru: /^страны$/,
};

/** Relative dates the date parser does not read, as years from the article's date. */
export const RELATIVE_YEARS: Record<DraftLanguage, Array<{ pattern: RegExp; offset: number }>> = {
  de: [
    { pattern: /\b(dieses jahres|diesen jahres|in diesem jahr)\b/i, offset: 0 },
    { pattern: /\b(letzten jahres|vergangenen jahres|im vergangenen jahr|letztes jahr)\b/i, offset: -1 },
  ],
  en: [
    { pattern: /\bthis year\b/i, offset: 0 },
    { pattern: /\blast year\b/i, offset: -1 },
  ],
  ru: [
    { pattern: /(этого года|в этом году)/i, offset: 0 },
    { pattern: /(прошлого года|в прошлом году)/i, offset: -1 },
  ],
};

export const MONTHS: Record<DraftLanguage, RegExp[]> = {
  de: ['januar', 'februar', 'märz', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'dezember'].map(
    (m) => new RegExp(`^${m}$`, 'i'),
  ),
  en: ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].map(
    (m) => new RegExp(`^${m}$`, 'i'),
  ),
  ru: ['январ', 'феврал', 'март', 'апрел', 'ма[йя]', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр'].map(
    (m) => new RegExp(`^${m}`, 'i'),
  ),
};

/** A bare year with the words that make it a date ("im Jahr 2017", "in 2017", "в 2017 году"). */
export const YEAR_PATTERNS: Record<DraftLanguage, RegExp> = {
  de: /\b(?:im jahr(?:e)?|seit|bis)\s+((?:19|20)\d\d)\b/gi,
  en: /\b(?:in|since)\s+((?:19|20)\d\d)\b(?![-–])/gi,
  ru: /\bв\s+((?:19|20)\d\d)\s+год/gi,
};
