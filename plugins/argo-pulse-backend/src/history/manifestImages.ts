/**
 * The container images a set of rendered manifests (Argo CD's
 * `GET …/manifests`, one JSON string per object) asks for: every
 * `containers[].image` and `initContainers[].image`, wherever the pod
 * template sits (a Pod, a Deployment's template, a CronJob's job template,
 * an Argo Rollout, …), without repeats, in manifest order. A manifest that
 * is not JSON is skipped.
 */
export function manifestImages(manifests: string[] | undefined): string[] {
  const images = new Set<string>();
  for (const manifest of manifests ?? []) {
    let object: unknown;
    try {
      object = JSON.parse(manifest);
    } catch {
      continue;
    }
    collectImages(object, images);
  }
  return [...images];
}

const CONTAINER_LISTS = ['initContainers', 'containers'];

function collectImages(value: unknown, images: Set<string>): void {
  if (Array.isArray(value)) {
    value.forEach(item => collectImages(item, images));
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (CONTAINER_LISTS.includes(key) && Array.isArray(child)) {
      for (const container of child) {
        const image = (container as { image?: unknown })?.image;
        if (typeof image === 'string' && image) images.add(image);
      }
    } else {
      collectImages(child, images);
    }
  }
}
