import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { type CollectDigestOptions, collectDigest, type DigestData } from './collect-digest.js'
import { renderDigest } from './render-digest.js'

export interface ProducedDigest {
  readonly data: DigestData
  readonly markdown: string
  readonly html: string
  readonly files: { readonly markdown: string; readonly html: string } | null
}

/**
 * Collects, renders, writes (`<outDir>/<week>.md` and `.html`) and stores one week's digest. Rerunning a
 * week replaces that week's files and row: the digest is a function of the stored state.
 *
 * @example
 * await produceDigest({ db, projectId, week: '2026-W48', shadow: false, outDir: '.suture/digests' })
 */
export async function produceDigest(
  options: CollectDigestOptions & { outDir?: string | undefined },
): Promise<ProducedDigest> {
  const data = await collectDigest(options)
  const { markdown, html } = renderDigest(data)
  let files: ProducedDigest['files'] = null
  if (options.outDir) {
    await mkdir(options.outDir, { recursive: true })
    files = {
      markdown: path.join(options.outDir, `${data.week}.md`),
      html: path.join(options.outDir, `${data.week}.html`),
    }
    await writeFile(files.markdown, markdown, 'utf8')
    await writeFile(files.html, html, 'utf8')
  }
  await options.db
    .insertInto('digests')
    .values({
      project_id: options.projectId,
      week: data.week,
      markdown,
      html,
      data: JSON.stringify(data),
      shadow: data.shadow,
    })
    .onConflict((oc) =>
      oc.columns(['project_id', 'week']).doUpdateSet({
        markdown,
        html,
        data: JSON.stringify(data),
        shadow: data.shadow,
        created_at: new Date(),
      }),
    )
    .execute()
  return { data, markdown, html, files }
}
