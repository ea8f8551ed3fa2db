// The one-line commands.
import type { Services } from './services';

export const stop = ({ reader }: Services) => (): void => reader.stop();
export const pauseResume = ({ reader }: Services) => (): void => reader.pauseResume();
export const showLog = ({ log }: Services) => (): void => log.show();
export const showPlayer = ({ player }: Services) => (): Promise<void> => player.reveal();
export const backToReading = ({ reader }: Services) => (): Promise<void> => reader.backToReading();
