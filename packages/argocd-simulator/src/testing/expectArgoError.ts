/**
 * Asserts an Argo CD error answer: its HTTP status and grpc-gateway's body, which repeats the
 * message as `error`.
 */
export async function expectArgoError(
  response: Response,
  status: number,
  code: number,
  message: string | RegExp,
): Promise<void> {
  expect(response.status).toBe(status);
  const text =
    typeof message === 'string' ? message : expect.stringMatching(message);
  expect(await response.json()).toEqual({ error: text, code, message: text });
}
