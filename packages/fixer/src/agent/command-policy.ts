import { realpathSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'

/**
 * What the harness never lets a coding agent do, checked before a tool call runs: the banned commands of
 * the Bug Bot harness (`git push --no-verify`, `git reset --hard`, `rm -rf` outside the worktree), any
 * `git push` at all (the harness proposes, after its checks), any write outside the worktree, and
 * reading `.env` files. The shell check reads the command the way a shell
 * splits it (quotes, `;`, `&&`, `|`, `$(…)`, `bash -c '…'`, `cd`), so `cd / && rm -rf x` is caught; it is
 * a static check, not a sandbox — a command built at run time (`eval "$(…)"`, a script file) can still get
 * past it, which is why the runners also put `git`/`rm` shims first on PATH and can run under bubblewrap.
 */
export interface PolicyViolation {
  /** Which rule: `git push --no-verify`, `git reset --hard`, `rm -r outside the worktree`, … */
  readonly rule: string
  /** The command or tool call that broke it, as the agent wrote it. */
  readonly subject: string
}

export interface PolicyScope {
  /** The worktree: the only place writes may go. */
  readonly root: string
  /** Other places writes may go (the run's temporary HOME). */
  readonly writableRoots?: readonly string[]
  /** What `~` expands to in commands (the agent's HOME). */
  readonly home?: string
}

/** `.env`, `.env.local`, `config/.env.production` — but not the committed templates. */
export function isDotEnvPath(path: string): boolean {
  const name = basename(path.replace(/[/\\]+$/, ''))
  if (!/^\.env(\..+)?$/.test(name)) return false
  return !/\.(example|sample|template|dist|defaults)$/.test(name)
}

/** Follows symlinks through the deepest existing ancestor, so a link inside the worktree cannot point out. */
function physical(path: string): string {
  let existing = path
  const rest: string[] = []
  for (;;) {
    try {
      const real = realpathSync(existing)
      return rest.length === 0 ? real : join(real, ...rest.reverse())
    } catch {
      const parent = dirname(existing)
      if (parent === existing) return path
      rest.push(basename(existing))
      existing = parent
    }
  }
}

function within(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep)
}

class Scope {
  readonly root: string
  readonly writable: readonly string[]
  readonly home: string | undefined

  constructor(scope: PolicyScope) {
    this.root = physical(resolve(scope.root))
    this.writable = [this.root, ...(scope.writableRoots ?? []).map((p) => physical(resolve(p)))]
    this.home = scope.home
  }

  /** The absolute physical path a word names from `dir`, or undefined when it depends on run-time values. */
  resolveWord(word: string, dir: string | undefined): string | undefined {
    let path = word
    if (this.home) path = path.replace(/^\$(HOME\b|\{HOME\})/, '~')
    if (path === '~' || path.startsWith('~/')) {
      if (!this.home) return undefined
      path = this.home + path.slice(1)
    }
    if (path.includes('$') || path.includes('`')) return undefined
    if (!isAbsolute(path)) {
      if (dir === undefined) return undefined
      path = resolve(dir, path)
    }
    return physical(resolve(path))
  }

  isWritable(path: string): boolean {
    if (/^\/dev\/(null|stdout|stderr|tty|fd\/\d+)$/.test(path)) return true
    return this.writable.some((root) => within(path, root))
  }
}

// ---------------------------------------------------------------------------------------------------
// A small shell word splitter: enough of POSIX sh to find the simple commands in a command line.

type Token = { kind: 'word'; value: string } | { kind: 'op'; value: string }

const OPERATORS = ['&&', '||', ';;', '|&', ';', '|', '&', '\n', '(', ')']
const REDIRECT = /^(\d*|&)(>>|>\||>&|>|<<<|<<-|<<|<>|<&|<)$/

