/**
 * `--help` of `kubectl imagestream` and each of its commands, laid out as kubectl lays out its
 * own: what the command does, examples to paste, the options with their defaults, the usage line.
 */
import { PLUGIN_COMMAND } from './command-error.js';
import { commandFlags, CONNECTION_OPTIONS, type CommandPath, type OptionSpec } from './commands.js';

interface CommandHelp {
  summary: string;
  about: string;
  examples: string[];
  usage: string;
}

const HELP: ReadonlyMap<CommandPath, CommandHelp> = new Map<CommandPath, CommandHelp>([
  ['tag', {
    summary: 'Point image stream tags at an image, another tag, or a registry image',
    about: `Sets tags of image streams, as oc tag does. SOURCE is a container image in a registry (its name
has a registry host, e.g. quay.io/acme/app:1.2), a tag of a stream (app:v1, other-namespace/app:v1)
or an image of a stream (app@sha256:...). A stream tag is resolved to the image it points at now, so
the destination keeps that image when the source moves on, unless --alias makes it follow the
source. A destination stream that does not exist is created. A container image is imported by the
import controller; --scheduled keeps importing it periodically.`,
    examples: [
      '# Point app:prod at the image app:v2 points at now (app:prod stays on it)',
      `${PLUGIN_COMMAND} tag app:v2 app:prod`,
      '# Make app:latest follow app:v1 wherever it moves',
      `${PLUGIN_COMMAND} tag --alias app:v1 app:latest`,
      '# Import an image from a registry, and check it for updates periodically',
      `${PLUGIN_COMMAND} tag quay.io/acme/app:nightly app:nightly --scheduled`,
      '# Keep the whole manifest list and pull through the stream\'s own repository',
      `${PLUGIN_COMMAND} tag docker.io/library/ruby:3.3 ruby:3.3 --import-mode=PreserveOriginal --reference-policy=local`,
      '# Delete a tag and its history',
      `${PLUGIN_COMMAND} tag -d app:old`,
    ],
    usage: 'tag [--source=docker|istag|isimage] SOURCE DEST [DEST...] [options]\n  kubectl imagestream tag -d DEST [DEST...] [options]',
  }],
  ['import-image', {
    summary: 'Import an image from a registry into an image stream tag, now',
    about: `Asks the import controller to import a tag of an image stream again (or for the first time)
and waits for the answer, as oc import-image does. NAME defaults to the tag latest. With --from and
--confirm, a stream that does not exist is created. The tag's other settings (insecure, scheduled,
reference policy) are kept unless a flag changes them. Exits 1 when the import fails, with the
registry's reason.`,
    examples: [
      '# Import latest again into an existing stream',
      `${PLUGIN_COMMAND} import-image app`,
      '# Import a tag again',
      `${PLUGIN_COMMAND} import-image app:v1`,
      '# Create a stream importing quay.io/acme/app:1.0 as app:1.0',
      `${PLUGIN_COMMAND} import-image app:1.0 --from=quay.io/acme/app:1.0 --confirm`,
    ],
    usage: 'import-image NAME[:TAG] [options]',
  }],
  ['set image-lookup', {
    summary: 'Let pods name images of image streams by their short name',
    about: `Turns local name lookup on or off, as oc set image-lookup does. On an image stream it sets
spec.lookupPolicy.local, so pods of the namespace may use the stream's tags by short name (app:v1).
On a workload (deployment/web) it sets the annotation alpha.image.policy.openshift.io/resolve-names
on its pod template, so every image of the workload is looked up in the namespace's streams. Without
arguments, or with --list, it prints NAME and LOCAL and changes nothing.`,
    examples: [
      '# Show which streams resolve short names',
      `${PLUGIN_COMMAND} set image-lookup`,
      '# Let pods use the stream ruby by short name',
      `${PLUGIN_COMMAND} set image-lookup ruby`,
      '# Resolve every image of a deployment through streams',
      `${PLUGIN_COMMAND} set image-lookup deployment/web`,
      '# Turn it off again',
      `${PLUGIN_COMMAND} set image-lookup ruby --enabled=false`,
    ],
    usage: 'set image-lookup [STREAM...|KIND/NAME...] [options]',
  }],
  ['set triggers', {
    summary: 'Roll out workloads when an image stream tag moves',
    about: `Sets the image triggers of a workload (Deployment, StatefulSet, DaemonSet, CronJob), as
oc set triggers does and writing exactly the annotation image.openshift.io/triggers that oc writes:
when the tag moves, the container's image is set to the new image. Without action flags it prints
the workload's triggers (NAME TYPE VALUE AUTO).`,
    examples: [
      '# Show the triggers of a deployment',
      `${PLUGIN_COMMAND} set triggers deployment/web`,
      '# Update the container web whenever app:prod moves',
      `${PLUGIN_COMMAND} set triggers deployment/web --from-image=app:prod -c web`,
      '# Pause every trigger of the deployment, then turn them on again',
      `${PLUGIN_COMMAND} set triggers deployment/web --manual`,
      `${PLUGIN_COMMAND} set triggers deployment/web --auto`,
    ],
    usage: 'set triggers KIND/NAME [--from-image=[NAMESPACE/]STREAM:TAG -c CONTAINER] [--auto|--manual] [--remove|--remove-all] [options]',
  }],
  ['describe', {
    summary: 'Show an image stream: its tags, where they come from, their history',
    about: `Prints image streams in the layout of oc describe is: name, namespace, age, labels,
annotations, image repository, lookup policy, and for each tag its source, its last failed import
and its history of images with their ages.`,
    examples: ['# Describe the stream app', `${PLUGIN_COMMAND} describe app`],
    usage: 'describe STREAM [STREAM...] [options]',
  }],
  ['get', {
    summary: 'List image streams with all their tags',
    about: 'Lists image streams: NAME, IMAGE REPOSITORY, TAGS (all of them) and UPDATED (age of the newest image).',
    examples: ['# List the streams of the namespace', `${PLUGIN_COMMAND} get`, '# Print one stream as YAML', `${PLUGIN_COMMAND} get app -o yaml`],
    usage: 'get [STREAM...] [options]',
  }],
]);

