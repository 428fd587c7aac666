import { Document } from '../doc/document.ts';
import type { LayerName } from '../doc/types.ts';
import { AttacheError } from './errors.ts';
import type { AnyStage, StageContext } from './stage.ts';

/**
 * An explicit, ordered list of stages, checked when built: a stage whose requirement no
 * earlier stage provides is an error at construction, never a silent empty layer.
 *
 * @example
 * const p = new Pipeline([metadataStage, sentencesStage, timesStage]);
 * const doc = p.run(normalize(input));
 */
export class Pipeline {
  readonly stages: readonly AnyStage[];

  constructor(stages: readonly AnyStage[]) {
    const provided = new Set<LayerName>();
    const names = new Set<string>();
    for (const stage of stages) {
      if (names.has(stage.name)) throw new AttacheError('ATT-E050', `stage "${stage.name}" appears twice`);
      names.add(stage.name);
      for (const req of stage.requires) {
        if (!provided.has(req)) {
          throw new AttacheError('ATT-E050', `stage "${stage.name}" requires layer "${req}", which no earlier stage provides`);
        }
      }
      for (const p of stage.provides) provided.add(p);
    }
    this.stages = Object.freeze([...stages]);
  }

  get provides(): ReadonlySet<LayerName> {
    return new Set(this.stages.flatMap((s) => s.provides));
  }

  run(doc: Document, ctx: StageContext = { options: {} }): Document {
    let current = doc;
    for (const stage of this.stages) {
      const result = stage.run(current, ctx);
      for (const p of stage.provides) {
        if ((result.layers as Record<string, unknown>)[p] === undefined) {
          throw new AttacheError('ATT-E050', `stage "${stage.name}" did not return its declared layer "${p}"`);
        }
      }
      current = current.with(result.layers, result.warnings ?? []);
    }
    return current;
  }
}

export { Document };
