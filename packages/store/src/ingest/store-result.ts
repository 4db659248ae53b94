/** What happened to one item of an ingest request. */
export type ItemResult =
  | { readonly id: string | null; readonly status: 'accepted' | 'duplicate' }
  | { readonly id: string | null; readonly status: 'rejected'; readonly issues: readonly ItemIssue[] }

export interface ItemIssue {
  readonly path: string
  readonly message: string
}
