/** When a key is due for rotation. No vscode import: unit-tested in plain Node. */

export const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_ROTATION_DAYS = 90;

/** Whole days since `createdAt` (never negative, even if the clock went back). */
export function keyAgeDays(createdAt: number, now: number): number {
  return Math.max(0, Math.floor((now - createdAt) / DAY_MS));
}

/** The setting as a usable number of days: 0 (or anything unusable below 1) turns the reminder off. */
export function rotationDays(setting: unknown): number {
  if (typeof setting !== 'number' || !Number.isFinite(setting)) {
    return DEFAULT_ROTATION_DAYS;
  }
  return setting < 1 ? 0 : Math.floor(setting);
}

/** True once the key is at least `days` old; never when the reminder is off or the age unknown. */
export function rotationDue(createdAt: number | undefined, now: number, days: number): boolean {
  if (createdAt === undefined || !Number.isFinite(createdAt) || days <= 0) {
    return false;
  }
  return keyAgeDays(createdAt, now) >= days;
}
