import { afterAll, describe, expect, it } from 'vitest';
import { plantReceivedSms, tempDir, writeDummyGammurc } from '@sms-gateway/testing';
import { parseStoredMessages } from './parse-stored-messages';
import { runProcess } from './run-process';

const dirs: { remove: () => void }[] = [];
afterAll(() => dirs.forEach((dir) => dir.remove()));

/** Plants one received SMS with the real gammu and reads it back as the worker does (`getallsms`). */
async function receivedText(text: string): Promise<string | undefined> {
  const dir = tempDir('getallsms-cr');
  dirs.push(dir);
  const gammurc = writeDummyGammurc(dir.path);
  plantReceivedSms(gammurc, { from: '+5511988887777', text });
  const listing = parseStoredMessages(
    await runProcess('gammu', ['-c', gammurc, 'getallsms'], { timeoutMs: 10_000, env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } }),
  );
  expect(listing.complete).toBe(true);
  const [message] = listing.messages;
  return message?.kind === 'received' ? message.text : undefined;
}

// gammu prints its listing with LF line ends: a carriage return in a received text is the sender's.
describe('parseStoredMessages keeps carriage returns that are part of a received text (real gammu)', () => {
  it.each([
    { what: 'CR LF inside', text: 'linha 1\r\nlinha 2' },
    { what: 'a CR at the end', text: 'ok\r' },
    { what: 'a lone CR inside', text: 'a\rb' },
  ])('$what', async ({ text }) => {
    await expect(receivedText(text)).resolves.toBe(text);
  });
});
