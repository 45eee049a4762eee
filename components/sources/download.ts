/** One GET with a time limit, whose network failures become a DownloadError with a short reason. */

/** The part of a fetch Response the caches read. */
export interface FetchedResponse {
  readonly ok: boolean;
  readonly status: number;
  text(): Promise<string>;
}

/** A download that got no answer (offline, refused, timed out): the caller may fall back or explain. */
export class DownloadError extends Error {}

function reasonOf(error: unknown): string {
  if ((error as { name?: unknown } | undefined)?.name === "TimeoutError") return "no answer in time";
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  // Not `instanceof Error`: an error from another realm (fetch's own) would fail that test.
  const text = (error as { message?: unknown } | undefined)?.message;
  const message = typeof text === "string" ? text : String(error);
  const detail = cause?.code ?? cause?.message;
  return detail ? `${message}: ${detail}` : message;
}

/** GETs `url` and reads its body with `read`; an unanswered request throws a DownloadError. */
export async function getWithin<R extends { readonly ok: boolean; readonly status: number }, T>(
  get: (url: string, init: { readonly signal: AbortSignal }) => Promise<R>,
  url: string,
  timeoutMs: number,
  read: (response: R) => Promise<T>,
): Promise<{ readonly ok: boolean; readonly status: number; readonly body: T }> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await get(url, { signal });
    return { ok: response.ok, status: response.status, body: await read(response) };
  } catch (error) {
    const reason = reasonOf(error);
    throw new DownloadError(
      reason === "no answer in time" ? `no answer within ${Math.round(timeoutMs / 1000)} s` : reason,
    );
  }
}