function optionLines(options: readonly OptionSpec[]): string {
  return options
    .map((option) => `    ${option.shorthand === undefined ? '' : `-${option.shorthand}, `}--${option.name}=${option.shownDefault}:\n\t${option.usage}\n`)
    .join('\n');
}

/** `--help` of `command`. */
export function commandHelp(command: CommandPath): string {
  const help = HELP.get(command);
  if (help === undefined) return rootHelp();
  const own = commandFlags(command).filter((option) => !CONNECTION_OPTIONS.includes(option));
  const examples = help.examples.map((line) => `  ${line}`).join('\n');
  return [
    `${help.summary}.\n`,
    `${help.about}\n`,
    `Examples:\n${examples}\n`,
    ...(own.length === 0 ? [] : [`Options:\n${optionLines(own)}`]),
    `Connection options:\n${optionLines(CONNECTION_OPTIONS)}`,
    `Usage:\n  ${PLUGIN_COMMAND} ${help.usage}\n`,
  ].join('\n');
}

/** `--help` of `set`, which only groups two commands. */
export function setHelp(): string {
  const lines = (['set image-lookup', 'set triggers'] as const).map((path) => `  ${path.slice(4).padEnd(14)}${HELP.get(path)?.summary ?? ''}`);
  return `Change image lookup and image triggers of objects.\n\nCommands:\n${lines.join('\n')}\n\nUsage:\n  ${PLUGIN_COMMAND} set COMMAND [options]\n\nUse "${PLUGIN_COMMAND} set <command> --help" for more information about a command.\n`;
}

/** `kubectl imagestream --help`. */
export function rootHelp(): string {
  const lines = [...HELP.entries()].map(([path, help]) => `  ${path.padEnd(18)}${help.summary}`);
  return `Manage image streams the way oc does, on any Kubernetes cluster with imagestream-webhook installed.

Commands:
${lines.join('\n')}

Connection options:
${optionLines(CONNECTION_OPTIONS)}
Usage:
  ${PLUGIN_COMMAND} COMMAND [options]

Use "${PLUGIN_COMMAND} <command> --help" for more information about a command.
`;
}
