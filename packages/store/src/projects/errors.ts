export class ProjectNotFoundError extends Error {
  override readonly name = 'ProjectNotFoundError'
  readonly projectId: string

  constructor(projectId: string) {
    super(`No project with id '${projectId}'. List projects with 'suture project list'.`)
    this.projectId = projectId
  }
}

export class KeyNotFoundError extends Error {
  override readonly name = 'KeyNotFoundError'
  readonly keyId: string

  constructor(keyId: string) {
    super(`No key with id '${keyId}'. List keys with 'suture project keys list <project-id>'.`)
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

/** A project with this name exists already; create it anyway only when the person said so. */
export class ProjectNameTakenError extends Error {
  override readonly name = 'ProjectNameTakenError'
  readonly projectName: string
  /** The project(s) already named so, oldest first. */
  readonly existingIds: readonly string[]

  constructor(projectName: string, existingIds: readonly string[]) {
    super(
      `A project named '${projectName}' exists already (${existingIds.join(', ')}). Pick another name, or create a second one on purpose (the dashboard's "Create anyway"; the CLI's --allow-duplicate).`,
    )
    this.projectName = projectName
    this.existingIds = existingIds
  }
}
