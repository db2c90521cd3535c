/**
 * Headless Chromium (Debian's `chromium`, not a browser downloaded by npm), started so that it
 * makes no connection of its own: the network here is closed, and these flags stop the
 * background services that would otherwise retry (updates, sync, QUIC probes).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Every page is drawn at this size, in UTC, in English, dark. */
export const VIEWPORT = { width: 1600, height: 900 };

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(executablePath = CHROMIUM): Promise<Chromium> {
  const profile = await mkdtemp(join(tmpdir(), 'tickflow-chromium-'));
  // A fresh profile per launch (Playwright passes it as --user-data-dir).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: FLAGS,
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    timezoneId: 'UTC',
    locale: 'en-US',
    colorScheme: 'dark',
    reducedMotion: 'reduce',
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
