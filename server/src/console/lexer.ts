// A small Cypher tokenizer for the console's text checks: it knows where string literals, comments,
// backtick-quoted names and parameters begin and end, so that a keyword inside any of them is not
// mistaken for a clause (and a clause outside them is never missed).
import type { TextPosition } from '../errors';

export type TokenKind =
  /** An unquoted name or keyword: MATCH, n, toUpper. */
  | 'word'
  /** A `backtick-quoted` name; never a keyword. */
  | 'quoted'
  /** $name or $0; never a keyword. */
  | 'param'
  | 'string'
  | 'number'
  /** Any other single character: ( ) { } [ ] . : , | = … */
  | 'punct';

export interface Token {
  kind: TokenKind;
  /** The text as written, except for quoted names and strings, which hold their content. */
  value: string;
  position: TextPosition;
}

const WORD_START = /[\p{L}_]/u;
const WORD_PART = /[\p{L}\p{N}_]/u;

/**
 * Splits Cypher text into tokens, dropping whitespace and comments. It never throws: an unclosed
 * string, comment or quoted name runs to the end of the text, and Neo4j's parser reports it.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const at = (offset: number): TextPosition => ({ line, column: offset - lineStart + 1, offset });
  // Advances to `end`, counting the line breaks passed on the way.
  const skipTo = (end: number) => {
    for (let j = i; j < end; j++)
      if (text[j] === '\n') {
        line++;
        lineStart = j + 1;
      }
    i = end;
  };

  while (i < text.length) {
    const c = text[i]!;
    if (/\s/u.test(c)) {
      skipTo(i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      skipTo(end < 0 ? text.length : end);
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      skipTo(end < 0 ? text.length : end + 2);
    } else if (c === "'" || c === '"') {
      const position = at(i);
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\') j++; // \' \" \\ and the others: the next character is part of the string
        value += text[j] ?? '';
        j++;
      }
      tokens.push({ kind: 'string', value, position });
      skipTo(Math.min(j + 1, text.length));
    } else if (c === '`') {
      const position = at(i);
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= text.length) break;
        if (text[j] === '`') {
          if (text[j + 1] === '`') {
            value += '`'; // `` inside a quoted name is one backtick
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      tokens.push({ kind: 'quoted', value, position });
      skipTo(Math.min(j + 1, text.length));
    } else if (c === '$' && i + 1 < text.length && (WORD_PART.test(text[i + 1]!) || text[i + 1] === '`')) {
      const position = at(i);
      let j = i + 1;
      if (text[j] === '`') {
        const end = text.indexOf('`', j + 1);
        j = end < 0 ? text.length : end + 1;
      } else while (j < text.length && WORD_PART.test(text[j]!)) j++;
      tokens.push({ kind: 'param', value: text.slice(i + 1, j), position });
      skipTo(j);
    } else if (WORD_START.test(c)) {
      const position = at(i);
      let j = i + 1;
      while (j < text.length && WORD_PART.test(text[j]!)) j++;
      tokens.push({ kind: 'word', value: text.slice(i, j), position });
      skipTo(j);
    } else if (/[0-9]/.test(c)) {
      const position = at(i);
      let j = i + 1;
      // Digits, hex and exponent letters; a '.' only when a digit follows, so 1..3 stays 1 . . 3.
      while (j < text.length && (/[\w]/.test(text[j]!) || (text[j] === '.' && /[0-9]/.test(text[j + 1] ?? '')))) j++;
      tokens.push({ kind: 'number', value: text.slice(i, j), position });
      skipTo(j);
    } else {
      tokens.push({ kind: 'punct', value: c, position: at(i) });
      skipTo(i + 1);
    }
  }
  return tokens;
}

/** A word token whose text is `keyword` in any case. */
export function isWord(token: Token | undefined, keyword: string): boolean {
  return token?.kind === 'word' && token.value.toUpperCase() === keyword;
}
