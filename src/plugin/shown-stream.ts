/**
 * The fields of an ImageStream that the command line shows besides those of the project's model:
 * object metadata the API server sets (creation time, labels), the generation stamped on spec
 * tags and the import's conditions on status tags. Each type extends the model's, so any stream
 * read from the API server is one of these, and one of these is an ImageStream.
 */
import type { ImageStream, NamedTagEventList, TagReference } from '../core/types.js';

/** A status tag's condition as the import controller writes it (`ImportSuccess=False` with OpenShift's reason). */
export interface ShownCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
  generation?: number;
}

export interface ShownTagReference extends TagReference {
  /** The stream generation at which the tag last changed; `0` asks for a re-import. */
  generation?: number | null;
}

export interface ShownTagEventList extends NamedTagEventList {
  conditions?: ShownCondition[] | null;
}

type Spec = NonNullable<ImageStream['spec']>;
type Status = NonNullable<ImageStream['status']>;

export interface ShownImageStream extends ImageStream {
  metadata: ImageStream['metadata'] & {
    creationTimestamp?: string;
    labels?: Record<string, string> | null;
    generation?: number;
  };
  spec?: (Omit<Spec, 'tags'> & { tags?: ShownTagReference[] | null }) | null;
  status?: (Omit<Status, 'tags'> & { tags?: ShownTagEventList[] | null }) | null;
}
