/** The cluster round trip for BERT (masked LM): see cluster-roundtrip.ts. */
import path from 'node:path';
import { describeClusterRoundTrip } from './cluster-roundtrip';

describeClusterRoundTrip('bert', (model) => [
  ['fill-mask', model, '--text', 'First [MASK]itizen', '--threads', '1'],
  ['attention', model, '--text', 'First Citizen', '--out', path.join(model, '..', 'attention.json'), '--threads', '1'],
]);
