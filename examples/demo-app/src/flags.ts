/** The demo's feature flags, as a flag service would serve them; sent with every envelope. */
export const FLAGS = {
  newInviteFlow: true,
  billingV2: false,
  projectReports: 'beta',
  maxSeats: 25,
}
