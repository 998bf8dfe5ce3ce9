using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using CoverWeaver.Reports;
using CoverWeaver.Reports.Html;
using Microsoft.AspNetCore.Http;

namespace CoverWeaver.Center.Pages
{
    /// <summary>
    /// What every page of the center shares: the report writers' style (so a center page and an
    /// HTML report look alike), a navigation bar, escaping, and figures as the reports print them.
    /// Nothing is fetched from elsewhere; the only script is the report's table sorting.
    /// </summary>
    internal sealed class Page
    {
        private const string Style = @"
nav { margin: -1.5em -2em 1.2em; padding: .6em 2em; background: #1d2125; } nav a { color: #fff; margin-right: 1.4em; font-weight: 600; }
nav span.brand { color: #9fd3a8; margin-right: 2em; font-weight: 700; }
svg.trend { vertical-align: middle; background: #f7f9fb; border: 1px solid #e3e6ea; } svg.trend polyline { fill: none; stroke: #2e7d32; stroke-width: 2; }
svg.trend circle { fill: #2e7d32; } span.state { padding: .05em .5em; border-radius: .6em; font-size: .9em; }
span.state.live, span.state.sealed { background: #dcf5dc; } span.state.lost { background: #fadcdc; } span.state.open, span.state.ending, span.state.new { background: #fff4d6; }
a.download { margin-right: .8em; } td.error { color: #a12a2a; max-width: 40em; } form.inline { display: inline; } code { background: #f3f5f7; padding: 0 .25em; }
";

        private readonly StringBuilder _html = new StringBuilder();

        public Page(string title)
        {
            HtmlAssets.Head(_html, title + " - CoverWeaver center");
            _html.Append("<style>").Append(Style).Append("</style>\n");
            _html.Append("<nav><span class=\"brand\">CoverWeaver center</span><a href=\"/\">Services</a><a href=\"/runs\">Runs</a><a href=\"/targets\">Targets</a><a href=\"/diff\">Compare runs</a></nav>\n");
        }

        public Page Raw(string html)
        {
            _html.Append(html);
            return this;
        }

        /// <summary>Text from data, escaped.</summary>
        public Page Text(string? text)
        {
            _html.Append(Escape(text ?? ""));
            return this;
        }

        public IResult Done(bool withSortScript = false, int status = 200)
        {
            HtmlAssets.Tail(_html, withSortScript);
            return Results.Content(_html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
        }

        public static IResult NotFound(string message) => new Page("Not found").Raw("<h1>Not found</h1>\n<p id=\"problem\">").Text(message).Raw("</p>\n").Done(status: 404);

        public static IResult BadRequest(string message) => new Page("Bad request").Raw("<h1>Bad request</h1>\n<p id=\"problem\">").Text(message).Raw("</p>\n").Done(status: 400);

        public static string Escape(string text) => WebUtility.HtmlEncode(text);

        /// <summary>A value for a URL's query string.</summary>
        public static string Query(string text) => Uri.EscapeDataString(text);

        public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

        public static string Time(DateTimeOffset? time) => time == null ? "" : time.Value.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        public static string State(string state) => $"<span class=\"state {Escape(state)}\">{Escape(state)}</span>";

        /// <summary>The figure's cells: covered/total, then the bar and percentage, as the HTML report shows them.</summary>
        public static string Cells(Figure figure) =>
            $"<td class=\"num lines\">{figure}</td><td class=\"num percent\" data-percent=\"{(figure.Percent ?? -1).ToString("0.######", CultureInfo.InvariantCulture)}\">{HtmlAssets.Bar(figure)}</td>";

        /// <summary>
        /// A small line chart of percentages, oldest first, drawn inline; each point is titled with
        /// its run and figure, and the points are also in <c>data-points</c> for a reader.
        /// </summary>
        public static string Trend(IReadOnlyList<(string Label, Figure Lines)> points)
        {
            if (points.Count == 0)
            {
                return "<span class=\"trend none\">no sealed run yet</span>";
            }

            const int Width = 160, Height = 36, Pad = 4;
            var step = points.Count == 1 ? 0 : (Width - (2.0 * Pad)) / (points.Count - 1);
            var xy = points.Select((p, i) => (X: Pad + (i * step) + (points.Count == 1 ? (Width / 2.0) - Pad : 0), Y: Pad + ((Height - (2.0 * Pad)) * (1 - ((p.Lines.Percent ?? 0) / 100))))).ToList();
            var svg = new StringBuilder();
            svg.Append("<svg class=\"trend\" width=\"").Append(Width).Append("\" height=\"").Append(Height).Append("\" role=\"img\" aria-label=\"coverage over runs\" data-points=\"")
                .Append(Escape(string.Join(" ", points.Select(p => Percent.Format(p.Lines))))).Append("\"><polyline points=\"")
                .Append(string.Join(" ", xy.Select(p => F(p.X) + "," + F(p.Y)))).Append("\"/>");
            for (var i = 0; i < points.Count; i++)
            {
                svg.Append("<circle r=\"2.5\" cx=\"").Append(F(xy[i].X)).Append("\" cy=\"").Append(F(xy[i].Y)).Append("\"><title>")
                    .Append(Escape(points[i].Label + ": " + HtmlAssets.Percentage(points[i].Lines))).Append("</title></circle>");
            }

            return svg.Append("</svg>").ToString();
        }

        private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
    }
}
