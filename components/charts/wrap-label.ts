/**
 * Splits a long axis label into lines of at most `width` characters (a word longer than
 * that keeps its own line). chart.js draws an array label as several lines, so the axis
 * takes less width and a coefficient plot fits a phone.
 */
export function wrapLabel(label: string, width = 22): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
