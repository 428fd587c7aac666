import { AttacheError, type ErrorCode } from '../pipeline/errors.ts';

/** What a KB lookup failed on; the CLI maps 'date' to a usage error and the rest to "not found". */
export type KbErrorKind = 'state' | 'org' | 'member' | 'date' | 'data';

/**
 * A KB error with the suggestions shown to the user. It reuses catalogue codes (ATT-E002
 * invalid option value, ATT-E051 invalid date, ATT-E060 data not found) until the catalogue
 * gets KB-specific ones.
 */
export class KbError extends AttacheError {
  constructor(
    code: ErrorCode,
    readonly kind: KbErrorKind,
    readonly input: string,
    detail: string,
    readonly suggestions: readonly string[] = [],
  ) {
    super(code, detail);
  }
}
