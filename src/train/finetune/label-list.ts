/** Labels in a message: all of a few, the first ones of thousands (a line must stay a line). */
export function listLabels(labels: readonly string[], shown = 12): string {
  return labels.length <= shown ? labels.join(', ') : `${labels.slice(0, shown).join(', ')}, … and ${labels.length - shown} more`;
}
