#!/usr/bin/env node
// A scripted stand-in for the gammu CLI: prints exactly what gammu prints (see GAMMU.md)
// for the outcome its scenario file names, and records every invocation — and, in batch
// mode (`gammu … batch -`), every command line it reads, as a call of its own.
// Its folder is given by FAKE_GAMMU_DIR or by the folder this script sits in.
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.env.FAKE_GAMMU_DIR ?? dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const record = (args) => appendFileSync(join(dir, 'calls.jsonl'), `${JSON.stringify({ argv: args, at: Date.now(), pid: process.pid })}\n`);
record(argv);

const readScenario = () => JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8'));
let scenario = readScenario();
const statePath = join(dir, 'state.json');
// A run killed on a timeout must never leave a half-written state behind: written by rename.
const readState = () => {
  try {
    return existsSync(statePath) ? JSON.parse(readFileSync(statePath, 'utf8')) : {};
  } catch {
    return {};
  }
};
const FRESH_STATE = { networkinfo: 0, sendsms: 0, reset: 0, getallsms: 0, deletesms: 0 };
let state = { ...FRESH_STATE, ...readState() };

const next = (key, fallback) => {
  const step = (scenario[key] ?? [])[state[key]] ?? fallback;
  state[key] += 1;
  writeFileSync(`${statePath}.${process.pid}`, JSON.stringify(state));
  renameSync(`${statePath}.${process.pid}`, statePath);
  return step;
};

