// The render benchmark's frame statistics (bench/render/frames.ts): frames per second and the
// longest gap between drawn frames, counted inside the window real input moved the view.
import { frameStats, median } from '../../bench/render/frames';

describe('frameStats', () => {
  it('counts frames per second and the longest gap between them', () => {
    const s = frameStats([100, 116, 133, 400, 416], 100, 500);
    expect(s.frames).toBe(5);
    expect(s.fps).toBeCloseTo(12.5);
    expect(s.longestGapMs).toBe(267); // 133 → 400
  });

  it('counts the wait before the first frame and after the last one as gaps', () => {
    expect(frameStats([700, 720], 0, 1000).longestGapMs).toBe(700);
    expect(frameStats([10, 20], 0, 1000).longestGapMs).toBe(980);
  });

  it('ignores frames outside the window and takes them in any order', () => {
    const s = frameStats([1500, 300, -5, 200, 250], 0, 1000);
    expect(s.frames).toBe(3);
    expect(s.longestGapMs).toBe(700);
  });

  it('gives the whole window as the gap when nothing was drawn', () => {
    expect(frameStats([], 0, 2000)).toEqual({ frames: 0, fps: 0, longestGapMs: 2000 });
  });

  it('refuses an empty or reversed window', () => {
    expect(() => frameStats([1], 5, 5)).toThrow(/window/);
    expect(() => frameStats([1], 5, 1)).toThrow(/window/);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
