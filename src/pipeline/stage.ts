import type { Document } from '../doc/document.ts';
import type { LayerName, Layers, Warning } from '../doc/types.ts';

export interface StageContext {
  /** Options the user gave for the whole run. */
  readonly options: Readonly<Record<string, unknown>>;
}

export interface StageResult<P extends LayerName> {
  readonly layers: Pick<Layers, P>;
  readonly warnings?: readonly Warning[];
}

/**
 * A pipeline stage: reads the layers it requires, returns the layers it provides.
 * It never mutates the Document it was given.
 */
export interface Stage<P extends LayerName = LayerName> {
  readonly name: string;
  /** Bump when the stage's output changes. */
  readonly version: string;
  readonly requires: readonly LayerName[];
  readonly provides: readonly P[];
  run(doc: Document, ctx: StageContext): StageResult<P>;
}

/** Any stage, whatever layers it provides: what a Pipeline holds. */
export interface AnyStage {
  readonly name: string;
  readonly version: string;
  readonly requires: readonly LayerName[];
  readonly provides: readonly LayerName[];
  run(doc: Document, ctx: StageContext): { readonly layers: Partial<Layers>; readonly warnings?: readonly Warning[] };
}
