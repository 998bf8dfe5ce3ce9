using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CoverWeaver.Center.Gateway;
using CoverWeaver.Center.Ingest;
using CoverWeaver.Center.Store;
using CoverWeaver.Center.Views;
using CoverWeaver.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CoverWeaver.Center.Api
{
    /// <summary>
    /// The JSON API: everything the pages show, and every write (runs, targets, a gateway's batches,
    /// a process's pushes). Bad input is a 4xx whose <c>error</c> says what is wrong; nothing a
    /// client sends can stop the center. Target tokens are never part of an answer.
    /// </summary>
    internal static class ApiEndpoints
    {
        /// <summary>The largest batch or push body taken: a million probes in the export format fit many times over.</summary>
        public const long MaxBatchBytes = 256L * 1024 * 1024;

        /// <summary>The largest JSON body taken (runs, targets).</summary>
        private const int MaxJsonBytes = 64 * 1024;

        public static void Map(IEndpointRouteBuilder app, CenterContext center)
        {
            app.MapGet("/api/status", () => Results.Json(new
            {
                store = center.Store.Description,
                size = center.Store.Size(),
                spooled = center.Scraper.Spooled,
                lastCycle = center.Scraper.LastCycle is { } cycle ? new { startedAt = cycle.StartedAt, milliseconds = cycle.Took.TotalMilliseconds, targets = cycle.Targets } : null,
                targetsFile = center.Targets.File,
                targetsFileProblem = center.Targets.FileProblem,
                writesNeedToken = center.Guard.RequiresToken,
                gateways = center.Gateways.Known().Select(g => new { id = g.Gateway, services = g.Services, lastSeen = g.LastSeen }),
            }));

            app.MapGet("/api/services", () => Results.Json(center.Store.Services().Select(s =>
            {
                var view = center.Views.Service(s, Scope.Everything, Array.Empty<string>())!;
                return new { name = s.Name, commit = s.Commit, lastSeen = s.LastSeen, lines = Lines(view.Figures.Total), builds = Builds(view.Data.Tables, view.Builds) };
            })));

            app.MapGet("/api/services/{name}", (string name, HttpRequest request) => WithView(center, name, request, view => Results.Json(new
            {
                name = view.Data.Service.Name,
                commit = view.Data.Service.Commit,
                scope = CoverageViews.ScopeText(view.Data.Scope),
                lines = Lines(view.Figures.Total),
                builds = Builds(view.Data.Tables, view.Builds),
                carried = view.Carried.Select(c => new { module = c.Module, method = c.Method, fromBuild = c.From }),
                assemblies = view.Figures.Assemblies.Select(a => new
                {
                    name = a.Name,
                    lines = Lines(a.Lines),
                    modules = a.Modules.Select(m => new { name = m.Name, lines = Lines(m.Lines), files = m.Files.Select(f => new { path = f.Path, lines = Lines(f.Figure) }) }),
                }),
                files = view.Figures.Files.Select(f => new { path = f.Key, lines = Lines(Figure.Of(f.Value.Values)) }),
                trend = center.Views.Trend(view.Data.Service).Select(t => new { run = t.Run.Id, name = t.Run.Name, commit = t.Run.Commit, sealedAt = t.Run.SealedAt, lines = Lines(t.Lines) }),
                targets = center.Scraper.StatusOf(new[] { view.Data.Service.Name }),
            })));

            // ex_integration_coveralls' questions: a service's total, its report, its commit id.
            app.MapGet("/api/services/{name}/total", (string name, HttpRequest request) => WithView(center, name, request, view => Results.Json(new
            {
                service = view.Data.Service.Name,
                scope = CoverageViews.ScopeText(view.Data.Scope),
                covered = view.Figures.Total.Covered,
                total = view.Figures.Total.Total,
                percent = view.Figures.Total.Percent,
            })));

            app.MapGet("/api/services/{name}/commit", (string name) =>
            {
                var service = center.Store.Service(name);
                return service == null ? NoService(name) : Results.Json(new { service = service.Name, commit = service.Commit });
            });

            app.MapGet("/api/services/{name}/report", (string name, HttpRequest request) => WithView(center, name, request, view => Report(view, request.Query["format"].ToString())));

            app.MapGet("/api/services/{name}/file", (string name, HttpRequest request) => WithView(center, name, request, view =>
            {
                var path = request.Query["path"].ToString();
                if (!view.Figures.Files.TryGetValue(path, out var lines))
                {
                    return Answers.Problem(404, $"{name} has no source file '{path}' in this scope; GET /api/services/{name} lists its files.");
                }

                return Results.Json(new { service = name, path, lines = Lines(Figure.Of(lines.Values)), counts = lines.Select(l => new { line = l.Key, count = l.Value }) });
            }));

            app.MapGet("/api/runs", () => Results.Json(center.Store.Runs().Select(RunJson)));

            app.MapGet("/api/runs/{id:long}", (long id) =>
            {
                var run = center.Store.Run(id);
                if (run == null)
                {
                    return NoRun(id);
                }

                return Results.Json(new
                {
                    run = RunJson(run),
                    services = run.Services.Select(name =>
                    {
                        var view = center.Views.Service(name, Scope.Run(id), Array.Empty<string>());
                        return new
                        {
                            name,
                            lines = view == null ? null : Lines(view.Figures.Total),
                            builds = view == null ? null : view.Data.Tables.Select(t => new
                            {
                                assembly = t.Assembly,
                                build = t.Build,
                                lines = Lines(view.BuildFigure(t)),
                            }),
                        };
                    }),
                });
            });

            app.MapPost("/api/runs", async (HttpRequest request) =>
            {
                if (center.Guard.Refusal(request) is IResult refused)
                {
                    return refused;
                }

                var (body, problem) = await ReadJson(request).ConfigureAwait(false);
                if (problem != null)
                {
                    return problem;
                }

                var name = Text(body, "name");
                var commit = Text(body, "commit");
                var services = body.TryGetProperty("services", out var list) && list.ValueKind == JsonValueKind.Array
                    ? list.EnumerateArray().Select(s => s.ValueKind == JsonValueKind.String ? s.GetString()! : "").ToList()
                    : null;
                if (Runs.RunControl.Problem(name, services) is string bad)
                {
                    return Answers.Problem(400, bad);
                }

                try
                {
                    var run = await center.Runs.StartAsync(name!, commit, services!, request.HttpContext.RequestAborted).ConfigureAwait(false);
                    return Results.Json(RunJson(run), statusCode: 201);
                }
                catch (ConflictException e)
                {
                    return Answers.Problem(409, e.Message);
                }
            });

            app.MapPost("/api/runs/{id:long}/end", async (long id, HttpRequest request) =>
            {
                if (center.Guard.Refusal(request) is IResult refused)
                {
                    return refused;
                }

                try
                {
                    var (run, targets, silent) = await center.Runs.EndAsync(id, request.HttpContext.RequestAborted).ConfigureAwait(false);
                    return Results.Json(new { run = RunJson(run), targets, silentGateways = silent });
                }
                catch (KeyNotFoundException)
                {
                    return NoRun(id);
                }
                catch (ConflictException e)
                {
                    return Answers.Problem(409, e.Message);
                }
            });

            app.MapGet("/api/diff", (HttpRequest request) =>
            {
                var name = request.Query["service"].ToString();
                var from = CoverageViews.ParseScope(request.Query["from"]);
                var to = CoverageViews.ParseScope(request.Query["to"]);
                if (from == null || to == null)
                {
                    return Answers.Problem(400, "from and to are scopes: run:<id>, live or all (GET /api/diff?service=hello&from=run:1&to=run:2).");
                }

                var before = center.Views.Service(name, from.Value, Array.Empty<string>());
                var after = center.Views.Service(name, to.Value, Array.Empty<string>());
                if (before == null || after == null)
                {
                    return NoService(name);
                }

                var (newly, lost) = CoverageViews.Diff(before.Figures, after.Figures);
                return Results.Json(new
                {
                    service = name,
                    from = CoverageViews.ScopeText(from.Value),
                    to = CoverageViews.ScopeText(to.Value),
                    newlyCovered = newly.Select(l => new { file = l.File, line = l.Line, count = l.Count }),
                    noLongerCovered = lost.Select(l => new { file = l.File, line = l.Line, count = l.Count }),
                });
            });

            app.MapGet("/api/targets", () => Results.Json(center.Scraper.Status()));

            // Pulls every target now rather than at the next interval; answers their states after it.
            app.MapPost("/api/pull", async (HttpRequest request) =>
            {
                if (center.Guard.Refusal(request) is IResult refused)
                {
                    return refused;
                }

                await center.Scraper.PullAllAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
                return Results.Json(center.Scraper.Status());
            });

            app.MapPost("/api/targets", async (HttpRequest request) =>
            {
                if (center.Guard.Refusal(request) is IResult refused)
                {
                    return refused;
                }

                var (body, problem) = await ReadJson(request).ConfigureAwait(false);
                if (problem != null)
                {
                    return problem;
                }

                var service = Text(body, "service");
                var url = TargetSpec.Normalize(Text(body, "url") ?? "");
                var bad = TargetSpec.ServiceProblem(service) ?? TargetSpec.UrlProblem(url);
                if (bad != null)
                {
                    return Answers.Problem(400, bad + " Register a target as {\"service\": \"hello\", \"url\": \"http://127.0.0.1:9464\", \"token\": \"…\", \"data\": \"/path/to/COVERWEAVER_DATA\"}.");
                }

                var token = Text(body, "token");
                if (token != null && TokenProblem(token) is string badToken)
                {
                    return Answers.Problem(400, badToken);
                }

                var data = Text(body, "data");
                var target = center.Store.AddTarget(service!, url, token, data == null ? null : Path.GetFullPath(data));
                return Results.Json(new { id = target.Id, service = target.Service, url = target.Url, hasToken = target.Token != null, data = target.DataDirectory }, statusCode: 201);
            });

            app.MapDelete("/api/targets/{id:long}", (long id, HttpRequest request) =>
            {
                if (center.Guard.Refusal(request) is IResult refused)
                {
                    return refused;
                }

                return center.Store.RemoveTarget(id) ? Results.NoContent() : Answers.Problem(404, $"There is no registered target {id}; GET /api/targets lists them.");
            });

            // A gateway of its own waits here for the center to ask for a pull (a run starts or ends).
            app.MapPost("/api/gateway/poll", async (HttpRequest request) =>
            {
                if (center.Guard.Refusal(request) is IResult refused)
                {
                    return refused;
                }

                var gateway = request.Query["gateway"].ToString();
                var services = request.Query["services"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
                if (gateway.Length == 0 || gateway.Length > 100 || !long.TryParse(request.Query["after"], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var after) ||
                    services.Any(s => TargetSpec.ServiceProblem(s) != null))
                {
                    return Answers.Problem(400, "A poll names its gateway, the request it saw last (after, -1 at first) and its services: ?gateway=<id>&after=<n>&services=a,b.");
                }

                var (id, asked) = await center.Gateways.PollAsync(gateway, services, after, TimeSpan.FromSeconds(20), request.HttpContext.RequestAborted).ConfigureAwait(false);
                return Results.Json(new { request = id, services = asked });
            });

            app.MapPost("/api/gateway/pulled", (HttpRequest request) =>
            {
                if (center.Guard.Refusal(request) is IResult refused)
                {
                    return refused;
                }

                if (!long.TryParse(request.Query["request"], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    return Answers.Problem(400, "Say which pull request was done: ?gateway=<id>&request=<n>.");
                }

                center.Gateways.Acknowledge(request.Query["gateway"].ToString(), id);
                return Results.NoContent();
            });

            app.MapPost("/api/batches", async (HttpRequest request) =>
            {
                if (center.Guard.Refusal(request) is IResult refused)
                {
                    return refused;
                }

                var bytes = await ReadBytes(request).ConfigureAwait(false);
                try
                {
                    var batch = BatchCodec.Decode(bytes, "The batch sent");
                    if (TargetSpec.ServiceProblem(batch.Service) is string bad)
                    {
                        return Answers.Problem(400, bad);
                    }

                    return Ingested(center.Store.Ingest(batch));
                }
                catch (InvalidDataException e)
                {
                    return Answers.Problem(400, e.Message);
                }
            });

            // A process's own push (COVERWEAVER_PUSH_URL=http://center/api/push/<service>): totals so far, so only growth is added.
            app.MapPost("/api/push/{service}", async (string service, HttpRequest request) =>
            {
                if (center.Guard.Refusal(request) is IResult refused)
                {
                    return refused;
                }

                if (TargetSpec.ServiceProblem(service) is string bad)
                {
                    return Answers.Problem(400, bad);
                }

                var source = request.Headers[CoverWeaver.Push.PushHeaders.Source].ToString();
                var sequenceText = request.Headers[CoverWeaver.Push.PushHeaders.Sequence].ToString();
                long? sequence = null;
                if (sequenceText.Length > 0)
                {
                    if (!long.TryParse(sequenceText, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                    {
                        return Answers.Problem(400, $"{CoverWeaver.Push.PushHeaders.Sequence} must be a whole number, not '{sequenceText}'.");
                    }

                    sequence = number;
                }

                if (source.Length > 200)
                {
                    return Answers.Problem(400, $"{CoverWeaver.Push.PushHeaders.Source} has at most 200 characters.");
                }

                var bytes = await ReadBytes(request).ConfigureAwait(false);
                try
                {
                    // A Coveralls job (JSON) is turned into counts; its job id names its process when no header does.
                    var coveralls = (request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
                    string? jobId = null;
                    if (coveralls)
                    {
                        (jobId, bytes) = CoverallsJob.Read(bytes, $"The Coveralls job pushed to {service}");
                    }

                    // A pusher without an id (before push ids) is one source per service: its repeated totals still add nothing.
                    var named = source.Length > 0 ? source : jobId != null ? "coveralls:" + jobId : "anonymous";
                    return Ingested(center.Store.Ingest(new Batch(BatchKind.Push, service, $"push:{service}:{named}", source.Length > 0 ? sequence : null, DateTimeOffset.UtcNow, bytes)
                    {
                        Origin = $"a push to {service} from {named}",
                    }));
                }
                catch (InvalidDataException e)
                {
                    return Answers.Problem(400, e.Message + " Push the export format (COVERWEAVER_PUSH_FORMAT=coverweaver) or a Coveralls job (application/json).");
                }
            });

            app.MapFallback("/api/{**rest}", (HttpRequest request) => Answers.Problem(404, $"No such API route: {request.Method} {request.Path}."));
        }

        /// <summary>Runs <paramref name="answer"/> on the service's view in the request's scope and builds, or answers why there is none.</summary>
        internal static IResult WithView(CenterContext center, string name, HttpRequest request, Func<ServiceView, IResult> answer)
        {
            var scope = CoverageViews.ParseScope(request.Query["scope"]);
            if (scope == null)
            {
                return Answers.Problem(400, $"scope must be all, live or run:<id>, not '{request.Query["scope"]}'.");
            }

            var builds = request.Query["build"].Where(b => !string.IsNullOrEmpty(b)).Select(b => b!).ToList();
            if (center.Store.Service(name) == null)
            {
                return NoService(name);
            }

            var view = center.Views.Service(name, scope.Value, builds, Carry(request));
            return view == null ? Answers.Problem(404, $"{name} has no build {string.Join(", ", builds)} in scope {CoverageViews.ScopeText(scope.Value)}.") : answer(view);
        }

        /// <summary>A report of the view as a download, written by the project's report writers.</summary>
        internal static IResult Report(ServiceView view, string formatName)
        {
            var format = ReportFormats.All.FirstOrDefault(f => string.Equals(f.Name, formatName, StringComparison.OrdinalIgnoreCase));
            if (format == null)
            {
                return Answers.Problem(400, $"format must be one of {string.Join(", ", ReportFormats.All.Select(f => f.Name))}, not '{formatName}'.");
            }

            var snapshots = view.Snapshots();
            var folder = Path.Combine(Path.GetTempPath(), "coverweaver-center-" + Guid.NewGuid().ToString("N"));
            try
            {
                var written = format.Write(snapshots, folder, DateTimeOffset.Now);
                var name = $"{view.Data.Service.Name}-{CoverageViews.ScopeText(view.Data.Scope).Replace(':', '-')}";
                if (format.Name == "html")
                {
                    var zip = folder + ".zip";
                    System.IO.Compression.ZipFile.CreateFromDirectory(Path.GetDirectoryName(written)!, zip);
                    var bytes = File.ReadAllBytes(zip);
                    File.Delete(zip);
                    return Results.File(bytes, "application/zip", name + "-html.zip");
                }

                var type = format.Name switch
                {
                    "cobertura" => "application/xml",
                    "json" => "application/json",
                    "export" => Nodes.NodeHttp.ContentType,
                    _ => "text/plain; charset=utf-8",
                };
                return Results.File(File.ReadAllBytes(written), type, name + "-" + Path.GetFileName(written));
            }
            finally
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }

        /// <summary>Whether counts of unchanged methods carry over from older builds: yes unless <c>carry=false</c>.</summary>
        internal static bool Carry(HttpRequest request) => !string.Equals(request.Query["carry"].ToString(), "false", StringComparison.OrdinalIgnoreCase);

        private static IResult Ingested(IngestResult result) =>
            Results.Json(new { duplicate = result.Duplicate, run = result.RunId == Scope.LiveRunId ? (long?)null : result.RunId, modules = result.Modules, hits = result.Hits });

        internal static object Lines(Figure figure) => new { covered = figure.Covered, total = figure.Total, percent = figure.Percent };

        private static IEnumerable<object> Builds(IReadOnlyList<TableRecord> all, IReadOnlyList<TableRecord> shown) =>
            all.Select(t => new { assembly = t.Assembly, build = t.Build, firstSeen = t.FirstSeen, lastSeen = t.LastSeen, shown = shown.Contains(t) });

        private static object RunJson(RunRecord run) => new
        {
            id = run.Id,
            name = run.Name,
            commit = run.Commit,
            state = run.State,
            startedAt = run.StartedAt,
            endRequestedAt = run.EndRequestedAt,
            sealedAt = run.SealedAt,
            services = run.Services,
        };

        private static IResult NoService(string name) => Answers.Problem(404, $"No service '{name}' has sent coverage; GET /api/services lists those that have.");

        private static IResult NoRun(long id) => Answers.Problem(404, $"There is no run {id}; GET /api/runs lists them.");

        private static string? TokenProblem(string token)
        {
            try
            {
                CoverWeaver.Server.BearerToken.From(token);
                return null;
            }
            catch (ArgumentException e)
            {
                return e.Message;
            }
        }

        private static string? Text(JsonElement body, string name) =>
            body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static async Task<(JsonElement Body, IResult? Problem)> ReadJson(HttpRequest request)
        {
            if (request.ContentLength > MaxJsonBytes)
            {
                return (default, Answers.Problem(413, $"A JSON body has at most {MaxJsonBytes} bytes."));
            }

            if (!(request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                return (default, Answers.Problem(415, "Send the body as Content-Type: application/json."));
            }

            try
            {
                var buffer = new MemoryStream();
                var chunk = new byte[8192];
                int read;
                while ((read = await request.Body.ReadAsync(chunk).ConfigureAwait(false)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    if (buffer.Length > MaxJsonBytes)
                    {
                        return (default, Answers.Problem(413, $"A JSON body has at most {MaxJsonBytes} bytes."));
                    }
                }

                using var document = JsonDocument.Parse(buffer.ToArray());
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return (default, Answers.Problem(400, "The body must be a JSON object."));
                }

                return (document.RootElement.Clone(), null);
            }
            catch (JsonException e)
            {
                return (default, Answers.Problem(400, "The body is not valid JSON: " + e.Message));
            }
        }

        private static async Task<byte[]> ReadBytes(HttpRequest request)
        {
            var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }
}
