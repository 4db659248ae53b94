import { chmod, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import type { AgentRunResult } from './agent-runner.js'
import { findExecutable } from './bubblewrap.js'

/**
 * The per-run scratch space both runners share: a temporary HOME (so the agent never reads the user's
 * `~/.claude`, `~/.gitconfig` or `~/.npmrc`), and a `bin` directory put first on PATH with `git` and
 * `rm` wrappers that refuse the banned commands and record each refusal in a file the runner reads, so
 * the run ends `banned-command`. The wrappers are a tripwire for the common spelling of those commands,
 * not a sandbox: `/usr/bin/rm -rf …` or a script that edits PATH goes around them.
 */
export interface RunSandbox {
  /** The worktree, with symlinks resolved. */
  readonly root: string
  /** The agent's HOME, inside `dir`; removed with it. */
  readonly home: string
  /** The wrappers' directory, to put first on PATH. */
  readonly binDir: string
  /** Where the wrappers append `rule<TAB>command` lines. */
  readonly refusalLog: string
  /** The PATH the agent gets: the wrappers, then `basePath`. */
  readonly path: string
  /** Commands the wrappers refused so far. */
  refusals(): Promise<{ rule: string; command: string }[]>
  dispose(): Promise<void>
}

/** A POSIX shell single-quoted literal. */
function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

function gitShim(realGit: string, log: string): string {
  return `#!/bin/sh
# Suture run wrapper: refuses the harness's banned git commands, then runs the real git.
rule=''
sub=''
skip=0
for a in "$@"; do
  if [ "$skip" = 1 ]; then skip=0; continue; fi
  if [ -z "$sub" ]; then
    case "$a" in
      -C|-c|--git-dir|--work-tree|--namespace) skip=1 ;;
      -*) ;;
      *) sub="$a" ;;
    esac
    continue
  fi
  case "$sub:$a" in
    push:--no-verify) rule='git push --no-verify' ;;
    reset:--hard) rule='git reset --hard' ;;
  esac
done
# The harness proposes (draft PR or patch) after its checks; an agent that pushes skips them.
if [ -z "$rule" ] && [ "$sub" = push ]; then rule='git push'; fi
if [ -n "$rule" ]; then
  printf '%s\\t%s\\n' "$rule" "git $*" >> ${quote(log)}
  echo "suture: '$rule' is banned in this run; the harness stops the run." >&2
  exit 126
fi
exec ${quote(realGit)} "$@"
`
}

function rmShim(realRm: string, root: string, log: string): string {
  return `#!/bin/sh
# Suture run wrapper: refuses a recursive rm of anything outside the worktree, then runs the real rm.
root=${quote(root)}
recursive=0
opts=1
for a in "$@"; do
  if [ "$opts" = 1 ]; then
    case "$a" in
      --) opts=0 ;;
      --recursive) recursive=1 ;;
      --*) ;;
      -?*) case "$a" in *[rR]*) recursive=1 ;; esac ;;
    esac
  fi
done
if [ "$recursive" = 1 ]; then
  opts=1
  for a in "$@"; do
    if [ "$opts" = 1 ]; then
      case "$a" in
        --) opts=0; continue ;;
        -?*) continue ;;
      esac
    fi
    if [ -d "$a" ]; then
      p=$(cd -- "$a" 2>/dev/null && pwd -P) || p=''
    elif [ -e "$a" ] || [ -L "$a" ]; then
      d=$(cd -- "$(dirname -- "$a")" 2>/dev/null && pwd -P) || d=''
      p="$d/$(basename -- "$a")"
    else
      # Nothing there: rm would remove nothing.
      continue
    fi
    case "$p" in
      "$root"/?*) ;;
      *)
        printf '%s\\t%s\\n' 'rm -r outside the worktree' "rm $*" >> ${quote(log)}
        echo "suture: rm -r of '$a' (outside the worktree) is banned in this run; the harness stops the run." >&2
        exit 126
        ;;
    esac
  done
fi
exec ${quote(realRm)} "$@"
`
}

/**
 * Creates the scratch space for one run in the system temp directory.
 * @example
 * const sandbox = await createRunSandbox(worktree, process.env.PATH ?? '')
 * try { … spawn with PATH: sandbox.path, HOME: sandbox.home … } finally { await sandbox.dispose() }
 */
export async function createRunSandbox(cwd: string, basePath: string): Promise<RunSandbox> {
  const root = await realpath(cwd)
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'suture-agent-')))
  const home = join(dir, 'home')
  const binDir = join(dir, 'bin')
  const refusalLog = join(dir, 'refusals.log')
  await mkdir(home)
  await mkdir(binDir)
  await writeFile(refusalLog, '')
  const realGit = await findExecutable('git', basePath)
  const realRm = await findExecutable('rm', basePath)
  if (realGit) await writeFile(join(binDir, 'git'), gitShim(realGit, refusalLog))
  if (realRm) await writeFile(join(binDir, 'rm'), rmShim(realRm, root, refusalLog))
  if (realGit) await chmod(join(binDir, 'git'), 0o755)
  if (realRm) await chmod(join(binDir, 'rm'), 0o755)
  return {
    root,
    home,
    binDir,
    refusalLog,
    path: basePath ? `${binDir}${delimiter}${basePath}` : binDir,
    async refusals() {
      const text = await readFile(refusalLog, 'utf8').catch(() => '')
      return text
        .split('\n')
        .filter((line) => line.includes('\t'))
        .map((line) => {
          const tab = line.indexOf('\t')
          return { rule: line.slice(0, tab), command: line.slice(tab + 1) }
        })
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  }
}

/** The result of a run that could not start (no such worktree, an unwritable temp directory). */
export function failedRun(startedAt: Date, detail: string): AgentRunResult {
  return {
    stop: 'error',
    detail,
    finalMessage: '',
    usage: {
      inputTokens: 0,
      outputTokens: 0,
      cacheReadInputTokens: 0,
      cacheCreationInputTokens: 0,
      costUsd: 0,
    },
    toolCalls: 0,
    edits: [],
    turns: 0,
    startedAt,
    finishedAt: new Date(),
  }
}

/** Creates the run's scratch space, or says why it could not (the run then ends `error`). */
export async function prepareRun(
  cwd: string,
  basePath: string,
  startedAt: Date,
): Promise<{ sandbox: RunSandbox } | { failed: AgentRunResult }> {
  try {
    return { sandbox: await createRunSandbox(cwd, basePath) }
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error)
    return { failed: failedRun(startedAt, `could not prepare the run in ${cwd}: ${reason}`) }
  }
}
