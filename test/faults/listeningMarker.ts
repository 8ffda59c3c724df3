/** The line the fault backend prints with the port it bound (see faultBackend.ts). */
export const LISTENING_MARKER = 'argo-pulse-fault-backend listening on port';
