import { CategoryScale, Chart, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';

/**
 * Registers only the chart.js parts a line chart with a category x axis needs, so the
 * rest of chart.js is left out of the bundle. The legend is HTML (it shows dash styles
 * and is readable by screen readers), so chart.js's Legend plugin is not registered.
 * Chart.register is idempotent; importing this module more than once is harmless.
 */
Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip);

export { Chart };
