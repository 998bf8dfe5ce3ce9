using System.Globalization;
using System.Text;

namespace CoverWeaver.Reports.Html
{
    /// <summary>
    /// The inline style and script every page carries: a report opened from disk or from a CI
    /// artifact cannot fetch anything, and must not try to.
    /// </summary>
    internal static class HtmlAssets
    {
        private const string Style = @"
body { font: 14px/1.4 system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 1.5em 2em; color: #1d2125; }
h1 { font-size: 1.5em; margin: 0 0 .3em; } h2 { font-size: 1.15em; margin: 1.4em 0 .4em; }
p.summary { font-size: 1.1em; } p.note, p.missing { color: #555; } p.missing { background: #fff4d6; padding: .6em .8em; border-left: 4px solid #e0a800; }
a { color: #0b5cad; text-decoration: none; } a:hover { text-decoration: underline; }
table { border-collapse: collapse; } th, td { padding: .25em .7em; text-align: left; border-bottom: 1px solid #e3e6ea; }
th { background: #f3f5f7; } th[data-sort] { cursor: pointer; user-select: none; }
th[aria-sort=ascending]::after { content: ' \25B2'; } th[aria-sort=descending]::after { content: ' \25BC'; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.level0 { background: #eef2f6; font-weight: 600; } tr.level1 td.name { padding-left: 1.8em; } tr.level2 td.name { padding-left: 3.4em; }
td.kind { color: #777; font-size: .9em; } tfoot tr.total { font-weight: 700; border-top: 2px solid #888; }
.bar { display: inline-block; width: 80px; height: .7em; background: #f0b8b8; margin-right: .6em; vertical-align: middle; }
.bar span { display: block; height: 100%; background: #4caf50; }
table.source { font: 13px/1.35 ui-monospace, 'Cascadia Mono', Menlo, Consolas, monospace; width: 100%; }
table.source td { border: none; padding: 0 .6em; white-space: pre; }
table.source td.n { color: #888; text-align: right; width: 1%; } table.source td.c { text-align: right; width: 1%; color: #444; }
tr.covered td.c, tr.covered td.s { background: #dcf5dc; } tr.uncovered td.c, tr.uncovered td.s { background: #fadcdc; }
table.functions tr.clause td.name { padding-left: 1.8em; color: #444; } table.functions tr.module { background: #eef2f6; font-weight: 600; }
";

        // Sorts the index's rows by the clicked column, keeping every row under its parent: rows are
        // read back into a tree (by data-level), each level's children sorted, the tree written out.
        private const string SortScript = @"
(function () {
  var table = document.getElementById('coverage');
  if (!table) return;
  var body = table.tBodies[0];
  function tree() {
    var root = { children: [] }, stack = [root];
    Array.prototype.forEach.call(body.rows, function (row) {
      var level = +row.getAttribute('data-level'), node = { row: row, children: [] };
      stack.length = level + 1;
      stack[level].children.push(node);
      stack.push(node);
    });
    return root;
  }
  function sort(node, key, dir) {
    node.children.sort(function (a, b) {
      var x, y;
      if (key === 'percent') { x = +a.row.getAttribute('data-percent'); y = +b.row.getAttribute('data-percent'); }
      else { x = a.row.getAttribute('data-name'); y = b.row.getAttribute('data-name'); }
      var c = x < y ? -1 : x > y ? 1 : 0;
      if (c === 0) { x = a.row.getAttribute('data-name'); y = b.row.getAttribute('data-name'); c = x < y ? -1 : x > y ? 1 : 0; }
      return c * dir;
    });
    node.children.forEach(function (child) { sort(child, key, dir); });
  }
  function write(node) { node.children.forEach(function (child) { body.appendChild(child.row); write(child); }); }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    var key = th.getAttribute('data-sort');
    if (!key) return;
    function go() {
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      var root = tree();
      sort(root, key, dir);
      write(root);
    }
    th.addEventListener('click', go);
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); } });
  });
})();
";

        /// <summary>The document's start: doctype, charset, title and style.</summary>
        public static void Head(StringBuilder html, string title)
        {
            html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .Append("<meta name=\"generator\" content=\"CoverWeaver\">\n")
                .Append("<title>").Append(HtmlReport.Escape(title)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        }

        public static void Tail(StringBuilder html, bool withSortScript)
        {
            if (withSortScript)
            {
                html.Append("<script>").Append(SortScript).Append("</script>\n");
            }

            html.Append("</body>\n</html>\n");
        }

        /// <summary>The percentage as text, one decimal as genhtml prints it, or <c>-</c> for no lines.</summary>
        public static string Percentage(Figure figure) => figure.Total == 0 ? "-" : Percent.Format(figure) + "%";

        /// <summary>A small bar filled to the exact percentage, then the percentage as text.</summary>
        public static string Bar(Figure figure)
        {
            var width = figure.Total == 0 ? "0" : (figure.Covered * 100.0 / figure.Total).ToString("0.##", CultureInfo.InvariantCulture);
            return "<span class=\"bar\" aria-hidden=\"true\"><span style=\"width:" + width + "%\"></span></span><span class=\"value\">" + Percentage(figure) + "</span>";
        }
    }
}
