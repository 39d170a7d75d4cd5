/**
 * How one tag is imported (its `importPolicy`, D18): transport security, import mode and platform. These travel
 * to the registry client in the ImageImportRequest; the client never reads the stream.
 */
import type { ImageStream, TagReference } from '../core/types.js';
import type { ImportMode, ImportSettings, Platform } from './types.js';

export const INSECURE_REPOSITORY_ANNOTATION = 'openshift.io/image.insecureRepository';
export const PREFER_ARCH_ANNOTATION = 'importer.image.openshift.io/prefer-arch';
export const PREFER_OS_ANNOTATION = 'importer.image.openshift.io/prefer-os';

/** The stream annotation makes every tag insecure; a tag's `insecure: false` cannot undo it, as in OpenShift. */
export function isInsecure(stream: ImageStream, tag: TagReference | undefined): boolean {
  return stream.metadata.annotations?.[INSECURE_REPOSITORY_ANNOTATION] === 'true' || tag?.importPolicy?.insecure === true;
}

export function importModeOf(tag: TagReference, settings: ImportSettings): ImportMode {
  const mode = tag.importPolicy?.importMode;
  return mode === 'Legacy' || mode === 'PreserveOriginal' ? mode : settings.defaultImportMode;
}

/**
 * The platform a Legacy import picks from a list/index: the tag's `prefer-arch` (`arm64`,
 * `arm/v7`) and `prefer-os` annotations, each falling back to the configured default.
 */
export function platformOf(tag: TagReference, settings: ImportSettings): Platform {
  const arch = tag.annotations?.[PREFER_ARCH_ANNOTATION]?.trim() ?? '';
  const os = tag.annotations?.[PREFER_OS_ANNOTATION]?.trim() ?? '';
  if (arch === '') return { ...settings.defaultPlatform, ...(os === '' ? {} : { os }) };
  const slash = arch.indexOf('/');
  const architecture = slash < 0 ? arch : arch.slice(0, slash);
  const variant = slash < 0 ? '' : arch.slice(slash + 1);
  return { os: os === '' ? settings.defaultPlatform.os : os, architecture, ...(variant === '' ? {} : { variant }) };
}
