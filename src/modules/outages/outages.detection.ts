/**
 * The rules that turn signals into outages, as pure functions of counts, so
 * they can be tested exhaustively and tuned from the settings.
 */

export interface DetectionSettings {
  /** Smart meters: last gasps gathered over this window... */
  amiWindowSeconds: number;
  /** ...from this many meters of one DT (or all of a smaller DT) suspect a DT outage. */
  amiMetersPerDt: number;
  /** Trouble calls: this many "no supply" complaints on one DT... */
  complaintsPerDt: number;
  /** ...within this many minutes suspect a DT outage. */
  complaintWindowMinutes: number;
  /** Roll-up: this many DTs out on one feeder... */
  rollupDts: number;
  /** ...or this share of its DTs (in percent, at least two DTs) make it a feeder outage. */
  rollupPercent: number;
}

export const DEFAULT_DETECTION: DetectionSettings = {
  amiWindowSeconds: 60,
  amiMetersPerDt: 3,
  complaintsPerDt: 3,
  complaintWindowMinutes: 15,
  rollupDts: 3,
  rollupPercent: 30,
};

/** Enough meters of a DT went dark: the threshold, or every meter of a DT smaller than it. */
export function dtDarkByMeters(metersOut: number, metersOnDt: number, threshold: number): boolean {
  if (metersOut <= 0) return false;
  return metersOut >= threshold || (metersOnDt > 0 && metersOnDt < threshold && metersOut >= metersOnDt);
}

/** Enough callers on one DT said they have no supply. */
export function dtDarkByComplaints(callers: number, threshold: number): boolean {
  return callers >= threshold;
}

/**
 * Enough of a feeder's DTs are out that the fault is the feeder's: the count,
 * or the share (never a lone DT, however small the feeder).
 */
export function feederDarkByDts(dtsOut: number, dtsOnFeeder: number, s: DetectionSettings): boolean {
  if (dtsOut >= s.rollupDts) return true;
  return dtsOut >= 2 && dtsOnFeeder > 0 && dtsOut * 100 >= s.rollupPercent * dtsOnFeeder;
}

/** Whether consumers hear of a new ETR: it moved by more than the margin from the one they were told. */
export function etrMovedEnough(told: Date | null, next: Date, marginMinutes: number): boolean {
  if (!told) return true;
  return Math.abs(next.getTime() - told.getTime()) > marginMinutes * 60_000;
}
