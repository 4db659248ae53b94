/** The dashboard's one stylesheet, inlined in every page (no build step, no extra request). */
export const DASHBOARD_CSS = `
:root {
  --bg: #f6f7f9; --card: #fff; --ink: #1d2330; --muted: #5d6677; --line: #e3e6ec;
  --accent: #3557d4; --det: #d9534f; --pas: #c9ced8; --pro: #2e9d63; --warn: #b26b00;
  font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--bg); font-size: 15px; line-height: 1.45;
}
* { box-sizing: border-box; }
body { margin: 0; }
a { color: var(--accent); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.88em; }
header.top { background: var(--ink); color: #fff; }
header.top .inner { max-width: 1180px; margin: 0 auto; padding: 0 20px; display: flex; align-items: center; gap: 20px; height: 52px; }
header.top .brand { font-weight: 700; letter-spacing: 0.02em; }
header.top nav { display: flex; gap: 4px; flex: 1; }
header.top nav a { color: #cfd5e2; text-decoration: none; padding: 6px 10px; border-radius: 6px; white-space: nowrap; }
header.top nav a.active, header.top nav a:hover { background: rgba(255,255,255,0.12); color: #fff; }
header.top .inner { position: relative; }
header.top form { margin: 0; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.project-menu { min-width: 0; }
.project-menu summary { list-style: none; cursor: pointer; display: flex; align-items: baseline; gap: 6px; max-width: 300px; padding: 5px 10px; border: 1px solid rgba(255,255,255,0.3); border-radius: 6px; color: #fff; font-size: 14px; }
.project-menu summary::-webkit-details-marker { display: none; }
.project-menu summary::after { content: "▾"; color: #cfd5e2; }
.project-menu[open] summary::after { content: "▴"; }
.project-menu summary:focus-visible { outline: 2px solid #fff; outline-offset: 2px; }
.project-menu summary .label { color: #cfd5e2; font-size: 12px; flex: none; }
.project-menu summary .name { font-weight: 600; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.project-menu .menu { position: absolute; right: 20px; top: calc(100% + 4px); z-index: 10; width: 320px; max-width: calc(100% - 24px); background: var(--card); color: var(--ink); border: 1px solid var(--line); border-radius: 8px; box-shadow: 0 8px 24px rgba(29,35,48,0.18); padding: 10px; font-size: 14px; }
.project-menu .menu-title { margin: 0 0 6px; font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); font-weight: 600; }
.project-menu ul { list-style: none; margin: 0 0 8px; padding: 0; }
.project-menu li { display: flex; align-items: center; gap: 8px; border-radius: 6px; }
.project-menu li.current { background: #eef1f6; }
.project-menu .choice { flex: 1; min-width: 0; display: flex; flex-direction: column; align-items: flex-start; text-align: left; font: inherit; color: var(--ink); background: none; border: 0; border-radius: 6px; padding: 6px 8px; cursor: pointer; overflow-wrap: anywhere; }
.project-menu button.choice:hover { background: #eef1f6; }
.project-menu li.current .choice { cursor: default; font-weight: 600; }
.project-menu .choice .meta { font-weight: 400; }
.project-menu .sign-out { flex: none; font: inherit; font-size: 12px; color: var(--muted); background: none; border: 1px solid transparent; border-radius: 6px; padding: 4px 6px; cursor: pointer; text-decoration: underline; }
.project-menu .sign-out:hover { color: var(--det); }
.project-menu .add { display: block; padding: 6px 8px; font-weight: 600; }
.project-menu .help { margin: 6px 8px 0; font-size: 12px; }
.project-menu .logout { border-top: 1px solid var(--line); margin-top: 8px; padding: 8px 8px 0; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 20px 60px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0 0 12px; }
.sub { color: var(--muted); margin: 0 0 20px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; margin-bottom: 16px; min-width: 0; }
.stats { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 16px; }
.stat { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 10px 16px; min-width: 140px; }
.stat b { display: block; font-size: 22px; }
.stat span { color: var(--muted); font-size: 13px; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.wrap { overflow-x: auto; }
.clip { max-width: 340px; overflow-wrap: anywhere; }
.pill { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; background: #eef1f6; color: var(--ink); white-space: nowrap; margin: 1px 2px 1px 0; }
.pill.det, .pill.p1 { background: #fbe3e2; color: #9c2622; }
.pill.pro, .pill.good { background: #dcf1e5; color: #1e6b42; }
.pill.p2, .pill.warn { background: #fdecd2; color: #7a4a00; }
.pill.held { background: #efe3fb; color: #5b2b8c; }
.score { display: inline-block; min-width: 34px; text-align: center; font-weight: 700; border-radius: 6px; padding: 2px 6px; }
.score.det { background: #fbe3e2; color: #9c2622; } .score.pas { background: #eef1f6; } .score.pro { background: #dcf1e5; color: #1e6b42; }
.empty { border: 1px dashed #c5cbd6; border-radius: 10px; padding: 22px; color: var(--muted); background: #fbfcfd; }
.empty b { color: var(--ink); }
.empty code { background: #eef1f6; padding: 2px 6px; border-radius: 4px; color: var(--ink); }
.legend { display: flex; gap: 14px; font-size: 13px; color: var(--muted); margin: 4px 0 8px; flex-wrap: wrap; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart text { font-size: 11px; fill: var(--muted); }
svg.chart .axis { stroke: var(--line); }
.btn { font: inherit; border: 1px solid var(--line); background: #fff; border-radius: 6px; padding: 5px 12px; cursor: pointer; }
.btn:hover { border-color: #aab2c2; }
.btn.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
.btn.same { border-color: #2e9d63; color: #1e6b42; } .btn.diff { border-color: #d9534f; color: #9c2622; }
.inline { display: inline; margin: 0; }
.segmented { display: inline-flex; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; background: #fff; }
.segmented a { padding: 4px 10px; text-decoration: none; color: var(--ink); font-size: 13px; }
.segmented a.active { background: var(--ink); color: #fff; }
.row { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; flex-wrap: wrap; }
.login { max-width: 420px; margin: 10vh auto; }
.login input[type=password] { width: 100%; font: inherit; padding: 8px 10px; border: 1px solid var(--line); border-radius: 6px; margin: 6px 0 12px; }
.error { background: #fbe3e2; color: #9c2622; border-radius: 6px; padding: 8px 12px; margin-bottom: 12px; }
.notice { background: #dcf1e5; color: #1e6b42; border-radius: 6px; padding: 8px 12px; margin-bottom: 12px; }
.timeline { list-style: none; margin: 0; padding: 0; }
.timeline li { display: grid; grid-template-columns: 70px 130px 1fr; gap: 10px; padding: 6px 0; border-bottom: 1px solid var(--line); }
.timeline li.error { background: #fff6f5; } .timeline li.feedback { background: #f6f4ff; }
.timeline .t { color: var(--muted); font-variant-numeric: tabular-nums; }
.timeline .what { overflow-wrap: anywhere; }
pre.sample { background: #f3f5f8; border-radius: 6px; padding: 10px; max-height: 260px; overflow: auto; font-size: 12px; margin: 6px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
details summary { cursor: pointer; color: var(--accent); }
.weeks { display: flex; flex-wrap: wrap; gap: 6px; }
.weeks a { text-decoration: none; }
.weeks a.active .pill { background: var(--ink); color: #fff; }
.dl dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
.dl dd { margin: 0 0 10px; }
.has-sample td { border-bottom: none; }
tr.sample-row td { padding-top: 0; }
tr.sample-row summary { font-size: 13px; }
.meta { color: var(--muted); font-size: 12px; white-space: nowrap; }
.crumbs { margin: 0 0 8px; font-size: 13px; color: var(--muted); }
.ticket-meta { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 8px 0 16px; }
.ticket-meta .meta, .wrap-any, .markdown, .comments, .frames, .crumb-list, .issue-title { overflow-wrap: anywhere; white-space: normal; }
.markdown pre { background: #f3f5f8; border-radius: 6px; padding: 10px; overflow-x: auto; }
.markdown table { display: block; overflow-x: auto; margin: 0 0 14px; }
.markdown blockquote, .attempting-card blockquote { margin: 8px 0; padding: 4px 12px; border-left: 3px solid var(--line); color: var(--muted); }
.comments { list-style: none; padding: 0; margin: 0; }
.comments li { border-top: 1px solid var(--line); padding: 10px 0; }
.attempting-card { border-left: 4px solid var(--accent); }
.attempting-card li, .attempting { font-size: 17px; }
.frames, .crumb-list { padding-left: 20px; margin: 0; }
.frames li { padding: 2px 0; } .frames li.lib { opacity: 0.6; }
.frames pre.context { margin: 4px 0 6px; padding: 6px 8px; font-size: 12px; overflow-x: auto; }
.plain { padding-left: 18px; }
.inline-list { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 14px; }
h3 { font-size: 14px; margin: 12px 0 6px; }
svg.spark { color: var(--accent); display: block; }
.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-end; }
.filter { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
.filter.grow { flex: 1 1 260px; }
.filter input, .filter select { font: inherit; font-size: 14px; color: var(--ink); padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; background: #fff; min-width: 0; }
table.issues td.issue-cell { overflow-wrap: anywhere; min-width: 220px; }
.pair-side { min-width: 240px; }
.pair-side .frames { font-size: 12px; padding-left: 18px; }
.pair-sample { margin: 6px 0; padding: 2px 10px; border-left: 3px solid var(--line); color: var(--muted); font-size: 13px; overflow-wrap: anywhere; }
.issue-links { list-style: none; padding: 0; margin: 0; overflow-wrap: anywhere; }
.issue-links li { padding: 1px 0; }
table.sessions td.session-cell { white-space: nowrap; }
.project-form { max-width: 640px; display: flex; flex-direction: column; gap: 6px; }
.project-form label { font-weight: 600; margin-top: 6px; }
.project-form input[type=text], .project-form textarea { font: inherit; padding: 7px 10px; border: 1px solid var(--line); border-radius: 6px; width: 100%; }
.project-form label.check { font-weight: 400; display: flex; gap: 8px; align-items: center; background: #fdecd2; padding: 8px 10px; border-radius: 6px; }
.project-form .btn { align-self: flex-start; margin-top: 10px; }
.help { color: var(--muted); font-size: 13px; margin: 0; }
.warning { background: #fdecd2; color: #6b4000; border-radius: 6px; padding: 8px 12px; margin-bottom: 12px; overflow-wrap: anywhere; }
.key-field { margin-bottom: 14px; }
.key-field dd { margin: 2px 0 0; }
.key-field .meta { white-space: normal; }
.key-label { font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); font-weight: 600; }
code.copy { display: block; background: #f3f5f8; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; overflow-wrap: anywhere; user-select: all; -webkit-user-select: all; }
pre.snippet { background: #f3f5f8; border: 1px solid var(--line); border-radius: 6px; padding: 10px; overflow-x: auto; font-size: 13px; user-select: all; -webkit-user-select: all; }
.pager { display: flex; gap: 16px; justify-content: center; align-items: center; }
@media (max-width: 700px) {
  #pairs-table thead { display: none; }
  #pairs-table tr, #pairs-table td { display: block; }
  #pairs-table td.pair-side { min-width: 0; max-width: none; }
  #pairs-table tr { border-bottom: 2px solid var(--line); padding: 6px 0; }
  table.issues thead, table.sessions thead { display: none; }
  table.issues tr, table.sessions tr { display: block; border-bottom: 1px solid var(--line); padding: 8px 0; }
  table.issues td, table.sessions td { display: flex; justify-content: space-between; gap: 8px; border: none; padding: 2px 0; text-align: left; }
  table.sessions td.clip { max-width: none; }
  table.issues td.issue-cell, table.sessions td.session-cell { display: block; min-width: 0; }
  table.issues td[data-label]::before, table.sessions td[data-label]::before { content: attr(data-label); color: var(--muted); font-size: 12px; flex: none; }
  .filter { flex: 1 1 40%; }
  header.top .inner { flex-wrap: wrap; height: auto; gap: 6px 12px; padding: 8px 12px; }
  header.top nav { order: 3; flex-basis: 100%; overflow-x: auto; }
  header.top nav a { white-space: nowrap; padding: 6px 8px; }
  header.top .project-menu { margin-left: auto; }
  header.top .project-menu summary { max-width: none; }
  header.top .project-menu .menu { right: 12px; }
  main { padding: 16px 12px 40px; }
  .grid { grid-template-columns: minmax(0, 1fr); }
  .stat { min-width: 0; flex: 1 1 40%; }
  .meta { white-space: normal; }
}
`
