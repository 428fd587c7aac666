/**
 * An eval task scores one stage on one gold data set under the data folder
 * (default ../shared/data, or --data PATH). `npm run eval` runs every task, prints the
 * metrics and fails when one falls below its floor in eval/floors.json.
 */
export interface EvalTask {
  /** Short name; metrics are reported as `<name>.<metric>`. */
  readonly name: string;
  /** Folder under the data folder this task reads; the task is skipped with a message when absent. */
  readonly dataset: string;
  readonly description: string;
  run(datasetDir: string, log: (line: string) => void): Promise<Record<string, number>>;
}
