// The map of meeting places (issue 11, item 8): a "Map" toggle on the canvas opens a world map with
// one circle per place where the meetings in view took place, sized by their number, following the
// filters and the time window; clicking a place selects its meetings on the canvas. Off by default
// and remembered in this browser. The places come from the server (GET /api/places, which keeps the
// gazetteer); the drawing (map-view.ts, with d3-geo and the world map) is loaded when first turned on.
import type { Core, NodeSingular } from 'cytoscape';

import { api } from '../api';
import { esc } from '../details';
import type { MapView } from './map-view';
import {
  batches,
  mapWanted,
  marksFor,
  markTitle,
  meetingsWord,
  reasonText,
  rememberMap,
  unplacedIn,
  type ApiPlace,
  type ApiUnplaced,
  type PlaceMark,
} from './places';

export interface MeetingMapHooks {
  /** Select these meetings on the canvas (and show the first one's details). */
  select: (ids: string[]) => void;
  error: (error: unknown) => void;
}

export interface MeetingMap {
  /** Draws again for what is in view now (after every change, filter and time window). */
  update: () => void;
  readonly on: boolean;
}

/** The store's answers, per meeting: where it is (a place key) or why it is nowhere. */
interface Known {
  places: Map<string, Omit<ApiPlace, 'meetings'>>;
  at: Map<string, string>;
  unplaced: Map<string, ApiUnplaced>;
  asked: Set<string>;
}

const storage = (): Storage | null => {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
};

