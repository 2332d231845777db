// Find in view and the playable timeline, with real keys, mouse and touch, at 1440×900 and on a
// 390×844 touch phone. Patrushev's network is opened from the search; "/" (or the Find button)
// opens Find, "Usubov" highlights and selects Ramil Usubov (the talks titled with his name match
// too, after him), a German spelling finds every node named Patrushev, Enter / Shift+Enter and ▲ ▼
// cycle and centre, a time window hides some ("2 hidden"), Esc restores. Play moves the window
// through the view's dates (the meetings on the canvas change with it), Pause stops it, and the
// run is one undo step and one history entry.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';

import { useE2E, viewIdle } from '../support/e2e';

// Code passed to page.evaluate runs in the browser, where window and document are the page's.
declare const window: any;
declare const document: any;

const env = useE2E();

const idle = viewIdle;

/** Opens Patrushev's network from the search box as each device would: keys on the desktop, taps on the phone. */
async function openPatrushev(page: Page, phone: boolean): Promise<void> {
  page.setDefaultTimeout(60_000);
  await page.goto(env.server.url);
  await page.waitForSelector('body[data-ready="true"]');
  if (phone) await page.tap('#search-input');
  else {
    // An empty canvas: "/" is still the search box's key.
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-input');
  }
  await page.keyboard.type('Patrushev');
  await page.waitForSelector('#search-results li[data-index="0"]');
  expect(await page.textContent('#search-results li[data-index="0"] .hit-name')).toBe('Nikolai Patrushev');
  if (phone) await page.tap('#search-results li[data-index="0"]');
  else await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.liaison?.cy.getElementById('person-patrushev').neighborhood().nodes().length > 2);
  await idle(page);
}

/** The find bar's state as the page shows it. */
const findState = (page: Page) =>
  page.evaluate(() => {
    const bar = document.getElementById('find-bar');
    const cy = window.liaison.cy;
    return {
      open: !bar.hidden,
      count: document.getElementById('find-count').textContent as string,
      current: bar.dataset.current as string,
      hits: cy
        .nodes('.find-hit')
        .map((n: any) => n.id())
        .sort() as string[],
      dimmed: cy.nodes('.find-dim').map((n: any) => n.id()) as string[],
      selected: cy.$(':selected').map((e: any) => e.id()) as string[],
      focus: document.activeElement?.id as string,
    };
  });

/** Where the node is drawn, against the canvas's middle. */
const offCentre = (page: Page, id: string) =>
  page.evaluate((nodeId: string) => {
    const cy = window.liaison.cy;
    const p = cy.getElementById(nodeId).renderedPosition();
    return Math.hypot(p.x - cy.width() / 2, p.y - cy.height() / 2);
  }, id);

const visibleMeetings = (page: Page) =>
  page.evaluate(
    () =>
      window.liaison.cy
        .nodes('[type = "Meeting"]')
        .filter((n: any) => n.visible())
        .map((n: any) => n.id())
        .sort() as string[],
  );

/** Nodes in view whose label names Patrushev (what the German spelling must find). */
const namedPatrushev = (page: Page, shownOnly: boolean) =>
  page.evaluate(
    (shown: boolean) =>
      window.liaison.cy
        .nodes()
        .not('.more')
        .filter((n: any) => /Patrushev/.test(n.data('label')) && (!shown || n.visible()))
        .map((n: any) => n.id())
        .sort() as string[],
    shownOnly,
  );

/** Samples the window inputs and the meetings on the canvas while the timeline plays. */
async function watchPlaying(page: Page, ms: number): Promise<Array<{ after: string; before: string; meetings: string }>> {
  const seen: Array<{ after: string; before: string; meetings: string }> = [];
  const until = Date.now() + ms;
  while (Date.now() < until) {
    seen.push({
      after: await page.inputValue('#window-after'),
      before: await page.inputValue('#window-before'),
      meetings: (await visibleMeetings(page)).join(' '),
    });
    await page.waitForTimeout(120);
  }
  return seen;
}