/** Splits a command line into words and operators; `$(…)` and backticks become their own sub-lines. */
function tokenize(line: string, subLines: string[]): Token[] {
  const tokens: Token[] = []
  let word = ''
  let inWord = false
  // Here-document bodies are data, not commands (`git commit -m "$(cat <<'EOF' … EOF)"`): skip them.
  let expectDelimiter: '<<' | '<<-' | undefined
  const heredocs: { delimiter: string; strip: boolean }[] = []
  const flush = () => {
    if (inWord) {
      tokens.push({ kind: 'word', value: word })
      if (expectDelimiter) heredocs.push({ delimiter: word, strip: expectDelimiter === '<<-' })
      expectDelimiter = undefined
    }
    word = ''
    inWord = false
  }
  let i = 0
  while (i < line.length) {
    const c = line[i] as string
    if (c === '\\' && i + 1 < line.length) {
      if (line[i + 1] !== '\n') {
        word += line[i + 1]
        inWord = true
      }
      i += 2
      continue
    }
    if (c === "'") {
      const end = line.indexOf("'", i + 1)
      word += line.slice(i + 1, end < 0 ? line.length : end)
      inWord = true
      i = end < 0 ? line.length : end + 1
      continue
    }
    if (c === '"') {
      i++
      inWord = true
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1] as string)) {
          word += line[i + 1]
          i += 2
          continue
        }
        if (line.startsWith('$(', i) || line[i] === '`') {
          const { inner, next } = substitution(line, i)
          subLines.push(inner)
          word += '$SUBST'
          i = next
          continue
        }
        word += line[i]
        i++
      }
      i++
      continue
    }
    if (line.startsWith('$(', i) || c === '`') {
      const { inner, next } = substitution(line, i)
      subLines.push(inner)
      word += '$SUBST'
      inWord = true
      i = next
      continue
    }
    if (c === '#' && !inWord) {
      const end = line.indexOf('\n', i)
      i = end < 0 ? line.length : end
      continue
    }
    if (c === ' ' || c === '\t') {
      flush()
      i++
      continue
    }
    // Redirections: `>`, `2>>`, `&>`, `<` …, with or without a space before the target.
    const redirect = /^(\d*|&)(>>|>\||>&|>|<<<|<<-|<<|<>|<&|<)/.exec(line.slice(i))
    if (redirect && (!inWord || /^\d+$/.test(word))) {
      const prefix = inWord ? word : ''
      word = ''
      inWord = false
      tokens.push({ kind: 'op', value: prefix + (redirect[0] as string) })
      if (redirect[2] === '<<' || redirect[2] === '<<-') expectDelimiter = redirect[2]
      i += (redirect[0] as string).length
      continue
    }
    const op = OPERATORS.find((o) => line.startsWith(o, i))
    if (op) {
      flush()
      tokens.push({ kind: 'op', value: op })
      i += op.length
      if (op === '\n') {
        for (const { delimiter, strip } of heredocs.splice(0)) {
          for (;;) {
            if (i >= line.length) break
            const end = line.indexOf('\n', i)
            const bodyLine = line.slice(i, end < 0 ? line.length : end)
            i = end < 0 ? line.length : end + 1
            if ((strip ? bodyLine.replace(/^\t+/, '') : bodyLine) === delimiter) break
          }
        }
      }
      continue
    }
    word += c
    inWord = true
    i++
  }
  flush()
  return tokens
}

/** The text of a `$(…)` or backtick substitution starting at `start`, and where it ends. */
function substitution(line: string, start: number): { inner: string; next: number } {
  if (line[start] === '`') {
    const end = line.indexOf('`', start + 1)
    return {
      inner: line.slice(start + 1, end < 0 ? line.length : end),
      next: end < 0 ? line.length : end + 1,
    }
  }
  let depth = 0
  for (let i = start + 1; i < line.length; i++) {
    if (line[i] === '(') depth++
    else if (line[i] === ')') {
      depth--
      if (depth === 0) return { inner: line.slice(start + 2, i), next: i + 1 }
    }
  }
  return { inner: line.slice(start + 2), next: line.length }
}

interface SimpleCommand {
  readonly words: string[]
  readonly redirects: { op: string; target: string }[]
}

function simpleCommands(tokens: Token[]): SimpleCommand[] {
  const commands: SimpleCommand[] = []
  let current: SimpleCommand = { words: [], redirects: [] }
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token
    if (token.kind === 'op' && REDIRECT.test(token.value)) {
      const target = tokens[i + 1]
      if (target?.kind === 'word') {
        current.redirects.push({ op: token.value, target: target.value })
        i++
      }
      continue
    }
    if (token.kind === 'op') {
      if (current.words.length > 0 || current.redirects.length > 0) commands.push(current)
      current = { words: [], redirects: [] }
      continue
    }
    current.words.push(token.value)
  }
  if (current.words.length > 0 || current.redirects.length > 0) commands.push(current)
  return commands
}

// Wrappers that run their arguments as a command.
const PASS_THROUGH = new Set([
  '{',
  '}',
  'sudo',
  'command',
  'exec',
  'nohup',
  'time',
  'nice',
  'builtin',
  'stdbuf',
  'then',
  'do',
  'else',
  'if',
  'while',
  'until',
  '!',
])

