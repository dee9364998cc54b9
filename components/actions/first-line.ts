/** The first non-empty line of a rationale, for the card; the whole text sits in the collapsed details. */
export function firstLine(text: string): string {
  return text.split(/\r?\n/).find((l) => l.trim())?.trim() ?? '';
}
