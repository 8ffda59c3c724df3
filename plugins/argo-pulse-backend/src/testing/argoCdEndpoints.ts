// Argo CD's endpoints, as the simulator counts the requests it receives and
// the client names them in its errors and metrics.

export const LIST = 'GET /api/v1/applications';
export const GET = 'GET /api/v1/applications/{name}';
export const TREE = 'GET /api/v1/applications/{name}/resource-tree';
export const RESOURCE = 'GET /api/v1/applications/{name}/resource';
export const APPLICATION_SETS = 'GET /api/v1/applicationsets';
export const METADATA =
  'GET /api/v1/applications/{name}/revisions/{revision}/metadata';
export const OCI_METADATA =
  'GET /api/v1/applications/{name}/revisions/{revision}/ocimetadata';
export const MANIFESTS = 'GET /api/v1/applications/{name}/manifests';
export const STREAM = 'GET /api/v1/stream/applications';
export const LOGIN = 'POST /api/v1/session';
