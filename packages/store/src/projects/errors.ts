export class ProjectNotFoundError extends Error {
  override readonly name = 'ProjectNotFoundError'
  readonly projectId: string

  /** `projectId` is what the caller gave: an id, or a name when `byName` (project deletion takes either). */
  constructor(projectId: string, byName = false) {
    super(
      `No project ${byName ? 'with id or name' : 'with id'} '${projectId}'. List projects with 'suture project list'.`,
    )
    this.projectId = projectId
  }
}

/** A project with this name exists already; names are how people tell projects apart in lists and pickers. */
export class ProjectNameTakenError extends Error {
  override readonly name = 'ProjectNameTakenError'
  readonly projectName: string
  readonly existingId: string

  constructor(projectName: string, existingId: string) {
    super(
      `A project named '${projectName}' already exists (${existingId}). Choose another name, or create a second ` +
        'one with the same name on purpose (the dashboard\'s "Create anyway"; suture project create --allow-duplicate; allowDuplicate in the API).',
    )
    this.projectName = projectName
    this.existingId = existingId
  }
}

/** Several projects share the name given where one project was meant: the id says which. */
export class ProjectNameAmbiguousError extends Error {
  override readonly name = 'ProjectNameAmbiguousError'
  readonly projectName: string
  readonly ids: readonly string[]

  constructor(projectName: string, ids: readonly string[]) {
    super(
      `${ids.length} projects are named '${projectName}' (${ids.join(', ')}): give the id of the one you mean.`,
    )
    this.projectName = projectName
    this.ids = ids
  }
}

export class KeyNotFoundError extends Error {
  override readonly name = 'KeyNotFoundError'
  readonly keyId: string

  constructor(keyId: string) {
    super(`No key with id '${keyId}'. List keys with 'suture project keys list <project>' (its name or id).`)
    this.keyId = keyId
  }
}

export class InvalidOriginError extends Error {
  override readonly name = 'InvalidOriginError'
  readonly origin: string

  constructor(origin: string) {
    super(`'${origin}' is not an origin; give scheme, host and optional port, e.g. https://app.example.com`)
    this.origin = origin
  }
}
