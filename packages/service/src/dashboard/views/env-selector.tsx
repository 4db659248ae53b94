/** @jsxImportSource hono/jsx */
import { withEnv } from '../env-filter.js'

/** The environment filter of a page: All, then each environment the project's envelopes came from. */
export function EnvSelector(props: {
  href: string
  current: string | undefined
  environments: readonly string[]
}) {
  const options = [...new Set([...props.environments, ...(props.current ? [props.current] : [])])]
  return (
    <nav class="segmented" aria-label="Environment" id="env-selector">
      <a href={withEnv(props.href, undefined)} class={props.current === undefined ? 'active' : undefined}>
        All environments
      </a>
      {options.map((env) => (
        <a href={withEnv(props.href, env)} class={env === props.current ? 'active' : undefined}>
          {env}
        </a>
      ))}
    </nav>
  )
}
