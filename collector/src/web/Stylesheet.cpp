#include "Html.h"

namespace parque::collector::web {

const char* stylesheet() {
    return R"css(
:root { --ink: #1d2733; --muted: #5b6875; --line: #d5dbe1; --accent: #0b5cad; --bad: #b3261e;
        --warn: #a15c00; --good: #1b6e3a; --paper: #ffffff; --band: #f3f5f8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, sans-serif; color: var(--ink); background: var(--band); }
header { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: center;
         padding: .6rem 1rem; background: var(--ink); color: #fff; }
header a { color: #fff; }
.brand { font-weight: 700; font-size: 1.1rem; text-decoration: none; }
nav { display: flex; flex-wrap: wrap; gap: .9rem; flex: 1; }
.account, .languages { display: flex; gap: .5rem; align-items: center; font-size: .9rem; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
section { background: var(--paper); border: 1px solid var(--line); border-radius: 6px;
          padding: .75rem 1rem; margin: 0 0 1rem; }
h1 { font-size: 1.4rem; margin: .25rem 0 .75rem; }
h2 { font-size: 1.1rem; margin: 0 0 .5rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line);
         vertical-align: top; }
th { font-size: .85rem; color: var(--muted); white-space: nowrap; }
th a { color: inherit; }
form.inline { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin: 0 0 .75rem; }
label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); gap: .15rem; }
input, select, textarea, button { font: inherit; padding: .35rem .5rem; border: 1px solid var(--line);
         border-radius: 4px; }
textarea { width: 100%; min-height: 5rem; }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
.account button { background: transparent; border-color: #fff; }
.error { color: var(--bad); font-weight: 600; }
.notice { color: var(--good); font-weight: 600; }
.muted, .detail, .empty { color: var(--muted); }
.badge { display: inline-block; padding: 0 .4rem; border-radius: 3px; font-size: .8rem;
         background: var(--band); border: 1px solid var(--line); }
.badge.breached, .badge.bad { color: #fff; background: var(--bad); border-color: var(--bad); }
.badge.at_risk, .badge.warn { color: #fff; background: var(--warn); border-color: var(--warn); }
.badge.on_time, .badge.good { color: #fff; background: var(--good); border-color: var(--good); }
dl.facts, dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem;
         margin: 0 0 .5rem; }
dl.facts dt, dl.summary dt { color: var(--muted); }
dl.facts dd, dl.summary dd { margin: 0; }
label.check { flex-direction: row; align-items: center; gap: .4rem; }
.pager { display: flex; gap: 1rem; margin-top: .5rem; }
.signin { max-width: 22rem; margin: 2rem auto; }
.signin form { display: flex; flex-direction: column; gap: .6rem; }
.code { font-family: ui-monospace, monospace; font-size: 1.2rem; }
svg text { font: 11px system-ui, sans-serif; fill: var(--ink); }
@media (max-width: 40rem) { main { padding: .5rem; } th, td { padding: .3rem; } }
@media print {
  header, form, .noprint { display: none !important; }
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  section { border: none; padding: 0; margin: 0 0 .6rem; break-inside: avoid; }
}
)css";
}

}  // namespace parque::collector::web
