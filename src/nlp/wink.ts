import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

type Wink = ReturnType<typeof winkNLP>;
const cache = new Map<string, Wink>();

/**
 * A wink-nlp instance with only the named pipes, loaded once per process on first use
 * (never at import). Sentence splitting alone runs ~1.5x faster than with POS tagging.
 */
export function wink(pipes: readonly ('sbd' | 'pos' | 'negation' | 'sentiment' | 'ner' | 'cer')[] = ['sbd']): Wink {
  const key = pipes.join(',');
  let nlp = cache.get(key);
  if (!nlp) {
    nlp = winkNLP(model, [...pipes]);
    cache.set(key, nlp);
  }
  return nlp;
}