function stripPrefix(words: string[]): string[] {
  let rest = words
  for (;;) {
    const first = rest[0]
    if (first === undefined) return rest
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(first)) rest = rest.slice(1)
    else if (PASS_THROUGH.has(first)) rest = rest.slice(1)
    else if (first === 'env') {
      rest = rest.slice(1)
      while (rest[0]?.startsWith('-') || (rest[0] && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0])))
        rest = rest.slice(1)
    } else if (first === 'timeout') {
      rest = rest.slice(1)
      while (rest[0]?.startsWith('-')) rest = rest.slice(1)
      rest = rest.slice(1)
    } else if (first === 'xargs') {
      rest = rest.slice(1)
      while (rest[0]?.startsWith('-')) rest = rest.slice(1)
    } else return rest
  }
}

function gitSubcommand(args: string[]): { sub: string | undefined; rest: string[] } {
  let i = 0
  while (i < args.length) {
    const a = args[i] as string
    if (a === '-C' || a === '-c' || a === '--git-dir' || a === '--work-tree' || a === '--namespace') i += 2
    else if (a.startsWith('-')) i++
    else return { sub: a, rest: args.slice(i + 1) }
  }
  return { sub: undefined, rest: [] }
}

function rmFlags(args: string[]): { recursive: boolean; targets: string[] } {
  let recursive = false
  const targets: string[] = []
  let options = true
  for (const a of args) {
    if (options && a === '--') options = false
    else if (options && a.startsWith('--')) recursive ||= a === '--recursive'
    else if (options && a.startsWith('-') && a.length > 1) recursive ||= /[rR]/.test(a)
    else targets.push(a)
  }
  return { recursive, targets }
}

// Commands whose non-option arguments are paths they write to (all of them, or only the last).
const WRITES_ALL = new Set(['touch', 'mkdir', 'rmdir', 'tee', 'truncate', 'shred', 'unlink'])
const WRITES_LAST = new Set(['cp', 'mv', 'ln', 'install', 'rsync'])

function nonOptions(args: string[]): string[] {
  return args.filter((a) => !a.startsWith('-'))
}

/**
 * The first rule a shell command line breaks, or undefined.
 * @example
 * checkShellCommand('cd / && rm -rf tmp', { root: '/work/wt' }) // { rule: 'rm -r outside the worktree', … }
 */
export function checkShellCommand(command: string, scope: PolicyScope): PolicyViolation | undefined {
  return checkLine(command, new Scope(scope), resolve(scope.root), command, 0)
}

function checkLine(
  line: string,
  scope: Scope,
  startDir: string | undefined,
  subject: string,
  depth: number,
): PolicyViolation | undefined {
  if (depth > 8) return { rule: 'command nested too deeply to check', subject }
  const subLines: string[] = []
  const commands = simpleCommands(tokenize(line, subLines))
  for (const sub of subLines) {
    const found = checkLine(sub, scope, startDir, subject, depth + 1)
    if (found) return found
  }
  let dir = startDir
  for (const command of commands) {
    for (const { op, target } of command.redirects) {
      if (op.includes('<')) {
        if (isDotEnvPath(target)) return { rule: 'reads a .env file', subject }
        continue
      }
      if (op.endsWith('&') && /^\d+$|^-$/.test(target)) continue
      const path = scope.resolveWord(target, dir)
      if (path === undefined || !scope.isWritable(path))
        return { rule: 'writes outside the worktree', subject }
    }
    const words = stripPrefix(command.words)
    const name = words[0]
    if (name === undefined) continue
    const program = basename(name)
    const args = words.slice(1)
    if (args.some((a) => isDotEnvPath(a) || isDotEnvPath(a.replace(/^[^=]*=/, '')))) {
      return { rule: 'reads a .env file', subject }
    }
    if (
      (program === 'bash' || program === 'sh' || program === 'zsh' || program === 'dash') &&
      args.includes('-c')
    ) {
      const script = args[args.indexOf('-c') + 1]
      if (script !== undefined) {
        const found = checkLine(script, scope, dir, subject, depth + 1)
        if (found) return found
      }
      continue
    }
    if (program === 'eval') {
      const found = checkLine(args.join(' '), scope, dir, subject, depth + 1)
      if (found) return found
      continue
    }
    if (program === 'cd' || program === 'pushd') {
      const target = nonOptions(args)[0]
      dir = target === undefined ? scope.home : scope.resolveWord(target, dir)
      continue
    }
    if (program === 'git') {
      const { sub, rest } = gitSubcommand(args)
      if (sub === 'push' && rest.includes('--no-verify')) return { rule: 'git push --no-verify', subject }
      // The harness proposes (draft PR or patch) after its checks; an agent that pushes skips them.
      if (sub === 'push') return { rule: 'git push', subject }
      if (sub === 'reset' && rest.includes('--hard')) return { rule: 'git reset --hard', subject }
      continue
    }
    if (program === 'rm') {
      const { recursive, targets } = rmFlags(args)
      for (const target of targets) {
        const path = scope.resolveWord(target, dir)
        if (recursive && (path === undefined || !within(path, scope.root) || path === scope.root)) {
          return { rule: 'rm -r outside the worktree', subject }
        }
        if (path === undefined || !scope.isWritable(path))
          return { rule: 'writes outside the worktree', subject }
      }
      continue
    }
    const targets = WRITES_ALL.has(program)
      ? nonOptions(args)
      : WRITES_LAST.has(program)
        ? nonOptions(args).slice(-1)
        : program === 'dd'
          ? args.filter((a) => a.startsWith('of=')).map((a) => a.slice(3))
          : program === 'sed' && args.some((a) => /^-[a-zA-Z]*i/.test(a) || a.startsWith('--in-place'))
            ? nonOptions(args).slice(1)
            : []
    for (const target of targets) {
      const path = scope.resolveWord(target, dir)
      if (path === undefined || !scope.isWritable(path))
        return { rule: 'writes outside the worktree', subject }
    }
  }
  return undefined
}

