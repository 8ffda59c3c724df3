import type { ArgoCdInstanceConfig } from '../config/readArgoPulseConfig';

/** The application's page in the Argo CD UI. */
export function argoCdUrl(
  instance: ArgoCdInstanceConfig | undefined,
  namespace: string,
  name: string,
): string {
  return `${instance?.frontendUrl ?? ''}/applications/${encodeURIComponent(
    namespace,
  )}/${encodeURIComponent(name)}`;
}
