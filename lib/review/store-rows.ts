import type { CardStateName, SchedulingState } from "./scheduling";

/** card_states columns as raw SQL returns them (snake_case). */
export interface StateRow {
  due: Date;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: string;
  last_review: Date | null;
}

export const STATE_COLUMNS = `s.due, s.stability, s.difficulty, s.elapsed_days, s.scheduled_days, s.learning_steps, s.reps, s.lapses, s.state, s.last_review`;

const stateNames = new Set<CardStateName>(["new", "learning", "review", "relearning"]);

export function stateOfRow(row: StateRow): SchedulingState {
  if (!stateNames.has(row.state as CardStateName)) {
    throw new Error(`card_states.state is "${row.state}"; expected new, learning, review or relearning`);
  }
  return {
    due: row.due,
    stability: row.stability,
    difficulty: row.difficulty,
    elapsedDays: row.elapsed_days,
    scheduledDays: row.scheduled_days,
    learningSteps: row.learning_steps,
    reps: row.reps,
    lapses: row.lapses,
    state: row.state as CardStateName,
    lastReview: row.last_review,
  };
}

/** The Prisma CardState fields of a SchedulingState (for create/update). */
export function stateData(state: SchedulingState) {
  return {
    due: state.due,
    stability: state.stability,
    difficulty: state.difficulty,
    elapsedDays: Math.round(state.elapsedDays),
    scheduledDays: Math.round(state.scheduledDays),
    learningSteps: state.learningSteps,
    reps: state.reps,
    lapses: state.lapses,
    state: state.state,
    lastReview: state.lastReview,
  };
}

/** Same scheduling state (dates compared by instant): undo checks nothing happened since. */
export function sameState(a: SchedulingState, b: SchedulingState): boolean {
  return (
    a.due.getTime() === b.due.getTime() &&
    a.stability === b.stability &&
    a.difficulty === b.difficulty &&
    Math.round(a.elapsedDays) === Math.round(b.elapsedDays) &&
    Math.round(a.scheduledDays) === Math.round(b.scheduledDays) &&
    a.learningSteps === b.learningSteps &&
    a.reps === b.reps &&
    a.lapses === b.lapses &&
    a.state === b.state &&
    (a.lastReview?.getTime() ?? null) === (b.lastReview?.getTime() ?? null)
  );
}
