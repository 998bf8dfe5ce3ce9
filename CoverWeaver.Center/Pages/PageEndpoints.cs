using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CoverWeaver.Center.Api;
using CoverWeaver.Center.Store;
using CoverWeaver.Center.Views;
using CoverWeaver.Report;
using CoverWeaver.Reports;
using CoverWeaver.Reports.Html;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CoverWeaver.Center.Pages
{
    /// <summary>
    /// The center's pages, server-rendered: services with their current coverage and trend, runs
    /// with each service's totals, a service's assemblies, modules and files, a file's source
    /// annotated with counts, and the difference between two runs. Every figure is the JSON API's.
    /// </summary>
    internal static class PageEndpoints
    {
        private static readonly string[] Downloads = { "cobertura", "lcov", "html" };

        public static void Map(IEndpointRouteBuilder app, CenterContext center)
        {
            app.MapGet("/", () => Services(center));
            app.MapGet("/runs", () => Runs(center));
            app.MapGet("/runs/{id:long}", (long id) => Run(center, id));
            app.MapGet("/services/{name}", (string name, HttpRequest request) => Service(center, name, request));
            app.MapGet("/services/{name}/file", (string name, HttpRequest request) => File(center, name, request));
            app.MapGet("/targets", () => Targets(center));
            app.MapGet("/diff", (HttpRequest request) => Diff(center, request));
        }

        private static IResult Services(CenterContext center)
        {
            var page = new Page("Services").Raw("<h1>Services</h1>\n");
            var services = center.Store.Services();
            if (services.Count == 0)
            {
                page.Raw("<p class=\"note\" id=\"empty\">No service has sent coverage yet. Start the center with <code>--targets</code>, register a target (<code>POST /api/targets</code>), or push to <code>/api/push/&lt;service&gt;</code>.</p>\n");
                return page.Done();
            }

            page.Raw("<p class=\"note\">Current coverage: everything recorded on each service's newest build of each assembly (live and in runs). The trend is each sealed run's coverage, oldest first.</p>\n");
            page.Raw("<table id=\"services\">\n<thead><tr><th>Service</th><th>Commit</th><th class=\"num\">Lines</th><th class=\"num\">Line coverage</th><th>Trend over runs</th><th>Last seen</th></tr></thead>\n<tbody>\n");
            foreach (var service in services)
            {
                var view = center.Views.Service(service, Scope.Everything, Array.Empty<string>())!;
                var trend = center.Views.Trend(service).Select(t => ($"run {t.Run.Id} {t.Run.Name}", t.Lines)).ToList();
                page.Raw($"<tr data-service=\"{Page.Escape(service.Name)}\"><td><a href=\"/services/{Page.Query(service.Name)}\">").Text(service.Name).Raw("</a></td><td><code>").Text(service.Commit ?? "")
                    .Raw("</code></td>").Raw(Page.Cells(view.Figures.Total)).Raw("<td>").Raw(Page.Trend(trend)).Raw("</td><td>").Text(Page.Time(service.LastSeen)).Raw("</td></tr>\n");
            }

            page.Raw("</tbody>\n</table>\n");
            RunTable(page, center.Store.Runs().Take(10).ToList(), "Recent runs");
            return page.Done();
        }

        private static IResult Runs(CenterContext center)
        {
            var page = new Page("Runs").Raw("<h1>Runs</h1>\n");
            RunTable(page, center.Store.Runs(), null);
            return page.Done();
        }

        private static void RunTable(Page page, IReadOnlyList<RunRecord> runs, string? heading)
        {
            if (heading != null)
            {
                page.Raw("<h2>").Text(heading).Raw("</h2>\n");
            }

            if (runs.Count == 0)
            {
                page.Raw("<p class=\"note\">No run yet: <code>POST /api/runs {\"name\": …, \"commit\": …, \"services\": […]}</code> starts one.</p>\n");
                return;
            }

            page.Raw("<table id=\"runs\">\n<thead><tr><th class=\"num\">Run</th><th>Name</th><th>Commit</th><th>State</th><th>Services</th><th>Started</th><th>Sealed</th></tr></thead>\n<tbody>\n");
            foreach (var run in runs)
            {
                page.Raw($"<tr data-run=\"{run.Id}\"><td class=\"num\"><a href=\"/runs/{run.Id}\">{run.Id}</a></td><td><a href=\"/runs/{run.Id}\">").Text(run.Name).Raw("</a></td><td><code>")
                    .Text(run.Commit ?? "").Raw("</code></td><td>").Raw(Page.State(run.State)).Raw("</td><td>").Text(string.Join(", ", run.Services)).Raw("</td><td>")
                    .Text(Page.Time(run.StartedAt)).Raw("</td><td>").Text(Page.Time(run.SealedAt)).Raw("</td></tr>\n");
            }

            page.Raw("</tbody>\n</table>\n");
        }

        private static IResult Run(CenterContext center, long id)
        {
            var run = center.Store.Run(id);
            if (run == null)
            {
                return Page.NotFound($"There is no run {id}.");
            }

            var page = new Page($"Run {id} {run.Name}").Raw("<h1>Run ").Raw(Page.Number(id)).Raw(": ").Text(run.Name).Raw("</h1>\n");
            page.Raw("<p class=\"summary\">").Raw("<span id=\"run-state\">").Raw(Page.State(run.State)).Raw("</span> &middot; commit <code id=\"run-commit\">").Text(run.Commit ?? "none")
                .Raw("</code> &middot; started ").Text(Page.Time(run.StartedAt)).Raw(run.SealedAt != null ? " &middot; sealed " : "").Text(Page.Time(run.SealedAt)).Raw("</p>\n");
            var previous = center.Store.Runs().Where(r => r.Id < id && r.SealedAt != null && r.Services.Intersect(run.Services).Any()).Select(r => r.Id).DefaultIfEmpty(0).Max();
            page.Raw("<table id=\"run-services\">\n<thead><tr><th>Service / build</th><th class=\"num\">Lines</th><th class=\"num\">Line coverage</th><th>Downloads</th><th></th></tr></thead>\n<tbody>\n");
            foreach (var name in run.Services)
            {
                var view = center.Views.Service(name, Scope.Run(id), Array.Empty<string>());
                page.Raw($"<tr class=\"level0\" data-service=\"{Page.Escape(name)}\"><td><a href=\"/services/{Page.Query(name)}?scope=run:{id}\">").Text(name).Raw("</a></td>");
                if (view == null || view.Builds.Count == 0)
                {
                    page.Raw("<td class=\"num lines\">-</td><td class=\"num percent\">no counts in this run</td><td></td><td></td></tr>\n");
                    continue;
                }

                page.Raw(Page.Cells(view.Figures.Total)).Raw("<td>").Raw(DownloadLinks(name, $"run:{id}", Array.Empty<string>())).Raw("</td><td>");
                if (previous > 0)
                {
                    page.Raw($"<a href=\"/diff?service={Page.Query(name)}&amp;from=run:{previous}&amp;to=run:{id}\">compare with run {previous}</a>");
                }

                page.Raw("</td></tr>\n");
                foreach (var table in view.Data.Tables)
                {
                    var figure = view.BuildFigure(table);
                    page.Raw($"<tr class=\"build level1\" data-build=\"{table.Build}\"><td class=\"name\">").Text(table.Assembly).Raw(" build <code>").Text(table.Build).Raw("</code>")
                        .Raw(view.Builds.Contains(table) ? "" : " (earlier build)").Raw("</td>").Raw(Page.Cells(figure)).Raw("<td>")
                        .Raw(DownloadLinks(name, $"run:{id}", new[] { table.Build })).Raw("</td><td>first seen ").Text(Page.Time(table.FirstSeen)).Raw("</td></tr>\n");
                }
            }

            page.Raw("</tbody>\n</table>\n");
            page.Raw("<p class=\"note\">A service with several builds in the run (redeployed during it) shows each; its total is its newest build of each assembly. Downloads are written by the report writers of the test run: Cobertura XML, LCOV, and the HTML report (zipped).</p>\n");
            return page.Done();
        }

        private static string DownloadLinks(string service, string scope, IReadOnlyList<string> builds)
        {
            var buildQuery = string.Concat(builds.Select(b => "&amp;build=" + Page.Query(b)));
            return string.Concat(Downloads.Select(f =>
                $"<a class=\"download\" data-format=\"{f}\" href=\"/api/services/{Page.Query(service)}/report?format={f}&amp;scope={Page.Query(scope)}{buildQuery}\" download>{f}</a>"));
        }

        private static IResult Service(CenterContext center, string name, HttpRequest request)
        {
            var (view, problem, scope) = Read(center, name, request);
            if (view == null)
            {
                return problem!;
            }

            var scopeText = CoverageViews.ScopeText(scope);
            var page = new Page(name).Raw("<h1>").Text(name).Raw("</h1>\n");
            page.Raw("<p class=\"summary\">").Raw(ScopeWords(scope)).Raw(" &middot; lines <span id=\"total-lines\">").Raw(view.Figures.Total.ToString()).Raw("</span> &middot; <span id=\"total-percent\">")
                .Raw(HtmlAssets.Percentage(view.Figures.Total)).Raw("</span> &middot; commit <code id=\"service-commit\">").Text(view.Data.Service.Commit ?? "none").Raw("</code></p>\n");
            page.Raw("<p>Show: <a href=\"/services/").Raw(Page.Query(name)).Raw("\">everything</a> &middot; <a href=\"/services/").Raw(Page.Query(name)).Raw("?scope=live\">live (outside runs)</a>");
            foreach (var run in center.Store.Runs().Where(r => r.Services.Contains(name)).Take(8))
            {
                page.Raw($" &middot; <a href=\"/services/{Page.Query(name)}?scope=run:{run.Id}\">run {run.Id}</a>");
            }

            page.Raw("</p>\n<p>Downloads: ").Raw(DownloadLinks(name, scopeText, view.Builds.Count == view.Data.Newest.Count ? Array.Empty<string>() : view.Builds.Select(b => b.Build).ToList())).Raw("</p>\n");
            var trend = center.Views.Trend(view.Data.Service).Select(t => ($"run {t.Run.Id} {t.Run.Name}", t.Lines)).ToList();
            page.Raw("<p>Trend over runs: ").Raw(Page.Trend(trend)).Raw("</p>\n");
            if (view.Carried.Count > 0)
            {
                page.Raw("<p class=\"note\" id=\"carried\">Counts of ").Raw(Page.Number(view.Carried.Select(c => (c.Module, c.Method)).Distinct().Count()))
                    .Raw(" methods (in ").Raw(Page.Number(view.Carried.Select(c => c.Module).Distinct().Count()))
                    .Raw(" modules) whose code did not change are carried over from older builds (")
                    .Text(string.Join(", ", view.Carried.Select(c => c.From).Distinct())).Raw($"). <a href=\"/services/{Page.Query(name)}?scope={Page.Query(scopeText)}&amp;carry=false\">Without them</a>.</p>\n");
            }

            page.Raw("<h2>Builds</h2>\n<table id=\"builds\">\n<thead><tr><th>Assembly</th><th>Build</th><th>First seen</th><th>Last seen</th><th></th></tr></thead>\n<tbody>\n");
            foreach (var table in view.Data.Tables)
            {
                page.Raw($"<tr data-build=\"{table.Build}\"><td>").Text(table.Assembly).Raw("</td><td><code>").Raw(table.Build).Raw("</code></td><td>").Text(Page.Time(table.FirstSeen))
                    .Raw("</td><td>").Text(Page.Time(table.LastSeen)).Raw("</td><td>")
                    .Raw(view.Builds.Contains(table) ? "shown" : $"<a href=\"/services/{Page.Query(name)}?scope={Page.Query(scopeText)}&amp;build={table.Build}\">show</a>").Raw("</td></tr>\n");
            }

            page.Raw("</tbody>\n</table>\n");
            page.Raw("<h2>Modules and files</h2>\n<table id=\"coverage\" class=\"sortable\">\n<thead><tr><th data-sort=\"name\" aria-sort=\"ascending\" tabindex=\"0\">Name</th><th>Kind</th>")
                .Raw("<th class=\"num\">Lines</th><th data-sort=\"percent\" class=\"num\" tabindex=\"0\">Line coverage</th></tr></thead>\n<tbody>\n");
            var builds = string.Concat(view.Builds.Count == view.Data.Newest.Count ? Array.Empty<string>() : view.Builds.Select(b => "&amp;build=" + b.Build));
            foreach (var assembly in view.Figures.Assemblies)
            {
                Row(page, 0, "assembly", assembly.Name, null, assembly.Lines);
                foreach (var module in assembly.Modules)
                {
                    Row(page, 1, "module", module.Name, null, module.Lines);
                    foreach (var file in module.Files)
                    {
                        Row(page, 2, "file", file.Path, $"/services/{Page.Query(name)}/file?path={Page.Query(file.Path)}&amp;scope={Page.Query(scopeText)}{builds}", file.Figure);
                    }
                }
            }

            page.Raw("</tbody>\n</table>\n");
            page.Raw("<h2>Targets</h2>\n");
            TargetTable(page, center.Scraper.StatusOf(new[] { name }));
            return page.Done(withSortScript: true);
        }

        private static void Row(Page page, int level, string kind, string name, string? link, Figure figure)
        {
            page.Raw($"<tr class=\"{kind} level{level}\" data-level=\"{level}\" data-name=\"{Page.Escape(name)}\" data-percent=\"{(figure.Percent ?? -1).ToString("0.######", System.Globalization.CultureInfo.InvariantCulture)}\"><td class=\"name\">");
            page.Raw(link == null ? Page.Escape(name) : $"<a href=\"{link}\">{Page.Escape(name)}</a>").Raw($"</td><td class=\"kind\">{kind}</td>").Raw(Page.Cells(figure)).Raw("</tr>\n");
        }

        private static IResult File(CenterContext center, string name, HttpRequest request)
        {
            var (view, problem, scope) = Read(center, name, request);
            if (view == null)
            {
                return problem!;
            }

            var path = request.Query["path"].ToString();
            if (!view.Figures.Files.TryGetValue(path, out var lines))
            {
                return Page.NotFound($"{name} has no source file '{path}' in {ScopeText(scope)}.");
            }

            var figure = Figure.Of(lines.Values);
            var page = new Page(Path.GetFileName(path) + " - " + name);
            page.Raw($"<p><a href=\"/services/{Page.Query(name)}?scope={Page.Query(CoverageViews.ScopeText(scope))}\">&larr; ").Text(name).Raw("</a></p>\n<h1>").Text(path).Raw("</h1>\n");
            page.Raw("<p class=\"summary\">").Raw(ScopeWords(scope)).Raw(" &middot; lines <span id=\"file-lines\">").Raw(figure.ToString()).Raw("</span> &middot; <span id=\"file-percent\">")
                .Raw(HtmlAssets.Percentage(figure)).Raw("</span></p>\n");
            string[]? text = null;
            try
            {
                text = System.IO.File.Exists(path) ? AnnotatedSource.SplitLines(System.IO.File.ReadAllText(path)) : null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
            }

            if (text == null)
            {
                page.Raw("<p class=\"missing\" id=\"missing-source\">The source is not on the center's machine: the build recorded it at <code>").Text(path)
                    .Raw("</code>. Its executable lines and their counts follow by line number.</p>\n");
            }

            page.Raw("<table class=\"source\" id=\"source\">\n<tbody>\n");
            var numbers = text != null ? Enumerable.Range(1, Math.Max(text.Length, lines.Count == 0 ? 0 : lines.Keys.Last())) : lines.Keys;
            foreach (var number in numbers)
            {
                var executable = lines.TryGetValue(number, out var count);
                page.Raw($"<tr id=\"L{number}\"").Raw(executable ? (count > 0 ? " class=\"covered\"" : " class=\"uncovered\"") + $" data-count=\"{count}\"" : "")
                    .Raw($"><td class=\"n\">{number}</td><td class=\"c\">{(executable ? Page.Number(count) : "")}</td><td class=\"s\">")
                    .Text(text != null && number <= text.Length ? text[number - 1] : "").Raw("</td></tr>\n");
            }

            page.Raw("</tbody>\n</table>\n");
            return page.Done();
        }

        private static IResult Targets(CenterContext center)
        {
            var page = new Page("Targets").Raw("<h1>Targets</h1>\n");
            if (center.Targets.File != null)
            {
                page.Raw("<p>Targets file <code>").Text(center.Targets.File).Raw("</code>, read again when it changes.</p>\n");
            }

            if (center.Targets.FileProblem != null)
            {
                page.Raw("<p class=\"missing\" id=\"targets-problem\">").Text(center.Targets.FileProblem).Raw("</p>\n");
            }

            TargetTable(page, center.Scraper.Status());
            page.Raw($"<p class=\"note\">Pulled every {center.Options.Interval.TotalSeconds:0.###} s. {center.Scraper.Spooled} batches wait in the spool. Store: ").Text(center.Store.Description).Raw("</p>\n");
            return page.Done();
        }

        private static void TargetTable(Page page, IReadOnlyList<Gateway.TargetStatus> targets)
        {
            if (targets.Count == 0)
            {
                page.Raw("<p class=\"note\">No target.</p>\n");
                return;
            }

            page.Raw("<table id=\"targets\">\n<thead><tr><th>Service</th><th>Endpoint</th><th>State</th><th>Token</th><th>Counter files</th><th>Last pull</th><th class=\"num\">Pulls</th><th>Problem</th></tr></thead>\n<tbody>\n");
            foreach (var target in targets)
            {
                page.Raw($"<tr data-url=\"{Page.Escape(target.Url)}\"><td>").Text(target.Service).Raw("</td><td><code>").Text(target.Url).Raw("</code></td><td>").Raw(Page.State(target.State))
                    .Raw("</td><td>").Raw(target.HasToken ? "yes" : "no").Raw("</td><td>").Text(target.DataDirectory ?? "").Raw("</td><td>").Text(Page.Time(target.LastPullAt))
                    .Raw("</td><td class=\"num\">").Raw(Page.Number(target.Pulls)).Raw("</td><td class=\"error\">").Text(target.Error ?? "").Raw("</td></tr>\n");
            }

            page.Raw("</tbody>\n</table>\n");
        }

        private static IResult Diff(CenterContext center, HttpRequest request)
        {
            var page = new Page("Compare runs").Raw("<h1>Compare runs</h1>\n");
            var services = center.Store.Services();
            var runs = center.Store.Runs();
            var name = request.Query["service"].ToString();
            var fromText = request.Query["from"].ToString();
            var toText = request.Query["to"].ToString();
            page.Raw("<form method=\"get\" action=\"/diff\" id=\"diff-form\">Service <select name=\"service\">");
            foreach (var service in services)
            {
                page.Raw("<option").Raw(service.Name == name ? " selected" : "").Raw(">").Text(service.Name).Raw("</option>");
            }

            page.Raw("</select> from ").Raw(ScopeSelect("from", runs, fromText)).Raw(" to ").Raw(ScopeSelect("to", runs, toText)).Raw(" <button type=\"submit\">Compare</button></form>\n");
            if (name.Length == 0)
            {
                return page.Done();
            }

            var from = CoverageViews.ParseScope(fromText);
            var to = CoverageViews.ParseScope(toText);
            if (from == null || to == null)
            {
                return Page.BadRequest("from and to are run:<id>, live or all.");
            }

            var before = center.Views.Service(name, from.Value, Array.Empty<string>());
            var after = center.Views.Service(name, to.Value, Array.Empty<string>());
            if (before == null || after == null)
            {
                return Page.NotFound($"No service '{name}' has sent coverage.");
            }

            var (newly, lost) = CoverageViews.Diff(before.Figures, after.Figures);
            page.Raw("<p class=\"summary\">").Text(name).Raw(": ").Raw(ScopeText(from.Value)).Raw(" <span id=\"from-lines\">").Raw(before.Figures.Total.ToString()).Raw("</span> (")
                .Raw(HtmlAssets.Percentage(before.Figures.Total)).Raw(") &rarr; ").Raw(ScopeText(to.Value)).Raw(" <span id=\"to-lines\">").Raw(after.Figures.Total.ToString()).Raw("</span> (")
                .Raw(HtmlAssets.Percentage(after.Figures.Total)).Raw(")</p>\n");
            DiffTable(page, "newly", $"Newly covered ({newly.Count})", newly, name, to.Value);
            DiffTable(page, "lost", $"No longer covered ({lost.Count})", lost, name, from.Value);
            return page.Done();
        }

        private static void DiffTable(Page page, string id, string heading, List<(string File, int Line, long Count)> lines, string service, Scope scope)
        {
            page.Raw("<h2>").Text(heading).Raw($"</h2>\n<table id=\"{id}\">\n<thead><tr><th>File</th><th class=\"num\">Line</th><th class=\"num\">Count</th></tr></thead>\n<tbody>\n");
            foreach (var (file, line, count) in lines)
            {
                page.Raw($"<tr data-line=\"{Page.Escape(file)}:{line}\"><td>").Text(file).Raw($"</td><td class=\"num\"><a href=\"/services/{Page.Query(service)}/file?path={Page.Query(file)}&amp;scope={Page.Query(CoverageViews.ScopeText(scope))}#L{line}\">{line}</a></td><td class=\"num\">{count}</td></tr>\n");
            }

            page.Raw("</tbody>\n</table>\n");
        }

        private static string ScopeSelect(string name, IReadOnlyList<RunRecord> runs, string selected)
        {
            var options = runs.Select(r => ($"run:{r.Id}", $"run {r.Id} {r.Name}")).Concat(new[] { ("live", "live"), ("all", "everything") });
            return $"<select name=\"{name}\">" + string.Concat(options.Select(o => $"<option value=\"{o.Item1}\"{(o.Item1 == selected ? " selected" : "")}>{Page.Escape(o.Item2)}</option>")) + "</select>";
        }

        private static (ServiceView? View, IResult? Problem, Scope Scope) Read(CenterContext center, string name, HttpRequest request)
        {
            var scope = CoverageViews.ParseScope(request.Query["scope"]);
            if (scope == null)
            {
                return (null, Page.BadRequest($"scope must be all, live or run:<id>, not '{request.Query["scope"]}'."), default);
            }

            if (center.Store.Service(name) == null)
            {
                return (null, Page.NotFound($"No service '{name}' has sent coverage."), scope.Value);
            }

            var builds = request.Query["build"].Where(b => !string.IsNullOrEmpty(b)).Select(b => b!).ToList();
            var view = center.Views.Service(name, scope.Value, builds, ApiEndpoints.Carry(request));
            return view == null ? (null, Page.NotFound($"{name} has no build {string.Join(", ", builds)} in {ScopeText(scope.Value)}."), scope.Value) : (view, null, scope.Value);
        }

        private static string ScopeText(Scope scope) => scope.All ? "everything" : scope.RunId == Scope.LiveRunId ? "the live view" : "run " + scope.RunId;

        private static string ScopeWords(Scope scope) => scope.All
            ? "Everything recorded (live and runs)"
            : scope.RunId == Scope.LiveRunId ? "Live: counts taken outside runs" : $"<a href=\"/runs/{scope.RunId}\">Run {scope.RunId}</a>";
    }
}
