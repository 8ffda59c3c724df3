import { Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { argoPulseApiRef, ArgoPulseApplicationRef } from '../api/ArgoPulseApi';
import { useLiveData } from './useLiveData';

/** One application's detail (resources, conditions, last operation), kept live. */
export function useApplicationDetail(entity: Entity, app: ArgoPulseApplicationRef, refreshMs?: number) {
  const api = useApi(argoPulseApiRef);
  const ref = getCompoundEntityRef(entity);
  return useLiveData(() => api.getApplicationDetail(ref, app), [api, ref.kind, ref.namespace, ref.name, app.instance, app.namespace, app.name], refreshMs);
}
