namespace SanSim.Cli.Reports;

/// <summary>The HTML report's inline style sheet, SVG definitions and script: nothing is fetched from anywhere.</summary>
internal static class HtmlAssets
{
    /// <summary>Arrowheads (tip at the path's end) and the hatch of folded time.</summary>
    public const string SvgDefs = """
        <defs>
        <marker id="tip" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0L10 5L0 10z" fill="#64748b"/></marker>
        <marker id="tip-spread" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="11" markerHeight="11" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0L10 5L0 10z" fill="#dc2626"/></marker>
        <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#eef1f5"/><line x1="0" y1="0" x2="0" y2="6" stroke="#d5dbe3" stroke-width="2"/></pattern>
        </defs>

        """;

    public const string Css = """
        :root { --ink:#0f172a; --muted:#64748b; --line:#e2e8f0; --bg:#f4f6f9; --card:#fff; --red:#dc2626; --green:#16a34a; }
        * { box-sizing: border-box; }
        body { margin: 0; padding: 22px 28px 40px; background: var(--bg); color: var(--ink);
               font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
        .top { display: flex; gap: 18px; align-items: flex-start; max-width: 1400px; }
        .verdict { flex: none; font-weight: 800; letter-spacing: .06em; padding: 10px 16px; border-radius: 10px; color: #fff; font-size: 18px; margin-top: 4px; }
        .verdict.pass { background: var(--green); } .verdict.fail { background: var(--red); }
        h1 { margin: 0; font-size: 24px; font-weight: 700; } h1 .variant { color: var(--muted); font-weight: 500; }
        h2 { margin: 0 0 8px; font-size: 16px; }
        .meta { margin: 2px 0 6px; color: var(--muted); }
        .desc { margin: 0; max-width: 1150px; color: #334155; font-size: 13px; }
        .error { color: var(--red); font-weight: 600; }
        .stats { display: flex; gap: 12px; margin: 16px 0; flex-wrap: wrap; }
        .stat { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 8px 14px; min-width: 150px; }
        .stat b { display: block; font-size: 22px; } .stat span { color: var(--muted); font-size: 12px; }
        .stat.alert b { color: var(--red); }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 14px 16px; margin: 0 0 16px; box-shadow: 0 1px 2px rgba(15,23,42,.04); }
        .hint { color: var(--muted); margin: 0 0 8px; font-size: 12.5px; }
        .legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 0 0 8px; padding: 0; font-size: 12px; color: #334155; }
        .legend li { display: flex; align-items: center; gap: 5px; }
        .scroll { overflow-x: auto; }
        svg#timeline { display: block; font-family: inherit; max-width: 100%; height: auto; }
        .lane-bg { fill: #fff; } .lane:nth-child(even) .lane-bg { fill: #f8fafc; }
        .lane .lane-bg { stroke: var(--line); stroke-width: 1; }
        .lane.host .lane-tab { fill: #6366f1; } .lane.lun .lane-tab { fill: #f59e0b; } .lane.target .lane-tab { fill: #94a3b8; }
        .lane-title { font-size: 13.5px; font-weight: 700; fill: var(--ink); } .lane-sub { font-size: 11.5px; fill: var(--muted); }
        .lane-axis { stroke: #cbd5e1; stroke-width: 1; stroke-dasharray: 2 3; }
        .grid { stroke: #e9edf2; stroke-width: 1; } .grid.major { stroke: #cbd5e1; }
        .tick { font-size: 11px; fill: var(--muted); text-anchor: middle; } .tick.major { font-size: 12px; font-weight: 700; fill: var(--ink); }
        .tick.kernel { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 10px; }
        line.end { stroke: #94a3b8; stroke-dasharray: 4 3; } .tick.end { font-style: italic; }
        .fold rect { fill: url(#hatch); } .fold path { fill: none; stroke: #a3afbf; stroke-width: 1; }
        .fold text { font-size: 11px; fill: #475569; text-anchor: middle; dominant-baseline: middle; font-weight: 600; }
        .band { opacity: .85; } .b-stopped { fill: #f59e0b; } .b-asleep { fill: #818cf8; } .b-ro { fill: var(--red); }
        .band-label { font-size: 10px; fill: var(--muted); text-anchor: end; }
        .arrow { fill: none; stroke: #64748b; stroke-width: 1.4; opacity: .55; }
        .arrow.spread { stroke: var(--red); stroke-width: 2; opacity: .8; }
        .arrows.focus .arrow { opacity: .12; } .arrows.focus .arrow.hl { opacity: 1; stroke-width: 2.6; }
        .mark { cursor: pointer; outline: none; } .mark .hit { fill: transparent; }
        .mark .shape { stroke: #fff; stroke-width: 1.5; }
        .k-fs-error .shape { fill: var(--red); } .k-fs-error .ring { fill: none; stroke: var(--red); stroke-width: 2; }
        .k-failed .shape { fill: #ea580c; } .mark .x { stroke: #fff; stroke-width: 1.8; stroke-linecap: round; }
        .k-error-log .shape { fill: #be185d; stroke-width: 1; }
        .k-ua .shape { fill: #f59e0b; } .k-tmf .shape { fill: #7c3aed; }
        .k-down .shape { fill: #334155; } .k-up .shape { fill: var(--green); } .k-state .shape { fill: #94a3b8; }
        .k-action .shape { fill: #2563eb; } .k-command .shape { fill: #0891b2; }
        .k-log .shape { fill: #94a3b8; stroke: none; }
        .mark .count { font-size: 9.5px; fill: var(--muted); }
        .mark.sel .hit { fill: rgba(37,99,235,.16); stroke: #2563eb; stroke-width: 1.5; }
        .mark:focus-visible .hit { stroke: #2563eb; stroke-width: 2; }
        .label { font-size: 11px; fill: #1e293b; text-anchor: middle; paint-order: stroke; stroke: rgba(255,255,255,.9); stroke-width: 3px; pointer-events: none; }
        .label.k-fs-error, .label.k-failed, .label.k-error-log { fill: #b91c1c; font-weight: 600; }
        .label.k-log { fill: var(--muted); }
        .details { border-top: 1px solid var(--line); margin-top: 10px; padding-top: 10px; font-size: 13px; min-height: 48px; }
        .details h3 { margin: 0 0 6px; font-size: 14px; }
        .details ol { margin: 4px 0 8px; padding-left: 22px; }
        .details li { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
        .grid2 { display: grid; grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr); gap: 16px; }
        table { border-collapse: collapse; width: 100%; font-size: 13px; }
        th { text-align: left; color: var(--muted); font-weight: 600; border-bottom: 1px solid var(--line); padding: 4px 8px; }
        td { border-bottom: 1px solid #f1f5f9; padding: 6px 8px; vertical-align: top; }
        .mono, pre, .log { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
        .level { padding: 1px 7px; border-radius: 999px; font-size: 12px; font-weight: 600; }
        .l-error { background: #fee2e2; color: #b91c1c; } .l-stall { background: #fef3c7; color: #92400e; } .l-sense { background: #e0e7ff; color: #3730a3; }
        .contained { color: var(--green); font-weight: 600; }
        tr.chain-row td { padding-top: 0; }
        ol.chain { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 0; align-items: center; }
        ol.chain li { display: flex; align-items: center; }
        ol.chain li + li::before { content: "→"; color: var(--red); margin: 0 6px; font-weight: 700; }
        ol.chain a { text-decoration: none; color: var(--ink); background: #f1f5f9; border: 1px solid var(--line); border-left: 4px solid #94a3b8; border-radius: 6px; padding: 1px 7px; font-size: 12px; }
        ol.chain a small { color: var(--muted); margin-right: 2px; }
        ol.chain a.k-fs-error, ol.chain a.k-failed, ol.chain a.k-error-log { border-left-color: var(--red); }
        ol.chain a.k-action { border-left-color: #2563eb; } ol.chain a.k-command { border-left-color: #0891b2; }
        ol.chain a.k-down { border-left-color: #334155; } ol.chain a.k-ua { border-left-color: #f59e0b; }
        .expectations { list-style: none; margin: 0; padding: 0; }
        .expectations li { padding: 5px 0; border-bottom: 1px solid #f1f5f9; }
        .badge { display: inline-block; min-width: 56px; text-align: center; font-size: 11px; font-weight: 700; border-radius: 6px; padding: 1px 6px; margin-right: 6px; }
        .held .badge { background: #dcfce7; color: #166534; } .failed .badge { background: #fee2e2; color: #b91c1c; }
        .why { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; margin-top: 6px; }
        pre { margin: 2px 0 0; padding: 6px 8px; background: #f8fafc; border: 1px solid var(--line); border-radius: 6px; font-size: 12px; white-space: pre-wrap; }
        details { margin: 6px 0 10px; } summary { cursor: pointer; } .errs { color: var(--red); }
        ol.log { margin: 6px 0 0; padding: 0; list-style: none; max-height: 420px; overflow: auto; border: 1px solid var(--line); border-radius: 8px; background: #0f172a; color: #e2e8f0; font-size: 12px; }
        ol.log li { padding: 1px 10px 1px 6px; white-space: pre; border-left: 3px solid transparent; }
        ol.log li.err { color: #fca5a5; } ol.log li.hl { background: #1e3a8a; border-left-color: #60a5fa; }
        ol.log a.to-mark { color: #64748b; text-decoration: none; margin-right: 6px; font-size: 10px; }
        ol.log a.to-mark:hover { color: #93c5fd; }
        a.to-mark { color: #1d4ed8; }
        footer { color: var(--muted); font-size: 12px; margin-top: 8px; }
        @media (max-width: 1100px) { .grid2 { grid-template-columns: 1fr; } }

        """;

