// The README's steps to offer Argo Pulse's actions to AI assistants (Install into your
// Backstage → AI assistants (MCP)), as the consumer backend takes them.
import { parse } from 'yaml';
import { readmeBlock } from './readme';

/** The token the consumer backend reads as `${MCP_TOKEN}`, as the README's block says. */
export const MCP_TOKEN = 'consumer-mcp-token-0123456789';

export interface ReadmeMcpSteps {
  /** The MCP actions backend's version the README's install line pins. */
  version: string;
  /** The README's line for `packages/backend/src/index.ts`. */
  backendLine: string;
  /** The README's app-config block: `backend.actions`, `backend.auth.externalAccess`, `mcpActions`. */
  config: {
    backend: {
      actions: unknown;
      auth: { externalAccess: unknown[] };
    };
    mcpActions?: unknown;
  };
}

export function readmeMcpSteps(): ReadmeMcpSteps {
  const install = readmeBlock('@backstage/plugin-mcp-actions-backend@', ['sh']);
  const version = /@backstage\/plugin-mcp-actions-backend@(\S+)/.exec(
    install,
  )?.[1];
  const backendLine = readmeBlock(
    "import('@backstage/plugin-mcp-actions-backend')",
  )
    .split('\n')
    .find(line => line.startsWith('backend.add('));
  if (!version || !backendLine)
    throw new Error("the README's MCP install steps name no version or line");
  return {
    version,
    backendLine,
    config: parse(readmeBlock('pluginSources', ['yaml'])),
  };
}
