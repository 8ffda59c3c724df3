import { DateTime } from 'luxon';
import { useEffect, useState } from 'react';

/** The current time, re-read every `intervalMs`, so relative times ("pending for 8s", "updated 3 s ago") tick. */
export function useNow(intervalMs = 1000): DateTime {
  const [now, setNow] = useState(() => DateTime.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(DateTime.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
