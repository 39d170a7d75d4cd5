/**
 * The fields of an ImageStream that the command line shows besides those of the project's model:
 * object metadata the API server sets (creation time, labels). Tags and their conditions are the
 * model's own types, so any stream read from the API server is one of these, and one of these is
 * an ImageStream.
 */
import type { ImageStream, NamedTagEventList, TagEventCondition, TagReference } from '../core/types.js';

/** A status tag's condition as the import controller writes it (`ImportSuccess=False` with OpenShift's reason). */
export type ShownCondition = TagEventCondition;
export type ShownTagReference = TagReference;
export type ShownTagEventList = NamedTagEventList;

export interface ShownImageStream extends ImageStream {
  metadata: ImageStream['metadata'] & {
    creationTimestamp?: string;
    labels?: Record<string, string> | null;
  };
}
