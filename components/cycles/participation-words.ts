/** Participation in words for the close confirmation: "13 of 20 people have checked in (65%)." Counts only. */
export function participationSentence(participated: number, invited: number): string {
  const people = invited === 1 ? 'person has' : 'people have';
  const rate = invited > 0 ? ` (${Math.round((participated / invited) * 100)}%)` : '';
  return `${participated} of ${invited} ${people} checked in${rate}.`;
}
