/** What a bench figure is: a module that measures one thing on the running stack, beside its floor. */
import type { FigureResult } from '../lib';
import type { BenchStack } from '../stack';

export interface BenchContext {
  stack: BenchStack;
  /** Bearer tokens of the demo accounts the figures act as. */
  tokens: { enterprise: string; city: string; provinceMiit: string; provinceCa: string; ministry: string };
}

export interface BenchFigure {
  /** Short name for logs and BENCH_ONLY (e.g. BENCH_ONLY=deadline,submits). */
  id: string;
  run(ctx: BenchContext): Promise<FigureResult[]>;
}
