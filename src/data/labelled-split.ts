/**
 * Labels and the train/validation split of labelled data. The split is stratified (each label
 * keeps its share in both halves, so a rare class is not left out of validation) and seeded
 * (same seed, same split), like the corpus split of pretraining.
 */
import { InputError } from '../util/errors';
import { Rng } from '../util/rng';
import type { LabelledExample } from './labelled';

/** The labels of the training data, sorted so that label ids do not depend on file order. */
export function labelsOf(examples: readonly LabelledExample[], source: string): string[] {
  const labels = [...new Set(examples.map((e) => e.label))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (labels.length < 2) {
    throw new InputError(`labelled data ${source}: every example has the label '${labels[0]}'; a classifier needs at least two classes`);
  }
  return labels;
}

/** Refuses an example whose label the classifier does not have (a validation file, eval data). */
export function checkKnownLabels(examples: readonly LabelledExample[], labels: readonly string[], what: string): void {
  const known = new Set(labels);
  const unknown = examples.find((e) => !known.has(e.label));
  if (unknown) throw new InputError(`${unknown.where}: label '${unknown.label}' is not one of the ${what} labels (${labels.join(', ')})`);
}

export interface LabelledSplit {
  train: LabelledExample[];
  val: LabelledExample[];
}

/** Per label, a seeded shuffle and `valFraction` of it (rounded) held out; every label keeps one training example. */
export function stratifiedSplit(examples: readonly LabelledExample[], labels: readonly string[], valFraction: number, seed: number, source: string): LabelledSplit {
  const rng = new Rng(seed);
  const train: LabelledExample[] = [];
  const val: LabelledExample[] = [];
  // Grouped in one pass: filtering the examples once per label is quadratic with many labels.
  const byLabel = new Map<string, LabelledExample[]>(labels.map((label) => [label, []]));
  for (const e of examples) byLabel.get(e.label)?.push(e);
  for (const label of labels) {
    const members = rng.shuffle(byLabel.get(label)!);
    const held = Math.min(members.length - 1, Math.round(members.length * valFraction));
    val.push(...members.slice(0, held));
    train.push(...members.slice(held));
  }
  if (val.length === 0) throw new InputError(`labelled data ${source}: ${whyNothingHeldOut(examples.length, labels.length, valFraction)}`);
  return { train, val };
}

/**
 * Why no example could be held out for validation. With about one example per label the cause
 * is the labels, not the amount of data: often the wrong column was taken as the label.
 */
function whyNothingHeldOut(examples: number, labels: number, valFraction: number): string {
  if (examples < 2 * labels) {
    return `${labels} distinct labels for ${examples} examples is too many labels: each label keeps one example for training, so none is left for validation (is --label-field the right field?); use fewer labels, add examples of each, or give --val-data`;
  }
  return `too few examples for a validation split of ${valFraction} (${examples} examples over ${labels} labels); add examples, raise --val-fraction or give --val-data`;
}
