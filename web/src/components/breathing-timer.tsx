import { useEffect, useRef, useState } from 'preact/hooks';

export interface Phase {
  label: string;
  seconds: number;
  /** size of the shape: 1 full breath in, 0 out */
  to: 0 | 1;
}

/** Two guided exercises that run on the device alone, so they work offline. */
export const EXERCISES: Record<string, { name: string; rounds: number; phases: Phase[]; after?: string }> = {
  'reset-90s': {
    name: '90-second reset',
    rounds: 6,
    phases: [
      { label: 'Breathe in', seconds: 4, to: 1 },
      { label: 'Breathe out slowly', seconds: 6, to: 0 },
    ],
    after: 'Now name three things you can see, and the one thing you will do next.',
  },
  'box-breathing': {
    name: 'Box breathing',
    rounds: 8,
    phases: [
      { label: 'Breathe in', seconds: 4, to: 1 },
      { label: 'Hold', seconds: 4, to: 1 },
      { label: 'Breathe out', seconds: 4, to: 0 },
      { label: 'Hold', seconds: 4, to: 0 },
    ],
  },
};

function reducedMotion(): boolean {
  return matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * A guided breathing timer. The shape grows and shrinks with the breath; with reduced motion it
 * stays still and only the words and the count change. The phase is announced politely.
 */
export function BreathingTimer({ id }: { id: keyof typeof EXERCISES }) {
  const ex = EXERCISES[id]!;
  const [running, setRunning] = useState(false);
  const [step, setStep] = useState(0);
  const [left, setLeft] = useState(0);
  const timer = useRef<number>();
  const total = ex.rounds * ex.phases.length;
  const done = step >= total;
  const phase = ex.phases[step % ex.phases.length]!;

  useEffect(() => {
    if (!running) return;
    setLeft(phase.seconds);
    timer.current = window.setInterval(() => {
      setLeft((s) => {
        if (s > 1) return s - 1;
        setStep((n) => {
          const next = n + 1;
          if (next >= total) setRunning(false);
          return next;
        });
        return 0;
      });
    }, 1000);
    return () => window.clearInterval(timer.current);
  }, [running, step]);

  const still = reducedMotion();
  const scale = running && !done ? (phase.to === 1 ? 1 : 0.55) : 0.7;
  return (
    <div class="timer">
      <div
        class="breath"
        aria-hidden="true"
        style={{
          transform: `scale(${still ? 0.8 : scale})`,
          transitionDuration: still ? '0s' : `${phase.seconds}s`,
        }}
      />
      <p class="timer-words" aria-live="polite">
        {done
          ? (ex.after ?? 'Well done. Notice how you feel now.')
          : running
            ? `${phase.label}`
            : `${ex.rounds} rounds, about ${Math.round((ex.rounds * ex.phases.reduce((s, p) => s + p.seconds, 0)) / 6) * 6} seconds.`}
      </p>
      {running && !done && (
        <p class="timer-count" aria-hidden="true">
          {left}
        </p>
      )}
      <div class="row">
        {running ? (
          <button type="button" class="quiet" onClick={() => setRunning(false)}>
            Stop
          </button>
        ) : (
          <button
            type="button"
            onClick={() => {
              setStep(0);
              setRunning(true);
            }}
          >
            {done ? 'Again' : `Start ${ex.name.toLowerCase()}`}
          </button>
        )}
      </div>
    </div>
  );
}
