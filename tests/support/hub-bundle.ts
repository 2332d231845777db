// A generated hub for tests of group nodes: one person who took part in `count` meetings spread
// over `years` (five cities in turn, some dated only to the month), holding one post, with every
// fact cited from one test Source; optionally some undated meetings too.
export interface HubBundleOptions {
  prefix: string;
  count: number;
  firstYear?: number;
  years?: number;
  undated?: number;
}

export const HUB_CITIES = ['Minsk', 'Baku', 'Yerevan', 'Tbilisi', 'Astana'];

export function hubBundle({ prefix, count, firstYear = 2019, years = 6, undated = 0 }: HubBundleOptions) {
  const src = `${prefix}src`;
  const cite = [{ source: src, quote: 'A sentence written for this test.' }];
  const hub = `${prefix}hub`;
  const meetings = Array.from({ length: count + undated }, (_, i) => {
    const year = firstYear + (i % years);
    const month = String((i % 12) + 1).padStart(2, '0');
    const day = String((i % 27) + 1).padStart(2, '0');
    const city = HUB_CITIES[i % HUB_CITIES.length]!;
    const date = i >= count ? undefined : i % 10 === 9 ? `${year}-${month}` : `${year}-${month}-${day}`;
    return {
      id: `${prefix}m${String(i).padStart(3, '0')}`,
      type: 'Meeting',
      properties: { title: `Talks in ${city} no. ${i + 1}`, kind: 'talks', status: 'held', place: city, ...(date ? { date } : {}) },
      citations: cite,
    };
  });
  return {
    hub,
    meetings,
    bundle: {
      nodes: [
        { id: src, type: 'Source', properties: { title: `Test source ${prefix}` } },
        { id: hub, type: 'Person', properties: { name: `Hub Person ${prefix}` }, citations: cite },
        { id: `${prefix}org`, type: 'Organization', properties: { name: `Ministry ${prefix}`, kind: 'ministry' }, citations: cite },
        ...meetings,
      ],
      relationships: [
        {
          id: `${hub}--post`,
          type: 'HOLDS_POST',
          source: hub,
          target: `${prefix}org`,
          properties: { title: 'Minister' },
          citations: cite,
        },
        ...meetings.map((m) => ({
          id: `${hub}--${m.id}`,
          type: 'TAKES_PART',
          source: hub,
          target: m.id,
          properties: { role: 'participant' },
          citations: cite,
        })),
      ],
    },
  };
}