// gammu's stdout is C stdio on a pipe: fully buffered (4 KB here) unless stdbuf -oL made it
// line-buffered (stdbuf tells the program through _STDBUF_O). So, as with the real gammu, a
// wrapper that forgets stdbuf sees nothing of a batch run until it ends or 4 KB pile up.
const LINE_BUFFERED = process.env._STDBUF_O === 'L';
const BUFFER_BYTES = 4096;
let held = Buffer.alloc(0);
const emit = (bytes) => {
  try {
    writeSync(1, bytes);
  } catch {
    process.exit(141); // the reader is gone: gammu would die of SIGPIPE
  }
};
const out = (text) => {
  held = Buffer.concat([held, Buffer.from(text)]);
  if (LINE_BUFFERED) {
    const newline = held.lastIndexOf(0x0a);
    if (newline >= 0) {
      emit(held.subarray(0, newline + 1));
      held = held.subarray(newline + 1);
    }
  }
  while (held.length >= BUFFER_BYTES) {
    emit(held.subarray(0, BUFFER_BYTES));
    held = held.subarray(BUFFER_BYTES);
  }
};
const err = (text) => writeSync(2, text); // stderr is unbuffered
const exit = (code) => {
  if (held.length > 0) emit(held);
  process.exit(code);
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** A run that never ends by itself (only a kill stops it). */
const hang = () => new Promise(() => setInterval(() => undefined, 1000));

// Opening the device: paid once per process, at its first command that talks to the phone.
let connected = false;
const connect = async () => {
  if (!connected && scenario.connectMs) await sleep(scenario.connectMs);
  connected = true;
};

const VERSION = '[Gammu version 1.42.0]\n\nCopyright (C) 2003 - 2018 Michal Cihar <michal@cihar.com> and other authors.\n\n';
const COMMANDS = ['networkinfo', 'sendsms', 'reset', 'monitor', 'getallsms', 'deletesms', '--version', 'version'];

// The modem's message memory (received SMS, status reports, raw entries), kept in memory.json
// so that it survives from one gammu process to the next, as a SIM card's does.
const memoryPath = join(dir, 'memory.json');
const readMemory = () => (existsSync(memoryPath) ? JSON.parse(readFileSync(memoryPath, 'utf8')) : { entries: [] });
const writeMemory = (memory) => {
  writeFileSync(`${memoryPath}.${process.pid}`, JSON.stringify(memory));
  renameSync(`${memoryPath}.${process.pid}`, memoryPath);
};
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** gammu's date: strftime %c in the C locale, then the offset (UTC here). */
const gammuDate = (iso) => {
  const d = new Date(iso);
  const two = (n) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()} +0000`;
};
const FIELD = (name) => name.padEnd(21, ' ') + ': ';
/** One entry as `gammu getallsms` prints it (helper/message-display.c), with the blank line that ends it. */
function printEntry(entry) {
  out(`Location ${entry.location}, folder "${entry.folder ?? 'Inbox'}", SIM memory${(entry.folder ?? 'Inbox') === 'Inbox' ? ', Inbox folder' : ''}\n`);
  if (entry.kind === 'raw') {
    out(`${entry.text}\n\n`);
    return;
  }
  if (entry.kind === 'report') {
    out('SMS status report\n');
    out(`${FIELD('Status')}UnRead\n${FIELD('Remote number')}"${entry.recipient}"\n${FIELD('Reference number')}${entry.reference}\n`);
    out(`${FIELD('Sent')}${gammuDate(entry.sentAt)}\n${FIELD('SMSC number')}""\n${FIELD('SMSC response')}${gammuDate(entry.sentAt)}\n`);
    out(`${FIELD('Delivery status')}${entry.status}\n${FIELD('Details')}${entry.detail ?? 'SM received by the SME'}\n\n`);
    return;
  }
  out(`SMS message\n${FIELD('Sent')}${gammuDate(entry.sentAt)}\n${FIELD('Coding')}${entry.unicode ? 'Unicode (no compression)' : 'Default GSM alphabet (no compression)'}\n`);
  out(`${FIELD('Remote number')}"${entry.from}"\n${FIELD('Status')}UnRead\n`);
  if (entry.concat) out(`${FIELD('User Data Header')}Concatenated (linked) message, ID (8 bit) ${entry.concat.id}, part ${entry.concat.part} of ${entry.concat.total}\n`);
  out(`\n${entry.text}\n\n`);
}

/** Runs one command; resolves to gammu's exit code (0: the batch goes on). */
async function runCommand(args, { inBatch }) {
  const command = args.find((arg) => COMMANDS.includes(arg));
  if (inBatch) {
    // A test may re-script the modem while a session is open (FakeGammu.script): each command
    // of a batch run reads the scenario and the step counters afresh, as a new process would.
    scenario = readScenario();
    state = { ...FRESH_STATE, ...readState() };
  }
  if (command === '--version') {
    out('Gammu version 1.42.0 (fake for tests)\n');
    return 0;
  }
  if (command === 'version') {
    const extra = args.length - args.indexOf('version') - 1;
    out(extra > 0 ? 'Too many parameters (function accepts 0)\n' : VERSION);
    return 0;
  }
  if (command === 'networkinfo') {
    await connect();
    const step = next('networkinfo', scenario.networkinfoDefault ?? { state: 'home network' });
    if (step.delayMs) await sleep(step.delayMs);
    if (step.hang) return hang();
    if (step.exit) {
      out(`${step.stdout ?? "Error opening device, it doesn't exist."}\n`);
      return step.exit;
    }
    out(`Network state        : ${step.state}\n`);
    if (step.state === 'home network' || step.state === 'roaming network') {
      out('Network              : 999 99 (GammuTel, Dummy), LAC B00B, CID FACE\n');
    }
    return 0;
  }
  if (command === 'monitor') {
    await connect();
    // The lines of `gammu monitor 1` the worker reads (the real one prints many more).
    out(`Signal strength      : ${scenario.signalDbm ?? -71} dBm\nNetwork level        : 62 percent\nNetwork state        : home network\n`);
    return 0;
  }
  if (command === 'reset') {
    await connect();
    const step = next('reset', scenario.resetDefault ?? {});
    if (step.exit) {
      out(`${step.stdout ?? "Error opening device, it doesn't exist."}\n`);
      return step.exit;
    }
    return 0;
  }
  if (command === 'sendsms') {
    await connect();
    const step = next('sendsms', scenario.sendsmsDefault ?? { ok: true });
    err('If you want break, press Ctrl+C...\n');
    if (step.delayMs) await sleep(step.delayMs);
    if (step.hang) {
      out('Sending SMS 1/1');
      return hang();
    }
    if (step.error !== undefined) {
      // A refusal of a later part of a concatenated SMS: the parts before it went out.
      const partsOk = step.partsOk ?? 0;
      const of = partsOk > 0 ? (step.of ?? partsOk + 1) : 1;
      for (let part = 1; part <= partsOk; part += 1) out(`Sending SMS ${part}/${of}....waiting for network answer..OK, message reference=${40 + part}\n`);
      out(`Sending SMS ${partsOk + 1}/${of}....waiting for network answer..error ${step.error}, message reference=-1\nUnknown error.\n`);
      return 127;
    }
    if (step.exit) {
      out(`${step.stdout ?? "Error opening device, it doesn't exist."}\n`);
      return step.exit;
    }
    // As gammu prints it: the last line has no newline.
    out(`Sending SMS 1/1..OK, message reference=${state.sendsms}\n…waiting for network answer`);
    return 0;
  }
  if (command === 'getallsms') {
    await connect();
    const step = next('getallsms', scenario.getallsmsDefault ?? {});
    if (step.delayMs) await sleep(step.delayMs);
    if (step.hang) return hang();
    if (step.exit) {
      out(`${step.stdout ?? "Error opening device, it doesn't exist."}\n`);
      return step.exit;
    }
    const { entries } = readMemory();
    for (const entry of entries) printEntry(entry);
    out(`\n\n${entries.length} SMS parts in ${entries.length} SMS sequences\n`);
    return 0;
  }
  if (command === 'deletesms') {
    await connect();
    const at = args.indexOf('deletesms');
    const location = Number(args[at + 2]);
    const step = next('deletesms', scenario.deletesmsDefault ?? {});
    if (step.delayMs) await sleep(step.delayMs);
    if (step.hang) return hang();
    const memory = readMemory();
    const found = memory.entries.some((entry) => entry.location === location);
    if (step.exit || !found) {
      out(`${step.stdout ?? 'Empty entry.'}\n`);
      return step.exit ?? 122;
    }
    writeMemory({ ...memory, entries: memory.entries.filter((entry) => entry.location !== location) });
    return 0;
  }
  if (inBatch) {
    out('Bad option!\n'); // gammu prints its usage and reads the next line
    return 0;
  }
  out(`Unknown command: ${args.join(' ')}\n`);
  return 101;
}

/** gammu's own splitting of a batch line (RunBatch in gammu/gammu.c): spaces, and '…' or "…" with no escapes. */
function splitBatchLine(line) {
  const args = [];
  let quote = '';
  let start = 0;
  for (let i = 0; i <= line.length; i += 1) {
    const ch = line[i] ?? '';
    if (quote) {
      if (ch === quote) {
        args.push(line.slice(start, i));
        quote = '';
        i += 1; // the character after a closing quote is taken to be the separating space
        start = i + 1;
      }
    } else if (ch === ' ' || ch === '') {
      args.push(line.slice(start, i));
      start = i + 1;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      start = i + 1;
    }
  }
  return args;
}

/** Reads stdin as gammu does: `fgets` of at most 1,997 bytes, so a longer line is read in pieces. */
async function runBatch(connection) {
  const FGETS_BYTES = 1997;
  let input = Buffer.alloc(0);
  let ended = false;
  let wake = () => undefined;
  process.stdin.on('data', (chunk) => {
    input = Buffer.concat([input, chunk]);
    wake();
  });
  process.stdin.on('end', () => {
    ended = true;
    wake();
  });
  const readLine = async () => {
    for (;;) {
      const newline = input.indexOf(0x0a);
      let take = 0;
      if (newline >= 0 && newline < FGETS_BYTES) take = newline + 1;
      else if (input.length >= FGETS_BYTES) take = FGETS_BYTES;
      else if (ended) take = input.length;
      if (take > 0 || ended) {
        const piece = input.subarray(0, take);
        input = input.subarray(take);
        return take > 0 ? piece.toString('utf8') : undefined;
      }
      await new Promise((resolve) => {
        wake = resolve;
      });
    }
  };
  let number = 0;
  for (;;) {
    const raw = await readLine();
    if (raw === undefined) {
      out('Information: Batch processed, terminating.\n');
      exit(0);
    }
    const line = raw.replace(/\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const args = splitBatchLine(line);
    record([...connection, ...args]);
    out(`${'-'.repeat(76)}\nExecuting batch "standard input" - command ${(number += 1)}: ${line}\n`);
    const code = await runCommand(args, { inBatch: true });
    if (code !== 0) exit(code); // any error ends a batch run
  }
}

const batchAt = argv.indexOf('batch');
if (batchAt >= 0) await runBatch(argv.slice(0, batchAt));
else exit(await runCommand(argv, { inBatch: false }));
