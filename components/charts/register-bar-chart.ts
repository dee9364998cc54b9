import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';

/**
 * Registers only what a horizontal stacked bar chart with a category axis needs (the level
 * bars). As in register-line-chart.ts, the legend is HTML, so chart.js's Legend plugin is
 * not registered. Chart.register is idempotent.
 */
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export { Chart };
