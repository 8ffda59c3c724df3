import { Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { argoPulseApiRef, ArgoPulseApplicationRef } from '../api/ArgoPulseApi';
import { useLiveEntityData } from './useLiveEntityData';

/** One application's detail (resources, conditions, last operation), kept live. */
export function useApplicationDetail(
  entity: Entity,
  app: ArgoPulseApplicationRef,
  refreshMs?: number,
) {
  const api = useApi(argoPulseApiRef);
  const ref = getCompoundEntityRef(entity);
  return useLiveEntityData({
    entity,
    load: () => api.getApplicationDetail(ref, app),
    deps: [
      api,
      ref.kind,
      ref.namespace,
      ref.name,
      app.instance,
      app.namespace,
      app.name,
    ],
    refreshMs,
  });
}
