/**
 * The parts of a chart release that run outside the cluster, and what their files need to be
 * usable there. Pure: release-files reads the objects and writes the files.
 */
import { isMap, parseDocument } from 'yaml';
import { InputError } from '../errors.js';

export type ReleaseComponent = 'webhook' | 'controller';

/** `app.kubernetes.io/component` of the chart's import controller objects. */
export const CONTROLLER_COMPONENT = 'import-controller';

/** The key of the controller ConfigMap holding `controller.registries.caBundle`. */
export const CA_BUNDLE_KEY = 'ca-bundle.pem';

/**
 * The controller's rendered configuration with `registries.caBundleFile` pointing at `bundleFile`:
 * in the cluster it names the ConfigMap's mount (`/etc/imagestream-webhook/controller/…`), which
 * does not exist on this machine, and the controller refuses a configuration whose file it cannot
 * read. Everything else is kept as rendered. Throws InputError naming `where` when the file is
 * named but the ConfigMap holds no bundle, or the configuration is not a YAML mapping.
 */
export function localControllerConfig(config: string, bundleFile: string | undefined, where: string): string {
  const document = parseDocument(config);
  if (document.errors.length > 0 || !isMap(document.contents)) throw new InputError(where, ['config.yaml is not a YAML mapping']);
  const named = document.getIn(['registries', 'caBundleFile']);
  if (named === undefined || named === null || named === '') return config;
  if (bundleFile === undefined) throw new InputError(where, [`registries.caBundleFile is set but there is no ${CA_BUNDLE_KEY}`]);
  document.setIn(['registries', 'caBundleFile'], bundleFile);
  return document.toString();
}