    /// <summary>
    /// After layout, measures every arrow against the marks as the browser drew them: the mark under its first
    /// and last point (data-start-mark, data-end-mark) and every mark it passes over (data-hits), plus each mark's
    /// box (data-box); body[data-layout="done"] says it ran. Then clicks: a mark shows its events and cause chain,
    /// lights its arrows and log lines; a log line or table link selects its mark.
    /// </summary>
    public const string Script = """
        (function () {
          "use strict";
          var svg = document.getElementById("timeline");
          var data = JSON.parse(document.getElementById("report-data").textContent);
          var marks = Array.prototype.slice.call(svg.querySelectorAll("g.mark[id]"));
          var arrows = Array.prototype.slice.call(svg.querySelectorAll("path.arrow[id]"));
          var boxes = {};
          marks.forEach(function (m) {
            var r = m.getBoundingClientRect();
            boxes[m.id] = r;
            m.setAttribute("data-box", [r.left, r.top, r.right, r.bottom].map(function (v) { return v.toFixed(1); }).join(" "));
          });
          function hit(x, y) {
            var best = null, bestD = Infinity;
            marks.forEach(function (m) {
              var r = boxes[m.id];
              if (x < r.left - 1 || x > r.right + 1 || y < r.top - 1 || y > r.bottom + 1) return;
              var cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2, d = (cx - x) * (cx - x) + (cy - y) * (cy - y);
              if (d < bestD) { bestD = d; best = m; }
            });
            return best;
          }
          arrows.forEach(function (a) {
            var len = a.getTotalLength(), ctm = a.getScreenCTM();
            function at(l) { var p = a.getPointAtLength(l); return new DOMPoint(p.x, p.y).matrixTransform(ctm); }
            var s = at(0), e = at(len), hits = [];
            for (var l = 0; l <= len + 2; l += 2) {
              var m = hit(at(Math.min(l, len)).x, at(Math.min(l, len)).y);
              if (m && hits[hits.length - 1] !== m.id) hits.push(m.id);
            }
            var sm = hit(s.x, s.y), em = hit(e.x, e.y);
            a.setAttribute("data-start", s.x.toFixed(1) + " " + s.y.toFixed(1));
            a.setAttribute("data-end", e.x.toFixed(1) + " " + e.y.toFixed(1));
            a.setAttribute("data-start-mark", sm ? sm.id : "");
            a.setAttribute("data-end-mark", em ? em.id : "");
            a.setAttribute("data-hits", hits.join(" "));
          });
          document.body.setAttribute("data-layout", "done");

          var details = document.getElementById("details");
          var arrowLayer = svg.querySelector("g.arrows");
          function esc(t) { return String(t).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c]; }); }
          function select(id, fromLog) {
            marks.forEach(function (m) { m.classList.toggle("sel", m.id === id); });
            var any = false;
            arrows.forEach(function (a) {
              var on = (" " + a.getAttribute("data-chain") + " ").indexOf(" " + id + " ") >= 0;
              a.classList.toggle("hl", on); any = any || on;
            });
            arrowLayer.classList.toggle("focus", !!id && any);
            var rows = document.querySelectorAll("ol.log li[data-mark]"), first = null;
            Array.prototype.forEach.call(rows, function (li) {
              var on = li.getAttribute("data-mark") === id;
              li.classList.toggle("hl", on);
              if (on && !first) first = li;
            });
            var d = data[id];
            if (!d) { details.innerHTML = "<p class=\"hint\">Click a mark to see its events and the chain of causes behind it.</p>"; return; }
            var h = "<h3>" + esc(d.lane) + " at [" + esc(d.time) + "] (" + esc(d.clock) + "): " + esc(d.label) + "</h3><ol>";
            d.events.forEach(function (e) { h += "<li>#" + e[0] + " " + esc(e[2]) + " " + esc(e[3]) + ": " + esc(e[4]) + "</li>"; });
            h += "</ol>";
            if (d.count > d.events.length) h += "<p class=\"hint\">and " + (d.count - d.events.length) + " more events</p>";
            if (d.chain.length) {
              h += "<b>caused by</b> (nearest first)<ol>";
              d.chain.forEach(function (c) {
                var text = "[" + esc(c[0]) + "] " + esc(c[1]) + ": " + esc(c[2]);
                h += "<li>" + (c[3] ? "<a class=\"to-mark\" href=\"#" + c[3] + "\" data-mark=\"" + c[3] + "\">" + text + "</a>" : text) + "</li>";
              });
              h += "</ol>";
            }
            details.innerHTML = h;
            if (!fromLog && first) first.scrollIntoView({ block: "nearest" });
          }
          marks.forEach(function (m) {
            m.addEventListener("click", function () { select(m.id, false); });
            m.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(m.id, false); } });
          });
          document.addEventListener("click", function (ev) {
            var a = ev.target.closest ? ev.target.closest("a.to-mark") : null;
            if (!a) return;
            ev.preventDefault();
            var id = a.getAttribute("data-mark");
            select(id, true);
            var m = document.getElementById(id);
            if (m) m.scrollIntoView({ block: "center", inline: "center" });
          });
          document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") select("", false); });
          if (location.hash && data[location.hash.slice(1)]) select(location.hash.slice(1), false);
        })();

        """;
}
