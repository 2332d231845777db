// `npm run users -- create-admin NAME | list | set-role NAME ROLE | reset-password NAME | disable NAME | enable NAME`:
// the accounts in <data>/users.json, from the machine Liaison runs on. The first admin comes from
// here (the web has nobody to let them in); a running server sees the change at its next request.
import { readFileSync } from 'node:fs';

import { DEFAULT_SESSION_IDLE_MS, DEFAULT_SESSION_MAX_MS, SessionStore, UserStore } from '../auth';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, generatePassword } from '../auth/passwords';
import { ROLES, type Role } from '../auth/types';
import { USER_NAME } from '../auth/users';
import { loadConfig } from '../config';
import { LiaisonError } from '../errors';

const USAGE = `usage: npm run users -- COMMAND
  create-admin NAME [--password-file FILE]    a new admin (the first one comes from here)
  create NAME --role ROLE [--password-file FILE]
  list [--json]                                every user: name, role, disabled, id
  set-role NAME ROLE                           ROLE: ${ROLES.join(', ')}
  reset-password NAME [--password-file FILE]   and sign the user out everywhere
  disable NAME | enable NAME                   a disabled user cannot sign in; their keys stop working
The password is read from --password-file (its first line) or from standard input when it is not a
terminal; with neither, one is generated and printed once. Passwords have ${MIN_PASSWORD_LENGTH}+ characters.
Users live in <LIAISON_DATA_DIR>/users.json (owner-only).
exit status: 0 done, 64 usage, 65 invalid input (e.g. the name is taken), 70 internal error
`;

export const EXIT = { ok: 0, usage: 64, invalid: 65, software: 70 } as const;

class UsageError extends Error {}

export interface UsersCliArgs {
  command: string;
  positional: string[];
  passwordFile?: string;
  role?: Role;
  json: boolean;
}

export function parseArgs(argv: string[]): UsersCliArgs {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') throw new UsageError('');
  const out: UsersCliArgs = { command, positional: [], json: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--password-file' || a === '--role') {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      if (a === '--role') {
        if (!(ROLES as readonly string[]).includes(v)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
        out.role = v as Role;
      } else out.passwordFile = v;
    } else if (a === '--json') out.json = true;
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else out.positional.push(a);
  }
  return out;
}

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}

/** The password to set, and whether it was made here (then it is printed once). */
function passwordFrom(args: UsersCliArgs): { password: string; generated: boolean } {
  let given: string | null = null;
  if (args.passwordFile) given = readFileSync(args.passwordFile, 'utf8').split(/\r?\n/)[0] ?? '';
  else if (!process.stdin.isTTY) {
    const text = readStdin();
    if (text.trim()) given = text.split(/\r?\n/)[0] ?? '';
  }
  if (given === null) return { password: generatePassword(), generated: true };
  if (given.length < MIN_PASSWORD_LENGTH || given.length > MAX_PASSWORD_LENGTH)
    throw new UsageError(`the password must have ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`);
  return { password: given, generated: false };
}

function one(args: UsersCliArgs, what: string): string {
  if (args.positional.length !== 1) throw new UsageError(`${args.command} takes one ${what}`);
  return args.positional[0]!;
}

export async function run(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const args = parseArgs(argv);
  const config = loadConfig();
  const users = new UserStore(config.LIAISON_DATA_DIR);
  const sessions = new SessionStore(config.LIAISON_DATA_DIR, {
    idleMs: config.LIAISON_SESSION_IDLE_MS ?? DEFAULT_SESSION_IDLE_MS,
    maxMs: config.LIAISON_SESSION_MAX_MS ?? DEFAULT_SESSION_MAX_MS,
  });
  const named = (name: string) => {
    const user = users.byName(name);
    if (!user) throw new UsageError(`no user named ${name}`);
    return user;
  };
  switch (args.command) {
    case 'create-admin':
    case 'create': {
      const name = one(args, 'NAME');
      if (!USER_NAME.test(name)) throw new UsageError('a name is 1–64 letters, digits or . _ @ -');
      const role: Role = args.command === 'create-admin' ? 'admin' : (args.role ?? 'viewer');
      const { password, generated } = passwordFrom(args);
      const user = await users.create({ name, role, password });
      out(`created ${user.role} ${user.name} (${user.id})`);
      if (generated) out(`password (shown this once): ${password}`);
      return EXIT.ok;
    }
    case 'list': {
      const list = users.list();
      if (args.json) out(JSON.stringify({ users: list }, null, 2));
      else if (list.length === 0) out('no users yet: npm run users -- create-admin NAME');
      else for (const u of list) out(`${u.name}\t${u.role}${u.disabled ? '\tdisabled' : ''}\t${u.id}`);
      return EXIT.ok;
    }
    case 'set-role': {
      if (args.positional.length !== 2) throw new UsageError('set-role takes NAME and ROLE');
      const [name, role] = args.positional as [string, string];
      if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`ROLE must be one of ${ROLES.join(', ')}`);
      const user = await users.update(named(name).id, { role: role as Role });
      out(`${user.name} is now ${user.role}`);
      return EXIT.ok;
    }
    case 'reset-password': {
      const user = named(one(args, 'NAME'));
      const { password, generated } = passwordFrom(args);
      await users.update(user.id, { password });
      await sessions.endAllOf(user.id);
      out(`new password set for ${user.name}; their sessions ended`);
      if (generated) out(`password (shown this once): ${password}`);
      return EXIT.ok;
    }
    case 'disable':
    case 'enable': {
      const user = named(one(args, 'NAME'));
      await users.update(user.id, { disabled: args.command === 'disable' });
      if (args.command === 'disable') await sessions.endAllOf(user.id);
      out(`${user.name} is ${args.command}d`);
      return EXIT.ok;
    }
    default:
      throw new UsageError(`unknown command ${args.command}`);
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError) {
        if (error.message) process.stderr.write(`users: ${error.message}\n`);
        process.stderr.write(USAGE);
        process.exit(EXIT.usage);
      }
      if (error instanceof LiaisonError) {
        process.stderr.write(`users: ${error.message}\n`);
        process.exit(error.status < 500 ? EXIT.invalid : EXIT.software);
      }
      process.stderr.write(`users: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(EXIT.software);
    },
  );
}
