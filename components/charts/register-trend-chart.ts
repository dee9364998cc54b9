import { Filler } from 'chart.js';
import { Chart } from './register-line-chart';

/**
 * The line-chart parts (register-line-chart.ts) plus the Filler plugin, which shades the
 * 95% confidence band between each series' lower and upper bound datasets. Kept apart so
 * charts without bands do not pull Filler in. Chart.register is idempotent.
 */
Chart.register(Filler);

export { Chart };
