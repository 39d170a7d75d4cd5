type ApplyHeaders = (options: { headers: Record<string, string> }) => Promise<void>;

/**
 * Exec credential plugins (EKS, GKE, OIDC login helpers) and legacy auth providers: client-node
 * implements them (running the plugin, caching its token until it expires), so it is imported
 * here, lazily, only by a process run from such a kubeconfig (a developer's laptop); in a cluster
 * the ServiceAccount token needs none of it. Only the Authorization header is taken: a plugin that
 * answers with a client certificate instead is not supported.
 */
export function execAuthorization(source: string | { file: string }, context: string | undefined): () => Promise<string | undefined> {
  let loaded: Promise<ApplyHeaders> | undefined;
  return async () => {
    loaded ??= import('@kubernetes/client-node').then(({ KubeConfig }) => {
      const config = new KubeConfig();
      if (typeof source === 'string') config.loadFromString(source);
      else config.loadFromFile(source.file);
      if (context !== undefined) config.setCurrentContext(context);
      return (options) => config.applyToHTTPSOptions(options);
    });
    const options = { headers: {} as Record<string, string> };
    await (await loaded)(options);
    return options.headers.Authorization ?? options.headers.authorization;
  };
}
