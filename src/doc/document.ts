import type { DocumentData, LayerName, Layers, Span, Warning } from './types.ts';

/**
 * A Document: immutable text plus the layers stages have added so far.
 * `with()` returns a new Document; nothing is mutated in place.
 *
 * @example
 * const doc = Document.create({ id: 'a', text: 'Hi.', hints: { kind: 'text' }, boilerplate: [], captions: [], warnings: [] });
 * doc.with({ sentences: [...] }).layer('sentences');
 */
export class Document {
  private constructor(
    readonly data: DocumentData,
    private readonly layers: Readonly<Partial<Layers>>,
    readonly warnings: readonly Warning[],
  ) {
    Object.freeze(this);
  }

  static create(data: DocumentData): Document {
    return new Document(Object.freeze({ ...data }), Object.freeze({}), data.warnings);
  }

  get id(): string {
    return this.data.id;
  }

  get text(): string {
    return this.data.text;
  }

  has(name: LayerName): boolean {
    return this.layers[name] !== undefined;
  }

  /** The named layer; throws if no stage has provided it (the pipeline checks this when built). */
  layer<N extends LayerName>(name: N): Layers[N] {
    const value = this.layers[name];
    if (value === undefined) throw new Error(`layer "${name}" has not been provided by any stage`);
    return value;
  }

  with(added: Partial<Layers>, warnings: readonly Warning[] = []): Document {
    return new Document(this.data, Object.freeze({ ...this.layers, ...added }), [...this.warnings, ...warnings]);
  }

  slice(span: Span): string {
    return this.data.text.slice(span.start, span.end);
  }
}