const WRITE_TOOLS: Record<string, string> = {
  Edit: 'file_path',
  MultiEdit: 'file_path',
  Write: 'file_path',
  NotebookEdit: 'notebook_path',
}

/** The path a file-editing tool call writes to, or undefined for other tools. */
export function editedPath(toolName: string, input: Readonly<Record<string, unknown>>): string | undefined {
  const key = WRITE_TOOLS[toolName]
  const value = key === undefined ? undefined : input[key]
  return typeof value === 'string' ? value : undefined
}

function stringField(input: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = input[key]
  return typeof value === 'string' ? value : undefined
}

/**
 * The first rule a Claude Code tool call breaks, or undefined: Bash through {@link checkShellCommand};
 * Edit/Write/MultiEdit/NotebookEdit outside the worktree; Read/Grep/Glob of `.env` files.
 */
export function checkToolCall(
  toolName: string,
  input: Readonly<Record<string, unknown>>,
  scope: PolicyScope,
): PolicyViolation | undefined {
  const state = new Scope(scope)
  const root = resolve(scope.root)
  if (toolName === 'Bash') {
    const command = stringField(input, 'command')
    return command === undefined ? undefined : checkLine(command, state, root, command, 0)
  }
  const written = editedPath(toolName, input)
  if (written !== undefined || toolName in WRITE_TOOLS) {
    const path = written === undefined ? undefined : state.resolveWord(written, root)
    if (path === undefined || !state.isWritable(path)) {
      return { rule: 'writes outside the worktree', subject: `${toolName} ${written ?? '(no path)'}` }
    }
    return undefined
  }
  if (toolName === 'Read' || toolName === 'NotebookRead') {
    const path = stringField(input, 'file_path') ?? stringField(input, 'notebook_path')
    if (path !== undefined && isDotEnvPath(path))
      return { rule: 'reads a .env file', subject: `${toolName} ${path}` }
    return undefined
  }
  if (toolName === 'Grep' || toolName === 'Glob') {
    for (const key of ['path', 'glob', 'pattern']) {
      const value = stringField(input, key)
      if (value === undefined || (toolName === 'Grep' && key === 'pattern')) continue
      // A glob such as `**/.env*` or `{.env,.env.local}` names .env files without being one path.
      if (value.split(/[/{},]/).some((part) => isDotEnvPath(part) || /^\.env\*?$/.test(part))) {
        return { rule: 'reads a .env file', subject: `${toolName} ${value}` }
      }
    }
  }
  return undefined
}

/** The path relative to the worktree, for the runners' list of edited files. */
export function relativeToRoot(root: string, path: string): string {
  const absolute = physical(resolve(root, path))
  return relative(physical(resolve(root)), absolute)
}