export function setupMeetingMap(column: HTMLElement, cy: Core, hooks: MeetingMapHooks): MeetingMap {
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.id = 'map-toggle';
  toggle.className = 'map-toggle';
  toggle.textContent = 'Map';
  toggle.title = 'Show where the meetings in view took place';
  toggle.setAttribute('aria-controls', 'meeting-map');

  const pane = document.createElement('section');
  pane.id = 'meeting-map';
  pane.className = 'meeting-map';
  pane.setAttribute('aria-label', 'Map of meeting places');
  pane.hidden = true;
  pane.innerHTML = `
    <div class="map-head">
      <strong>Meeting places</strong>
      <span class="map-summary muted" aria-live="polite"></span>
      <span class="map-zoom">
        <button type="button" data-zoom="in" aria-label="Zoom the map in" title="Zoom in">+</button>
        <button type="button" data-zoom="out" aria-label="Zoom the map out" title="Zoom out">−</button>
        <button type="button" data-zoom="fit" aria-label="Show all places" title="Show all places">⤢</button>
      </span>
      <button type="button" class="map-close" aria-label="Close the map" title="Close the map">×</button>
    </div>
    <div class="map-canvas"></div>
    <div class="map-list"></div>
    <p class="map-credit muted">Places: <a href="https://www.geonames.org/" rel="noreferrer" target="_blank">GeoNames</a> (CC BY 4.0) · map: Natural Earth</p>`;
  column.append(pane, toggle);

  const summary = pane.querySelector<HTMLElement>('.map-summary')!;
  const canvas = pane.querySelector<HTMLElement>('.map-canvas')!;
  const list = pane.querySelector<HTMLElement>('.map-list')!;
  const known: Known = { places: new Map(), at: new Map(), unplaced: new Map(), asked: new Set() };
  let on = mapWanted(storage());
  let drawing: MapView | null = null;
  let loading: Promise<MapView> | null = null;
  let selected: string | null = null;
  let marks: PlaceMark[] = [];
  /** Whether the map has been framed on the places since it was opened (later updates keep the user's zoom). */
  let framed = false;
  let fetching: Promise<void> | null = null;

  const nameOf = (id: string) => (cy.getElementById(id).data('label') as string | undefined) ?? id;
  const meetings = () => cy.nodes('[type = "Meeting"]').not('.more');
  const inView = (n: NodeSingular) => !n.hasClass('filtered') && !n.hasClass('user-hidden');

  function load(): Promise<MapView> {
    loading ??= import('./map-view').then(({ MapView }) => {
      drawing = new MapView(canvas, { pick: (m) => pick(m.key) });
      return drawing;
    });
    return loading;
  }

  /** Requests under way: a later update waits for them too, so that it never draws half an answer. */
  const inflight = new Set<Promise<void>>();

  /** Asks the server about the meetings on the canvas it has not been asked about. */
  function fetchPlaces(): Promise<void> {
    const ids = meetings()
      .map((n) => n.id())
      .filter((id) => !known.asked.has(id));
    for (const id of ids) known.asked.add(id);
    for (const batch of batches(ids)) {
      const request = api.places(batch).then(
        (answer) => {
          for (const p of answer.places) {
            const { meetings: here, ...place } = p;
            known.places.set(p.key, place);
            for (const id of here) known.at.set(id, p.key);
          }
          for (const u of answer.unplaced) known.unplaced.set(u.meeting, u);
        },
        (error: unknown) => {
          // Asked again next time rather than never.
          for (const id of batch) known.asked.delete(id);
          throw error;
        },
      );
      inflight.add(request);
      void request.then(
        () => inflight.delete(request),
        () => inflight.delete(request),
      );
    }
    return Promise.all([...inflight]).then(() => undefined);
  }

  function places(): ApiPlace[] {
    const byKey = new Map<string, ApiPlace>();
    meetings().forEach((n) => {
      const key = known.at.get(n.id());
      const place = key ? known.places.get(key) : undefined;
      if (!key || !place) return;
      const entry = byKey.get(key) ?? { ...place, meetings: [] };
      entry.meetings.push(n.id());
      byKey.set(key, entry);
    });
    return [...byKey.values()];
  }

  function renderList(visible: ReadonlySet<string>, notOnMap: ApiUnplaced[]): void {
    const chosen = marks.find((m) => m.key === selected);
    const placeItems = marks
      .map(
        (m) =>
          `<li><button type="button" class="map-place-item${m.key === selected ? ' selected' : ''}" data-key="${esc(m.key)}" ` +
          `title="${esc(markTitle(m))}" aria-pressed="${m.key === selected}">${esc(m.label)} <span class="muted">${m.meetings.length}</span></button></li>`,
      )
      .join('');
    const here = chosen
      ? `<p class="map-here-title">${esc(meetingsWord(chosen.meetings.length))} in ${esc(chosen.label)}:</p><ul class="map-here">${chosen.meetings
          .map((id) => `<li><button type="button" class="link" data-meeting="${esc(id)}">${esc(nameOf(id))}</button></li>`)
          .join('')}</ul>`
      : '';
    const away = notOnMap.length
      ? `<details class="map-unplaced"><summary>Not on the map: ${esc(meetingsWord(notOnMap.length))}</summary><ul>${notOnMap
          .map(
            (u) =>
              `<li><button type="button" class="link" data-meeting="${esc(u.meeting)}">${esc(nameOf(u.meeting))}</button> ` +
              `<span class="muted">${esc(reasonText(u))}</span></li>`,
          )
          .join('')}</ul></details>`
      : '';
    const none = visible.size === 0 ? '<p class="muted">No meetings in view.</p>' : '';
    list.innerHTML = `${none}${placeItems ? `<ul class="map-places">${placeItems}</ul>` : ''}${here}${away}`;
  }

  function render(): void {
    const visible = new Set(
      meetings()
        .filter(inView)
        .map((n) => n.id()),
    );
    marks = marksFor(places(), visible);
    if (selected && !marks.some((m) => m.key === selected)) selected = null;
    const notOnMap = unplacedIn([...known.unplaced.values()], visible);
    const placed = marks.reduce((n, m) => n + m.meetings.length, 0);
    summary.textContent = visible.size
      ? `${meetingsWord(placed)} at ${marks.length} place${marks.length === 1 ? '' : 's'}${notOnMap.length ? `, ${notOnMap.length} not on the map` : ''}`
      : '';
    drawing?.draw(marks, selected);
    if (drawing && !framed && marks.length) {
      drawing.frame(marks);
      framed = true;
    }
    renderList(visible, notOnMap);
    pane.dataset.ready = String(Boolean(drawing) && !fetching);
  }

  function pick(key: string): void {
    const mark = marks.find((m) => m.key === key);
    if (!mark) return;
    selected = key;
    render();
    hooks.select(mark.meetings);
  }

  function update(): void {
    if (!on) return;
    const run = Promise.all([load(), fetchPlaces()]);
    const current = run.then(
      () => undefined,
      () => undefined,
    );
    fetching = current;
    render();
    run.then(
      () => {
        if (fetching === current) fetching = null;
        render();
      },
      (error: unknown) => {
        if (fetching === current) fetching = null;
        render();
        hooks.error(error);
      },
    );
  }

  function setOn(value: boolean): void {
    on = value;
    rememberMap(storage(), value);
    pane.hidden = !value;
    toggle.setAttribute('aria-pressed', String(value));
    toggle.classList.toggle('on', value);
    document.body.classList.toggle('map-open', value);
    if (value) {
      framed = false;
      update();
    }
  }

  toggle.addEventListener('click', () => setOn(!on));
  pane.querySelector('.map-close')!.addEventListener('click', () => {
    setOn(false);
    toggle.focus();
  });
  pane.querySelector('.map-zoom')!.addEventListener('click', (e) => {
    const z = (e.target as HTMLElement).closest<HTMLButtonElement>('[data-zoom]')?.dataset.zoom;
    if (!drawing || !z) return;
    if (z === 'in') drawing.zoomBy(1.6);
    else if (z === 'out') drawing.zoomBy(1 / 1.6);
    else drawing.frame(marks);
  });
  list.addEventListener('click', (e) => {
    const t = e.target as HTMLElement;
    const place = t.closest<HTMLButtonElement>('[data-key]');
    if (place) return pick(place.dataset.key!);
    const meeting = t.closest<HTMLButtonElement>('[data-meeting]');
    if (meeting) hooks.select([meeting.dataset.meeting!]);
  });
  pane.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      setOn(false);
      toggle.focus();
    }
  });
  // A new view (another network opened, the canvas cleared) is framed afresh.
  cy.on('remove', () => {
    if (cy.nodes().empty()) framed = false;
  });

  setOn(on);
  return {
    update,
    get on() {
      return on;
    },
  };
}
