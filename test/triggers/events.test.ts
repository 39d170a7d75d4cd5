import { expect } from 'chai';
import { describe, it } from 'mocha';
import { EVENT_MESSAGE_MAX, imageTriggeredEvent, invalidTriggerEvent } from '../../src/triggers/events.js';
import { Da } from '../helpers/builders.js';

const NEW = `quay.io/acme/app@${Da}`;

describe('trigger Events', () => {
  const cases: { name: string; event: ReturnType<typeof imageTriggeredEvent>; want: ReturnType<typeof imageTriggeredEvent> }[] = [
    { name: 'ImageTriggered names the stream tag, the container, the new and the old image',
      event: imageTriggeredEvent({ list: 'containers', container: 'web', source: 'app:v1', oldImage: 'ruby:3', newImage: NEW }),
      want: { type: 'Normal', reason: 'ImageTriggered', message: `Image stream tag app:v1 set the image of container web to ${NEW} (was ruby:3)` } },
    { name: 'ImageTriggered says init container, and names a source namespace that is not the workload\'s',
      event: imageTriggeredEvent({ list: 'initContainers', container: 'setup', source: 'other/base:v1', oldImage: undefined, newImage: NEW }),
      want: { type: 'Normal', reason: 'ImageTriggered', message: `Image stream tag other/base:v1 set the image of init container setup to ${NEW} (was no image)` } },
    { name: 'InvalidTrigger is a Warning carrying the problem\'s message',
      event: invalidTriggerEvent({ reason: 'NoSuchContainer', message: 'image.openshift.io/triggers[0].fieldPath: no such container: db' }),
      want: { type: 'Warning', reason: 'InvalidTrigger', message: 'image.openshift.io/triggers[0].fieldPath: no such container: db' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(c.event).to.deep.equal(c.want);
    });
  }

  it(`cuts a message to the ${EVENT_MESSAGE_MAX} characters an Event note may hold`, () => {
    const event = imageTriggeredEvent({ list: 'containers', container: 'web', source: 'app:v1', oldImage: 'x'.repeat(600), newImage: 'y'.repeat(600) });
    expect(event.message).to.have.length(EVENT_MESSAGE_MAX);
    expect(event.message.endsWith('…')).to.equal(true);
  });
});
