/** One line of verify's report. */

export type RowStatus = "pass" | "fail" | "skip";

export interface CheckRow {
  /** The app the check is about, or `-` for checks about the whole sandbox. */
  readonly app: string;
  readonly check: string;
  readonly expected: string;
  readonly seen: string;
  readonly status: RowStatus;
}

/** Where to open a TCP connection. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
}
