// Where things are in a Popolo file's text: the line and column of a JSON syntax error, and the
// line each record (an entry of a top-level collection, or a person's nested membership) starts
// on, so that the report can say "file.json:1234" as it does for CSV rows.
import { ValidationError } from '../../errors';

/** Line and column (both 1-based) of a character offset in text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * A whole JSON file's text parsed, or a ValidationError naming `file:line:column` (V8 names a
 * character offset; people look for a line and a column). `what`: what the file was expected to
 * be ("a Popolo file", "a JSON array of FtM entities"), for the message.
 */
export function parseJsonDocument(text: string, fileName: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = jsonErrorOffset(message, text) ?? firstSyntaxError(text);
    const at = offset === undefined ? undefined : lineColumn(text, offset);
    const where = at ? `${fileName}:${at.line}:${at.column}` : fileName;
    // V8 quotes the text around the error ('..."a"},\n ]" is not valid JSON'): the position says it better.
    const said = message.replace(/ (?:in JSON )?at position \d+.*$/s, '').replace(/, (?:"|\.\.\.").*$/s, '');
    throw new ValidationError(`${where}: not valid JSON, so not ${what} (${said}).`, [{ path: where, message, code: 'invalid_json' }]);
  }
}

/**
 * Where JSON text first breaks the grammar, for the errors V8 gives no position ("Unexpected token
 * ']'" of a trailing comma, a misspelt `tru`): a scan of its tokens, in one pass. Undefined when it
 * finds nothing wrong (V8 and it disagree: the message is then shown without a place).
 */
export function firstSyntaxError(text: string): number | undefined {
  type Want = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';
  const stack: Array<'{' | '['> = [];
  let want = 'value' as Want;
  const afterValue = (): Want => (stack.length === 0 ? 'end' : 'comma-or-close');
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\uFEFF') {
      i++;
      continue;
    }
    if (want === 'end') return i;
    if (c === '"') {
      if (want !== 'value' && want !== 'value-or-close' && want !== 'key' && want !== 'key-or-close') return i;
      let j = i + 1;
      for (; j < n && text[j] !== '"'; j++) {
        const code = text.charCodeAt(j);
        if (code < 0x20) return j;
        if (text[j] === '\\') {
          j++;
          if (!/["\\/bfnrtu]/.test(text[j] ?? '')) return j;
          if (text[j] === 'u' && !/^[0-9a-fA-F]{4}$/.test(text.slice(j + 1, j + 5))) return j;
        }
      }
      if (j >= n) return n;
      want = want === 'key' || want === 'key-or-close' ? 'colon' : afterValue();
      i = j + 1;
      continue;
    }
    if (c === ':') {
      if (want !== 'colon') return i;
      want = 'value';
      i++;
      continue;
    }
    if (c === ',') {
      if (want !== 'comma-or-close') return i;
      want = stack[stack.length - 1] === '{' ? 'key' : 'value';
      i++;
      continue;
    }
    if (c === '}' || c === ']') {
      const open = stack[stack.length - 1];
      const closes =
        c === '}'
          ? open === '{' && (want === 'key-or-close' || want === 'comma-or-close')
          : open === '[' && (want === 'value-or-close' || want === 'comma-or-close');
      if (!closes) return i;
      stack.pop();
      want = afterValue();
      i++;
      continue;
    }
    if (want !== 'value' && want !== 'value-or-close') return i;
    if (c === '{' || c === '[') {
      stack.push(c);
      want = c === '{' ? 'key-or-close' : 'value-or-close';
      i++;
      continue;
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!literal) return i;
    const end = i + literal[0].length;
    if (end < n && /[\w.+-]/.test(text[end]!)) return end;
    want = afterValue();
    i = end;
  }
  return want === 'end' ? undefined : n;
}

/** The offset V8 names in a JSON.parse message ("… in JSON at position 62"), if it names one. */
export function jsonErrorOffset(message: string, text: string): number | undefined {
  const at = /at position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  // "Unexpected end of JSON input" and "Unterminated string" at the end name no position.
  if (/end of JSON input/i.test(message)) return text.length;
  return undefined;
}

type Frame = { array: true; index: number } | { array: false; key: string; expectKey: boolean };

const isRecordPath = (stack: Frame[]): string | undefined => {
  const [a, b, c, d] = stack;
  if (stack.length === 1 && a!.array) return `/${a!.index}`;
  if (stack.length === 2 && !a!.array && b!.array) return `/${a!.key}/${b!.index}`;
  if (stack.length === 3 && a!.array && !b!.array && b!.key === 'memberships' && c!.array) return `/${a!.index}/memberships/${c!.index}`;
  if (stack.length === 4 && !a!.array && a!.key === 'persons' && b!.array && c && !c.array && c.key === 'memberships' && d!.array)
    return `/persons/${b!.index}/memberships/${d!.index}`;
  return undefined;
};

/**
 * The 1-based line each record starts on, by JSON pointer ("/persons/12" → 345). The text must be
 * JSON that parsed; one pass over its characters, keeping only the pointers of records.
 */
export function recordLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const stack: Frame[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  // Called where a value starts: records the line if the value is a record.
  const valueStarts = () => {
    const pointer = isRecordPath(stack);
    if (pointer !== undefined) lines.set(pointer, line);
  };
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch === 10) {
      line++;
      i++;
      continue;
    }
    if (ch === 32 || ch === 9 || ch === 13 || ch === 0xfeff) {
      i++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (ch === 34) {
      // A string: a key or a value. Valid JSON has no raw newline inside one.
      let j = i + 1;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === 92) j += 2;
        else if (c === 34) break;
        else j++;
      }
      if (top && !top.array && top.expectKey) {
        top.key = JSON.parse(text.slice(i, j + 1)) as string;
        top.expectKey = false;
      } else valueStarts();
      i = j + 1;
      continue;
    }
    if (ch === 123 || ch === 91) {
      valueStarts();
      stack.push(ch === 123 ? { array: false, key: '', expectKey: true } : { array: true, index: 0 });
      i++;
      continue;
    }
    if (ch === 125 || ch === 93) {
      stack.pop();
      i++;
      continue;
    }
    if (ch === 44) {
      if (top?.array) top.index++;
      else if (top) top.expectKey = true;
      i++;
      continue;
    }
    if (ch === 58) {
      i++;
      continue;
    }
    // A number, true, false or null.
    valueStarts();
    while (i < n && !/[\s,\]}]/.test(text[i]!)) i++;
  }
  return lines;
}
