// Named sets of simulator options (SimulatorOptions.profile, `npm run simulator -- --profile NAME`).
// 'friendly' is the documented service at its plainest (the simulator's defaults). 'upstream' behaves as the
// live service is seen or likely to behave (docs/evolink-api.md §10): the editor and fault tiers run against it.
import type { SimulatorOptions } from './types';

export const PROFILE_NAMES = ['friendly', 'upstream'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

type ProfileOptions = Omit<SimulatorOptions, 'profile' | 'port' | 'keys' | 'timeScale' | 'log'>;

export const PROFILES: Record<ProfileName, ProfileOptions> = {
  friendly: {},
  upstream: {
    // 24 kHz mono 16-bit WAV, as upstream serves it.
    speechSampleRate: 24000,
    // Some downloads declare placeholder sizes (0xFFFFFFFF, 0x7FFFFFFF or 0), others true ones: chosen per task.
    wavPlaceholder: 'perTask',
    // Signed `http://` links on a separate media origin that also speaks TLS on the same port.
    mediaTls: true,
    // Some completed tasks report `usage.credits_used` (settled below the reservation), others do not.
    usageReport: 'perTask',
    settledFraction: 0.8,
    // The per-task choices above, the same for the same seed.
    seed: 20260402,
    // The billing-character count (CJK = 2) and its 600 limit are always on.
    // Progress follows estimated_time while the work finishes on its own schedule (it is not work done).
    progress: 'estimate',
  },
};

/** The profile's options under the ones given (an option given as undefined does not hide the profile's). */
export function withProfile(opts: SimulatorOptions): SimulatorOptions {
  if (opts.profile === undefined) return opts;
  const own = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as SimulatorOptions;
  return { ...PROFILES[opts.profile], ...own };
}