describe('find in view and play, desktop 1440×900', () => {
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await openPatrushev(page, false);
  });

  afterAll(async () => {
    await page.close();
  });

  it('"/" on the canvas opens Find; "Usubov" highlights Ramil Usubov, dims the rest and selects him', async () => {
    // A click on the canvas's background: Cytoscape takes the focus off the search box (to the body).
    const g = await page.evaluate(() => {
      const r = document.getElementById('graph').getBoundingClientRect();
      return { x: r.right - 30, y: r.top + 60 };
    });
    await page.mouse.click(g.x, g.y);
    expect(await page.evaluate(() => document.activeElement === document.body || document.activeElement?.id === 'graph')).toBe(true);
    await page.keyboard.press('/');
    await page.waitForSelector('#find-bar:not([hidden])');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('find-input');
    await page.keyboard.type('Usubov');
    await page.waitForFunction(() => document.getElementById('find-bar').dataset.current === 'person-usubov');
    await page.waitForSelector('#details[data-id="person-usubov"]', { state: 'attached' });
    const s = await findState(page);
    // The person first; the talks named after him match too, as a word of a longer name.
    expect(s.count).toBe('1 of 2');
    expect(s.hits).toEqual(['meeting-2019-09-04-baku-usubov', 'person-usubov']);
    expect(s.selected).toEqual(['person-usubov']);
    expect(s.dimmed).toContain('person-patrushev');
    expect(s.dimmed).not.toContain('person-usubov');
    expect(await page.evaluate(() => window.liaison.cy.getElementById('person-usubov').hasClass('find-current'))).toBe(true);
    // Other scripts and spellings find the same person; his full name in Cyrillic finds him alone.
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Рамиль Усубов');
    await page.waitForFunction(() => document.getElementById('find-count').textContent === '1 of 1');
    expect((await findState(page)).hits).toEqual(['person-usubov']);
    expect(await page.screenshot({ path: 'tests/e2e/screenshots/find-in-view-1440x900.png' })).toBeTruthy();
  });

  it('finds every node named Patrushev under his German spelling and cycles through them, centring each', async () => {
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Patruschew');
    const expected = await namedPatrushev(page, true);
    expect(expected.length).toBeGreaterThanOrEqual(5);
    await page.waitForFunction((n: number) => document.getElementById('find-count').textContent === `1 of ${n}`, expected.length);
    const s = await findState(page);
    expect(s.hits).toEqual(expected);
    // The person himself is the best match: his alias is the query.
    expect(s.current).toBe('person-patrushev');

    const order: string[] = [s.current];
    for (let i = 2; i <= expected.length; i++) {
      await page.keyboard.press('Enter');
      await page.waitForFunction((k: string) => document.getElementById('find-count').textContent.startsWith(k), `${i} of `);
      await idle(page);
      const now = await findState(page);
      order.push(now.current);
      expect(now.selected).toEqual([now.current]);
      expect(now.focus).toBe('find-input');
      expect(await offCentre(page, now.current)).toBeLessThan(3);
      await page.waitForSelector(`#details[data-id="${now.current}"]`, { state: 'attached' });
    }
    expect([...order].sort()).toEqual(expected);
    // Past the last: back to the first; Shift+Enter goes back; the ▲ ▼ buttons do the same.
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('find-count').textContent.startsWith('1 of'));
    await page.keyboard.press('Shift+Enter');
    await page.waitForFunction((n: number) => document.getElementById('find-count').textContent === `${n} of ${n}`, expected.length);
    expect((await findState(page)).current).toBe(order.at(-1));
    await page.click('#find-next');
    await page.waitForFunction(() => document.getElementById('find-count').textContent.startsWith('1 of'));
    await page.click('#find-prev');
    await page.waitForFunction((n: number) => document.getElementById('find-count').textContent.startsWith(`${n} of`), expected.length);
    await idle(page);
    expect(await offCentre(page, order.at(-1)!)).toBeLessThan(3);
  });

  it('does not match what the time window hides, but says how many it hides; Esc restores the view', async () => {
    const a = await page.evaluate(() => window.liaison.timeline.pointOf('2019-09-01'));
    const b = await page.evaluate(() => window.liaison.timeline.pointOf('2019-09-30'));
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move(b.x, b.y, { steps: 6 });
    await page.mouse.up();
    await page.waitForFunction(() => window.liaison.filters.after !== null);
    await idle(page);
    const shown = await namedPatrushev(page, true);
    const all = await namedPatrushev(page, false);
    expect(all.length - shown.length).toBeGreaterThanOrEqual(2);
    const hidden = all.length - shown.length;
    await page.waitForFunction(
      ([n, h]: number[]) => new RegExp(`^\\d+ of ${n} · ${h} hidden$`).test(document.getElementById('find-count').textContent),
      [shown.length, hidden],
    );
    expect((await findState(page)).hits).toEqual(shown);

    await page.click('#find-input');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#find-bar', { state: 'hidden' });
    const s = await findState(page);
    expect(s.hits).toEqual([]);
    expect(await page.evaluate(() => window.liaison.cy.elements('.find-dim, .find-current').length)).toBe(0);
    // What was found stays selected; the focus goes back to the canvas.
    expect(s.selected).toHaveLength(1);
    expect(s.focus).toBe('graph');
    await page.click('#window-clear');
    await page.waitForFunction(() => window.liaison.filters.after === null);
    await idle(page);
  });

  it('plays the timeline to its end: the window moves through the dates and the meetings on the canvas change with it', async () => {
    const urlBefore = await page.evaluate(() => window.location.href as string);
    const undoBefore = await page.evaluate(() => window.liaison.undoDepth);
    const everyMeeting = await visibleMeetings(page);
    // 4×, chosen with the keyboard on the select.
    await page.focus('#timeline-speed');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#timeline-speed')).toBe('4');
    await page.click('#timeline-play');
    await page.waitForFunction(() => window.liaison.timeline.playing);
    expect(await page.getAttribute('#timeline-play', 'aria-label')).toBe('Pause the timeline');
    const seen: Array<{ after: string; before: string; meetings: string; url: string; undo: number }> = [];
    const until = Date.now() + 20_000;
    while (Date.now() < until && (await page.evaluate(() => window.liaison.timeline.playing))) {
      const after = await page.inputValue('#window-after');
      const before = await page.inputValue('#window-before');
      const meetings = (await visibleMeetings(page)).join(' ');
      // The address and the undo depth read in one go with whether it still plays: the run's end
      // (which writes the link once) may fall between this loop's check and these reads.
      const now = await page.evaluate(() => ({
        url: window.location.href as string,
        undo: window.liaison.undoDepth as number,
        playing: window.liaison.timeline.playing as boolean,
      }));
      if (!now.playing) break;
      seen.push({ after, before, meetings, url: now.url, undo: now.undo });
      if (seen.length === 5) expect(await page.textContent('#timeline-play-status')).toMatch(/^Playing: \d+ \w+ \d{4} to \d+ \w+ \d{4}$/);
      await page.waitForTimeout(80);
    }
    // The window starts on the first day in view and moves on step by step; the canvas follows:
    // the 2017 visit alone, then no meeting, then the 2019 ones.
    expect(seen[0]!.after).toBe('2017-01-01');
    const afters = [...new Set(seen.map((s) => s.after))];
    expect(afters.length).toBeGreaterThanOrEqual(10);
    expect([...afters].sort()).toEqual(afters);
    const sets = [...new Set(seen.map((s) => s.meetings))];
    expect(sets.length).toBeGreaterThanOrEqual(3);
    expect(sets[0]).toBe('meeting-2017-visit-baku');
    expect(sets).toContain('');
    expect(sets.every((m) => m.split(' ').filter(Boolean).length < everyMeeting.length)).toBe(true);
    // No history entry and no undo step per step.
    expect(new Set(seen.map((s) => s.url))).toEqual(new Set([urlBefore]));
    expect(new Set(seen.map((s) => s.undo))).toEqual(new Set([undoBefore]));
    // It stopped by itself with the window ending on the last meeting's day.
    expect(await page.evaluate(() => window.liaison.timeline.playing)).toBe(false);
    expect(await page.inputValue('#window-before')).toBe('2019-09-04');
    expect(await visibleMeetings(page)).toContain('meeting-2019-09-04-baku-aliyev');
    expect(await visibleMeetings(page)).not.toContain('meeting-2017-visit-baku');
    expect(await page.textContent('#timeline-play-status')).toMatch(/^Played to the end: /);
    expect(await page.getAttribute('#timeline-play', 'aria-label')).toBe('Play the timeline');
    // Written once, when it stopped: the link holds the window; the run is one undo step.
    const url = new URL(page.url());
    expect(url.searchParams.get('before')).toBe('2019-09-04');
    expect(url.searchParams.get('after')).toBe(await page.inputValue('#window-after'));
    expect(await page.evaluate(() => window.liaison.undoDepth)).toBe(undoBefore + 1);
  });

  it('Play again starts over; Pause stops it; Space in the timeline goes on; a window chosen by hand pauses it', async () => {
    // 1× again (700 ms a step), so that the first window can be read before it moves.
    await page.focus('#timeline-speed');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await page.inputValue('#timeline-speed')).toBe('1');
    await page.click('#timeline-play');
    await page.waitForFunction(() => window.liaison.timeline.playing);
    expect(await page.inputValue('#window-after')).toBe('2017-01-01');
    await page.waitForFunction(() => document.getElementById('window-after').value > '2017-01-01');
    await page.click('#timeline-play');
    await page.waitForFunction(() => !window.liaison.timeline.playing);
    const paused = { after: await page.inputValue('#window-after'), before: await page.inputValue('#window-before') };
    const meetings = await visibleMeetings(page);
    await page.waitForTimeout(1_600);
    expect({ after: await page.inputValue('#window-after'), before: await page.inputValue('#window-before') }).toEqual(paused);
    expect(await visibleMeetings(page)).toEqual(meetings);
    expect(await page.textContent('#timeline-play-status')).toMatch(/^Paused: /);
    expect(new URL(page.url()).searchParams.get('after')).toBe(paused.after);

    await page.focus('#timeline .timeline-svg');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => window.liaison.timeline.playing);
    // Gone on from the pause, not from the beginning.
    await page.waitForFunction((a: string) => document.getElementById('window-after').value > a, paused.after);
    await page.click('#window-clear');
    await page.waitForFunction(() => !window.liaison.timeline.playing && window.liaison.filters.after === null);
    // Undo takes back the hand-made change: the window where playing was paused.
    await page.evaluate(() => document.getElementById('graph').focus());
    await page.keyboard.press('Control+z');
    await page.waitForFunction((a: string) => window.liaison.filters.after > a, paused.after);
    expect(await page.evaluate(() => window.liaison.timeline.playing)).toBe(false);
    expect(errors).toEqual([]);
  });
});

