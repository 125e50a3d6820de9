/** The names dispatch files have (`*.dispatch.json`, `*.dispatch.yaml`, `*.dispatch.yml`). */
export const DISPATCH_FILE = /\.dispatch\.(json|ya?ml)$/;
