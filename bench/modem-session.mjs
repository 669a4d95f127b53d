// What keeping the modem open is worth (issue #14). Two parts, each one-shot against batch,
// both through GammuModem, the class the worker sends with:
// 1. A scripted modem (the test kit's gammu stand-in) that charges 600 ms to open the device
//    in each gammu process and 400 ms per send, so its radio allows 150 SMS/min: a network
//    check (as the worker's at start-up), then 60 messages back to back, the stream timed as
//    SMS per minute and as a share of that limit.
// 2. The real gammu on its dummy driver: ms per message, one process per SMS against one session.
//   node bench/modem-session.mjs            (BENCH_SMOKE=1: a tenth of the costs, few messages)
// Tunables: BENCH_MODEM_MESSAGES (scripted, default 60), BENCH_MODEM_DUMMY_MESSAGES (default 200).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, runBenchmark, SMOKE, table, tempDir, WORKSPACE } from './lib.mjs';
import { reportResults } from './results.mjs';
import { loadWorkspaceLibs } from './workspace-libs.mjs';

const num = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
const SCALE = SMOKE ? 0.1 : 1;
const CONNECT_MS = 600 * SCALE;
const SEND_MS = 400 * SCALE;
const RADIO_LIMIT_PER_MIN = 60_000 / SEND_MS;
const SCRIPTED_MESSAGES = num('BENCH_MODEM_MESSAGES', SMOKE ? 6 : 60);
const DUMMY_MESSAGES = num('BENCH_MODEM_DUMMY_MESSAGES', SMOKE ? 10 : 200);
const TARGET_SHARE = 95;
const FAKE_GAMMU = join(WORKSPACE, 'libs', 'testing', 'src', 'fake-gammu', 'fake-gammu.mjs');

/** A modem for GammuModem: the scripted stand-in in its own folder, or the real gammu. */
function modemFor(libs, session, { bin, config }) {
  return new libs.gammu.GammuModem({ bin, config, session, sendTimeoutMs: 60_000, checkTimeoutMs: 60_000, allowRoaming: false });
}

/**
 * Checks the network once, as the worker does at start-up (in batch mode that check opens the
 * device), then sends `count` texts one after another. Returns the ms of the stream (first send
 * asked to last answered) and of the whole run, start-up check included.
 */
async function sendAll(modem, count) {
  const started = process.hrtime.bigint();
  const network = await modem.checkNetwork();
  if (!network.registered) throw new Error(`modem not registered: ${network.state}`);
  const streamStarted = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const result = await modem.send(`+551199${String(9_000_000 + i).padStart(7, '0')}`, `Sua consulta e amanha as 9h ${i}`, 'gsm7');
    if (result.kind !== 'sent') throw new Error(`send ${i} failed: ${JSON.stringify(result)}`);
  }
  const ended = process.hrtime.bigint();
  await modem.close();
  return { streamMs: Number(ended - streamStarted) / 1e6, totalMs: Number(ended - started) / 1e6 };
}

/** A fresh scripted modem (stand-in copy, scenario, empty call log) in `dir`. */
function scriptedModem(dir) {
  mkdirSync(dir, { recursive: true });
  const bin = join(dir, 'gammu');
  copyFileSync(FAKE_GAMMU, bin);
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify({ connectMs: CONNECT_MS, sendsmsDefault: { ok: true, delayMs: SEND_MS } }));
  writeFileSync(join(dir, 'state.json'), JSON.stringify({ networkinfo: 0, sendsms: 0, reset: 0 }));
  return { bin, config: join(dir, 'gammurc-unused') };
}

async function main() {
  const dir = tempDir('modem');
  const libs = await loadWorkspaceLibs();
  try {
    console.log(
      `modem-session: scripted modem (${CONNECT_MS} ms device open per process, ${SEND_MS} ms per send, radio limit ` +
        `${fmt(RADIO_LIMIT_PER_MIN, 0)} SMS/min), ${SCRIPTED_MESSAGES} messages; real gammu dummy driver, ${DUMMY_MESSAGES} messages`,
    );
    const scripted = {};
    for (const session of ['oneshot', 'batch']) {
      const { streamMs: ms, totalMs } = await sendAll(modemFor(libs, session, scriptedModem(join(dir.path, session))), SCRIPTED_MESSAGES);
      const perMin = (SCRIPTED_MESSAGES / ms) * 60_000;
      scripted[session] = { ms, totalMs, perMin, share: (perMin / RADIO_LIMIT_PER_MIN) * 100 };
    }

    const gammurc = join(dir.path, 'dummy', 'gammurc');
    mkdirSync(join(dir.path, 'dummy', 'phone'), { recursive: true });
    writeFileSync(gammurc, `[gammu]\ndevice = ${join(dir.path, 'dummy', 'phone')}\nconnection = none\nmodel = dummy\n`);
    const dummy = {};
    await sendAll(modemFor(libs, 'oneshot', { bin: 'gammu', config: gammurc }), Math.min(DUMMY_MESSAGES, 20)); // warm-up
    for (const session of ['oneshot', 'batch']) {
      dummy[session] = (await sendAll(modemFor(libs, session, { bin: 'gammu', config: gammurc }), DUMMY_MESSAGES)).streamMs / DUMMY_MESSAGES;
    }

    console.log('\nModem rounds');
    console.log(
      table(
        ['modem', 'session', 'messages', 'stream', 'with start-up check', 'SMS/min', 'share of radio limit', 'ms per message'],
        [
          ...['oneshot', 'batch'].map((s) => [
            'scripted',
            s,
            `${SCRIPTED_MESSAGES}`,
            `${fmt(scripted[s].ms / 1000, 2)} s`,
            `${fmt(scripted[s].totalMs / 1000, 2)} s`,
            fmt(scripted[s].perMin, 1),
            `${fmt(scripted[s].share, 1)} %`,
            fmt(scripted[s].ms / SCRIPTED_MESSAGES, 1),
          ]),
          ...['oneshot', 'batch'].map((s) => ['gammu dummy', s, `${DUMMY_MESSAGES}`, `${fmt((dummy[s] * DUMMY_MESSAGES) / 1000, 2)} s`, '', '', '', fmt(dummy[s], 2)]),
        ],
      ),
    );
    reportResults('Modem results', [
      { benchmark: 'modem session', metric: 'SMS/min, batch vs one-shot (scripted modem)', ours: scripted.batch.perMin, reference: scripted.oneshot.perMin, unit: 'SMS/min', digits: 1 },
      {
        benchmark: 'modem session',
        metric: 'share of radio limit, batch',
        ours: scripted.batch.share,
        unit: '%',
        target: `>= ${TARGET_SHARE} %`,
        pass: scripted.batch.share >= TARGET_SHARE,
      },
      { benchmark: 'modem session', metric: 'share of radio limit, one-shot', ours: scripted.oneshot.share, unit: '%' },
      { benchmark: 'modem dummy', metric: 'ms per message, session vs one process each', ours: dummy.batch, reference: dummy.oneshot, unit: 'ms', digits: 2 },
    ]);
    return 0;
  } finally {
    dir.remove();
  }
}

runBenchmark(main);