describe('find in view and play, phone 390×844', () => {
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    page = await env.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    page.on('pageerror', (e) => errors.push(e.message));
    await openPatrushev(page, true);
  });

  afterAll(async () => {
    await page.close();
  });

  /** Widths that must not run past the screen, and the touch targets' sizes. */
  const layout = () =>
    page.evaluate(() => {
      const r = (sel: string) => {
        const b = document.querySelector(sel)?.getBoundingClientRect();
        return b && b.width > 0 ? { x: b.left, right: b.right, w: b.width, h: b.height } : null;
      };
      return {
        scroll: document.scrollingElement.scrollWidth as number,
        bar: r('#find-bar'),
        findButton: r('#find-button'),
        prev: r('#find-prev'),
        next: r('#find-next'),
        close: r('#find-close'),
        input: r('#find-input'),
        play: r('#timeline-play'),
        speed: r('#timeline-speed'),
        timelineBar: document.querySelector('.timeline-bar')
          ? { scroll: document.querySelector('.timeline-bar').scrollWidth, client: document.querySelector('.timeline-bar').clientWidth }
          : null,
      };
    });

  it('opens Find from its toolbar button; "Usubov" highlights and selects Ramil Usubov; ▲ ▼ cycle; it fits the screen', async () => {
    if (await page.evaluate(() => document.body.classList.contains('sheet-open'))) await page.tap('#sheet-toggle');
    await page.tap('#find-button');
    await page.waitForSelector('#find-bar:not([hidden])');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('find-input');
    await page.keyboard.type('Usubov');
    await page.waitForFunction(() => document.getElementById('find-bar').dataset.current === 'person-usubov');
    await page.waitForSelector('#details[data-id="person-usubov"]', { state: 'attached' });
    let s = await findState(page);
    expect(s.count).toBe('1 of 2');
    expect(s.selected).toEqual(['person-usubov']);

    const l = await layout();
    expect(l.scroll).toBeLessThanOrEqual(390);
    expect(l.bar!.x).toBeGreaterThanOrEqual(0);
    expect(l.bar!.right).toBeLessThanOrEqual(390);
    for (const b of [l.findButton, l.prev, l.next, l.close]) {
      expect(b!.w).toBeGreaterThanOrEqual(40);
      expect(b!.h).toBeGreaterThanOrEqual(40);
    }
    expect(l.input!.w).toBeGreaterThanOrEqual(100);
    await page.screenshot({ path: 'tests/e2e/screenshots/find-in-view-390x844.png' });

    await page.tap('#find-next');
    await page.waitForFunction(() => document.getElementById('find-count').textContent === '2 of 2');
    await idle(page);
    s = await findState(page);
    expect(s.current).toBe('meeting-2019-09-04-baku-usubov');
    expect(s.selected).toEqual(['meeting-2019-09-04-baku-usubov']);
    expect(await offCentre(page, s.current)).toBeLessThan(3);
    await page.tap('#find-prev');
    await page.waitForFunction(() => document.getElementById('find-count').textContent === '1 of 2');
    await page.tap('#find-close');
    await page.waitForSelector('#find-bar', { state: 'hidden' });
    expect(await page.evaluate(() => window.liaison.cy.elements('.find-hit, .find-dim').length)).toBe(0);
  });

  it('plays the timeline with a tap and pauses with another; its controls fit and are big enough to touch', async () => {
    if (await page.evaluate(() => document.body.classList.contains('sheet-open'))) await page.tap('#sheet-toggle');
    await page.waitForSelector('#timeline-play', { state: 'visible' });
    const l = await layout();
    expect(l.play!.h).toBeGreaterThanOrEqual(40);
    expect(l.play!.w).toBeGreaterThanOrEqual(40);
    expect(l.speed!.h).toBeGreaterThanOrEqual(40);
    expect(l.play!.right).toBeLessThanOrEqual(390);
    expect(l.speed!.right).toBeLessThanOrEqual(390);
    expect(l.timelineBar!.scroll).toBeLessThanOrEqual(l.timelineBar!.client);
    expect(l.scroll).toBeLessThanOrEqual(390);
    const svg = await page.evaluate(() => document.querySelector('#timeline .timeline-svg').getBoundingClientRect().height);
    expect(svg).toBeGreaterThanOrEqual(40);

    // A phone's select opens the system's picker, which the test cannot tap: the option is chosen directly.
    await page.selectOption('#timeline-speed', '4');
    await page.tap('#timeline-play');
    await page.waitForFunction(() => window.liaison.timeline.playing);
    const seen = await watchPlaying(page, 4_000);
    expect(new Set(seen.map((s) => s.after)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(seen.map((s) => s.meetings)).size).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: 'tests/e2e/screenshots/timeline-play-390x844.png' });
    await page.tap('#timeline-play');
    await page.waitForFunction(() => !window.liaison.timeline.playing);
    const after = await page.inputValue('#window-after');
    await page.waitForTimeout(1_500);
    expect(await page.inputValue('#window-after')).toBe(after);
    expect(new URL(page.url()).searchParams.get('after')).toBe(after);
    expect(errors).toEqual([]);
  });
});
