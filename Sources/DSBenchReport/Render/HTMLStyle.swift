/// The page's only style and script: inline, so the file is whole on its own (no fonts, images
/// or scripts are fetched) and prints on A4/Letter with charts kept whole.
enum HTMLStyle {
    static let css = """
    :root { color-scheme: light; }
    body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1d1d1f;
           margin: 0 auto; padding: 24px; max-width: 1180px; background: #ffffff; }
    h1 { font-size: 24px; margin: 0 0 8px; } h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid #dddddd; padding-bottom: 4px; }
    h3 { font-size: 15px; margin: 20px 0 6px; }
    .verdict { padding: 10px 14px; border-radius: 6px; font-weight: 600; font-size: 16px; margin: 8px 0; }
    .verdict.pass { background: #e6f4ea; border: 1px solid #59a14f; } .verdict.error, .verdict.no_verdict { background: #fff4e0; border: 1px solid #f28e2b; }
    .verdict.fail { background: #fde8e8; border: 1px solid #e15759; }
    .meta { color: #555555; } .muted { color: #777777; font-size: 12px; }
    ul.problems { padding-left: 20px; } ul.problems li.fail, ul.problems li.error { color: #a8201a; font-weight: 600; }
    ul.problems li.advice, ul.problems li.not_comparable, ul.problems li.skipped { color: #8a4b00; }
    table { border-collapse: collapse; margin: 6px 0 12px; font-size: 12.5px; }
    th, td { border: 1px solid #dddddd; padding: 3px 7px; text-align: left; vertical-align: top; }
    th { background: #f3f3f3; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
    td.below, tr.mixed th, tr.mixed td { background: #fde8e8; } td.above { background: #e8f0fd; } td.bad { background: #fde8e8; }
    table.sortable th { cursor: pointer; } table.sortable th:hover { background: #e4e4e4; }
    svg.chart { display: block; width: 100%; max-width: 1100px; height: auto; margin: 6px 0; }
    svg.heatmap { width: auto; max-width: 100%; }
    svg .ct { font: 600 13px sans-serif; fill: #1d1d1f; } svg .xt, svg .yt, svg .lg, svg .sl { font: 11px sans-serif; fill: #444444; }
    svg .al { font: 12px sans-serif; fill: #333333; } svg .sl { fill: #666666; }
    figure { margin: 0 0 14px; break-inside: avoid; page-break-inside: avoid; }
    details { margin: 4px 0 12px; } summary { cursor: pointer; color: #4e79a7; }
    pre { background: #f6f6f6; padding: 10px; overflow-x: auto; font-size: 12px; border: 1px solid #e0e0e0; }
    code { font-size: 12px; }
    @media print {
      body { padding: 0; max-width: none; font-size: 11px; }
      h2, h3, h2 + p, h3 + p, p.muted { break-after: avoid; page-break-after: avoid; }
      summary { display: none; } table { font-size: 10px; } pre { white-space: pre-wrap; }
    }
    """

    /// Sorts `table.sortable` by a clicked header (numbers as numbers) and opens every
    /// `<details>` before printing so the printout has all the tables.
    static let script = """
    (function () {
      function key(cell) {
        var text = cell ? cell.textContent.trim() : "";
        var number = parseFloat(text.replace(/[^0-9.eE+-]/g, ""));
        return isNaN(number) || !/^[-+]?[0-9.]/.test(text) ? text.toLowerCase() : number;
      }
      document.querySelectorAll("table.sortable").forEach(function (table) {
        table.querySelectorAll("th").forEach(function (th, column) {
          th.title = "sort";
          th.addEventListener("click", function () {
            var body = table.tBodies[0];
            if (!body) { return; }
            var ascending = th.getAttribute("data-order") !== "asc";
            th.setAttribute("data-order", ascending ? "asc" : "desc");
            Array.prototype.slice.call(body.rows).sort(function (a, b) {
              var x = key(a.cells[column]), y = key(b.cells[column]);
              var order = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : (typeof x === "number" ? -1 : 1);
              return ascending ? order : -order;
            }).forEach(function (row) { body.appendChild(row); });
          });
        });
      });
      window.addEventListener("beforeprint", function () {
        document.querySelectorAll("details").forEach(function (d) { d.open = true; });
      });
    })();
    """
}
