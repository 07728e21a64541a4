import type { Source } from '../../src/ingest/decode/reading.types';

export interface SimOptions {
  people: number;
  days: number;
  seed: number;
  /** The last simulated wake-up date (UTC midnight ms); nights run up to it. */
  endDateMs: number;
  /** Stress episodes, the ground truth of the benchmark. Default true. */
  episodes?: boolean;
  /**
   * Multiplier on every episode's physiological effects (default 1: the plausible sizes). Only for
   * a sensitivity analysis: how detection depends on how strongly stress shows in the signals.
   */
  episodeScale?: number;
  /**
   * Bad nights (alcohol), short illness, night-shift blocks, travel across time zones, device
   * switches with a systematic offset, RR-only and SDNN-only devices. Default true.
   */
  confounders?: boolean;
  /**
   * Missing nights and multi-day gaps. Default false, so that every person and night yields exactly
   * one sleep and one HRV reading (scripts/demo.ts counts on that).
   */
  gaps?: boolean;
}

export interface SimMessage {
  topic: 'hrv' | 'sleep';
  key: string;
  value: string;
}

/** How a device reports HRV: an RMSSD summary, raw RR intervals only, or SDNN only (HealthKit). */
export type DeviceKind = 'rmssd' | 'rr' | 'sdnn';

export interface SimDevice {
  source: Source;
  kind: DeviceKind;
  /** First wake date (YYYY-MM-DD) this device is worn. */
  from: string;
  /** What this device reads differently from the truth (its systematic offset). */
  offset: { lnHrv: number; rhr: number; sleepH: number; efficiency: number };
}

export interface SimPerson {
  subjectId: string;
  /** Standard (winter) offset of the home time zone. */
  utcOffsetMinutes: number;
  zone: string;
  lnRmssd: number;
  rhr: number;
  sleepH: number;
  devices: SimDevice[];
  nightShifts: boolean;
}

export interface Episode {
  /** First wake date with a physiological effect. */
  onset: string;
  /** Last wake date with any effect (the end of the fade after the plateau). */
  end: string;
  /** Multiplier on the person's episode effects, for the report only. */
  severity: number;
}

export type ConfounderKind = 'alcohol' | 'illness' | 'night-shift' | 'travel' | 'gap' | 'device-switch';

export interface Confounder {
  kind: ConfounderKind;
  start: string;
  end: string;
}

export interface PersonTruth {
  subjectId: string;
  episodes: Episode[];
  confounders: Confounder[];
}

export interface SimResult {
  people: SimPerson[];
  messages: SimMessage[];
  truth: PersonTruth[];
}
