// What the Training dashboard reports having drawn, so its command can resolve with it (tests
// read which charts and tiles a run got). Shared with the webview: no imports.

/** Each chart's title with its series' legend labels, and the stat tiles' labels. */
export interface DashboardDrawn {
  charts: { title: string; series: string[] }[];
  stats: string[];
}
