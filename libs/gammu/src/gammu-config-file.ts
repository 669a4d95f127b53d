import { readFileSync } from 'node:fs';

/**
 * The `device =` of a gammurc section (`[gammu]`, or `[gammuN]` for section N), or undefined
 * when the file or the line is missing. Used to tell whether two workers share one modem.
 */
export function readGammuDevice(configPath: string, section?: number): string | undefined {
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch {
    return undefined;
  }
  const wanted = section === undefined || section === 0 ? 'gammu' : `gammu${section}`;
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[;#].*$/, '').trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header) current = header[1]!.trim().toLowerCase();
    else if (current === wanted) {
      const setting = /^device\s*=\s*(.+)$/i.exec(line);
      if (setting) return setting[1]!.trim();
    }
  }
  return undefined;
}
