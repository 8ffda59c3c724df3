import { Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { argoPulseApiRef } from '../api/ArgoPulseApi';
import { useLiveEntityData } from './useLiveEntityData';

/** The entity's version matrix, kept live: re-read when one of the applications in it changes. */
export function useVersionMatrix(entity: Entity, refreshMs?: number) {
  const api = useApi(argoPulseApiRef);
  const ref = getCompoundEntityRef(entity);
  return useLiveEntityData({
    entity,
    load: () => api.getVersionMatrix(ref),
    deps: [api, ref.kind, ref.namespace, ref.name],
    refreshMs,
  });
}
