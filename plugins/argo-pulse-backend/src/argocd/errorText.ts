// Turning Argo CD's answers and network failures into short error texts.

/** Argo CD's error message from its JSON error body, if it is one. */
export function argoCdMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown };
    const message = body.message ?? body.error;
    return typeof message === 'string' && message ? message : undefined;
  } catch {
    return undefined;
  }
}

/** The most telling part of a network failure: its code (ECONNREFUSED, …) or message. */
export function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })
    .cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** A network error's code (ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET, …), which never carries a secret. */
export function networkCodeOf(error: unknown): string | undefined {
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code)
    ? code
    : undefined;
}
