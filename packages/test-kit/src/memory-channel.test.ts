import { testChannel } from './channel-contract.js';
import { MemoryChannel } from './memory-channel.js';

testChannel('MemoryChannel', async () => {
  const channel = new MemoryChannel();
  return {
    channel,
    received: () => channel.attempts,
    failNext(kind) {
      if (kind === 'hang') channel.hangNext();
      else channel.failNext({ retryable: kind === 'retryable' });
    },
    teardown: async () => {},
  };
});
