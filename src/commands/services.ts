// What the commands work with; built once in extension.ts.
import type { Config } from '../config';
import type { ClientFactory, Connection } from '../connection';
import type { Log } from '../log';
import type { Notifier } from '../notify';
import type { Player } from '../player/player';
import type { ReadAloud } from '../reading/readAloud';
import type { ReadingPositions } from '../reading/readingPositions';
import type { Secrets } from '../secrets';
import type { StatusBar } from '../statusBar/statusBar';
import type { Voices } from '../voices/voices';

export interface Services {
  config: Config;
  secrets: Secrets;
  log: Log;
  notifier: Notifier;
  reader: ReadAloud;
  player: Player;
  statusBar: StatusBar;
  voices: Voices;
  /** Makes every EvolinkClient (settings, stored key, the proxy-aware dispatcher). */
  clients: ClientFactory;
  connection: Connection;
  /** Where each document's reading stopped. */
  positions: ReadingPositions;
}
