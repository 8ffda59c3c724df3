// A Backstage backend with only the Argo Pulse plugin, run as its own process by the fault
// suite (so that it can be killed, restarted, and run twice on one database). Config: --config.
// It listens on the port its config gives, 0 for one the system picks; since Backstage logs the
// configured port, the port actually bound is printed on a line of its own for the suite.
import { createBackend } from '@backstage/backend-defaults';
import { Server as HttpServer } from 'node:http';
import { Server } from 'node:net';
import { LISTENING_MARKER } from './listeningMarker';

const listen = Server.prototype.listen;
Server.prototype.listen = function listenAndSay(
  this: Server,
  ...args: unknown[]
) {
  this.once('listening', () => {
    const address = this.address();
    if (this instanceof HttpServer && address && typeof address === 'object')
      process.stdout.write(`${LISTENING_MARKER} ${address.port}\n`);
  });
  return (listen as (...a: unknown[]) => Server).apply(this, args);
} as typeof Server.prototype.listen;

const backend = createBackend();
backend.add(import('@argo-pulse/backstage-plugin-backend'));
backend.start().catch(error => {
  console.error(error);
  process.exit(1);
});
