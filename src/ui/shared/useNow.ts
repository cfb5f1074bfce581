// A clock for durations on screen: re-renders once a second while `running`.
import { useEffect, useState } from 'preact/hooks';

export function useNow(running: boolean, periodMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(timer);
  }, [running, periodMs]);
  return now;
}
