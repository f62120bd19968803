/**
 * Day matching for the fields node-cron's `parse` returns, including its special tokens
 * (`L`, `LW`, `15W`, `L-2` for the day of month; `4L`, `1#2` for the day of week).
 * node-cron keeps its own matcher private, so this mirrors its semantics: both day fields must match (AND).
 */
type DayField = readonly (number | string)[];

const WEEKDAY_NEAREST = /^(\d{1,2}|L)W$/;
const LAST_MINUS = /^L-(\d{1,2})$/;
const LAST_WEEKDAY = /^([0-7])L$/i;
const NTH_WEEKDAY = /^([0-7])#([1-5])$/;

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** The weekday (Mon–Fri) nearest to `target` within the month, as Quartz's `W` defines it. */
function nearestWeekday(year: number, month: number, target: number): number {
  const last = lastDayOfMonth(year, month);
  if (target < 1 || target > last) return -1;
  const weekday = weekdayOf(year, month, target);
  if (weekday === 6) return target === 1 ? target + 2 : target - 1;
  if (weekday === 0) return target === last ? target - 2 : target + 1;
  return target;
}

export function matchesDayOfMonth(field: DayField, year: number, month: number, day: number): boolean {
  return field.some((value) => {
    if (value === day) return true;
    if (typeof value !== 'string') return false;
    if (value === 'L') return day === lastDayOfMonth(year, month);
    const nearest = WEEKDAY_NEAREST.exec(value);
    if (nearest) {
      const target = nearest[1] === 'L' ? lastDayOfMonth(year, month) : Number(nearest[1]);
      return nearestWeekday(year, month, target) === day;
    }
    const minus = LAST_MINUS.exec(value);
    return minus !== null && lastDayOfMonth(year, month) - Number(minus[1]) === day;
  });
}

/** `weekday` is 0 for Sunday, as in cron. */
export function matchesDayOfWeek(field: DayField, year: number, month: number, day: number): boolean {
  const weekday = weekdayOf(year, month, day);
  return field.some((value) => {
    if (value === weekday) return true;
    if (typeof value !== 'string') return false;
    const nth = NTH_WEEKDAY.exec(value);
    if (nth) return Number(nth[1]) % 7 === weekday && Math.floor((day - 1) / 7) + 1 === Number(nth[2]);
    const last = LAST_WEEKDAY.exec(value);
    return last !== null && Number(last[1]) % 7 === weekday && day + 7 > lastDayOfMonth(year, month);
  });
}
