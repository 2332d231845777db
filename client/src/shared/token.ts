// The write token, one per tab for every page that writes (Import, Review, Save view): kept in
// sessionStorage so closing the tab forgets it, and in memory where storage is refused (private mode).
const TOKEN_KEY = 'liaison.importToken';

let memory: string | null = null;

export const token = {
  get: (): string | null => {
    try {
      return sessionStorage.getItem(TOKEN_KEY) ?? memory;
    } catch {
      return memory;
    }
  },
  set: (value: string): void => {
    memory = value;
    try {
      sessionStorage.setItem(TOKEN_KEY, value);
    } catch {
      // Storage refused: the token then lasts as long as the page.
    }
  },
  clear: (): void => {
    memory = null;
    try {
      sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      // nothing stored
    }
  },
};
