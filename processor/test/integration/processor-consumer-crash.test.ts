import { AssignerProtocol, type Consumer, type PartitionAssigner } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../../../test/support/env.js';
import { createTopics, testKafka } from '../../../test/support/kafka.js';
import { startProcessor, waitFor, type RunningService } from '../../../test/support/processes.js';

// A consumer that kafkajs will not restart must not leave a process up doing nothing (issue 13):
// the processor exits non-zero so the orchestrator restarts it. The crash is a real one: the
// group is held by a member speaking another assignment protocol, so the broker refuses the
// processor's JoinGroup with INCONSISTENT_GROUP_PROTOCOL, which kafkajs treats as fatal.
const topics = { QUOTES_TOPIC: uniqueName('q'), SALES_TOPIC: uniqueName('s'), METRICS_TOPIC: uniqueName('m') };
const group = uniqueName('g-crash');
let foreign: Consumer | undefined;
let p: RunningService | undefined;

/** An assigner no processor speaks: it keeps every partition for itself. */
const ForeignAssigner: PartitionAssigner = () => ({
  name: 'foreign-assigner',
  version: 0,
  async assign({ members, topics: ts }) {
    return members.map((m, i) => ({
      memberId: m.memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: i === 0 ? Object.fromEntries(ts.map((t) => [t, [0]])) : {}, userData: Buffer.alloc(0) }),
    }));
  },
  protocol: ({ topics: ts }) => ({ name: 'foreign-assigner', metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics: ts, userData: Buffer.alloc(0) }) }),
});

afterAll(async () => {
  await p?.stop('SIGKILL');
  await foreign?.disconnect();
}, 60_000);

describe('consumer crash', () => {
  it('a consumer that crashes for good exits the process non-zero, saying why', async () => {
    await createTopics([{ topic: topics.QUOTES_TOPIC, numPartitions: 1 }, { topic: topics.SALES_TOPIC, numPartitions: 1 }]);
    foreign = testKafka().consumer({ groupId: group, partitionAssigners: [ForeignAssigner] });
    await foreign.connect();
    await foreign.subscribe({ topics: [topics.QUOTES_TOPIC, topics.SALES_TOPIC] });
    let joined = false;
    foreign.on(foreign.events.GROUP_JOIN, () => (joined = true));
    await foreign.run({ eachMessage: async () => {} });
    await waitFor('the foreign member to hold the group', async () => joined, 60_000, 100);

    p = startProcessor({ ...topics, KAFKA_GROUP_ID: group });
    await waitFor('the processor to exit', async () => p?.child.exitCode !== null, 120_000).catch((err: Error) => {
      throw new Error(`${err.message}; the process stayed up:\n${p?.output().slice(-3000)}`);
    });
    expect(p.child.exitCode).toBe(1);
    expect(p.output()).toMatch(/consumer crashed for good; exiting so the orchestrator restarts the processor/);
    expect(p.output()).toMatch(/INCONSISTENT_GROUP_PROTOCOL|incompatible with those of existing members/); // the broker's reason is in the log
  }, 180_000);
});
