/**
 * Every figure of `npm run bench`, in the order they run on each server. A new figure is a module exporting a
 * BenchFigure (figures/types.ts) and one line here; BENCH_ONLY=id,id runs a subset.
 */
import { listFigure } from './list';
import { historySizeFigure, roundTripFigure } from './actions';
import { deadlineFigure } from './deadline';
import { submitsFigure } from './submits';
import { browserFigure } from './browser';
import { queueFigure } from './queue';
import { bulkFigure } from './bulk';
import { monitorFigure } from './monitor';
import type { BenchFigure } from './types';

export const FIGURES: BenchFigure[] = [listFigure, queueFigure, monitorFigure, browserFigure, roundTripFigure, bulkFigure, historySizeFigure, deadlineFigure, submitsFigure];

export type { BenchContext, BenchFigure } from './types';
