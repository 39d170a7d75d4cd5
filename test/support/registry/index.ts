/**
 * The real-registry test harness: Debian's `docker-registry` on 127.0.0.1 in four modes, and a
 * pusher that writes the four manifest kinds over the registry HTTP API. Node built-ins only, so
 * unit tests (test/) and the e2e suite (e2e/) can both import it.
 */
export { startRegistry, type StartRegistryOptions, type TestRegistry } from './registry-process.js';
export { type RegistryMode, type NotificationsConfig, type TokenAuthConfig, TEST_USER, TEST_PASSWORD } from './config.js';
export { pushImage, type PushImageOptions, type PushedImage, type PushedPlatform } from './push.js';
export { buildImage, IMAGE_KINDS, MEDIA_TYPES, MULTIARCH_PLATFORMS, type ImageKind, type PlatformSpec } from './image.js';
export { startFaultProxy, type FaultProxy, type Fault, type HeldRequest } from './fault-proxy.js';
