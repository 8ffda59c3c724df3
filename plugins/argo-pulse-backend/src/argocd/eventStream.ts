import type { ArgoCdApplicationStreamMessage } from '@argo-pulse/backstage-plugin-common';

/**
 * The messages of an Argo CD watch answered as `text/event-stream`: one
 * `data: {json} ` line per message (Argo CD leaves a space before the blank
 * line), `:` keepalive lines in between. `onLine` hears every line,
 * keepalives included, so a caller can tell a quiet stream from a dead one.
 */
export async function* readEventStream(
  body: AsyncIterable<Uint8Array>,
  onLine?: () => void,
): AsyncGenerator<ArgoCdApplicationStreamMessage> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      onLine?.();
      if (line.startsWith('data:'))
        yield JSON.parse(line.slice(5)) as ArgoCdApplicationStreamMessage;
    }
  }
}
