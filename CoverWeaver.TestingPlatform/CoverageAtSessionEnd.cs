using System;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Testing.Platform.CommandLine;
using Microsoft.Testing.Platform.Extensions.Messages;
using Microsoft.Testing.Platform.Extensions.OutputDevice;
using Microsoft.Testing.Platform.Extensions.TestHost;
using Microsoft.Testing.Platform.Messages;
using Microsoft.Testing.Platform.OutputDevice;
using Microsoft.Testing.Platform.Services;
using Microsoft.Testing.Platform.TestHost;

namespace CoverWeaver.TestingPlatform
{
    /// <summary>
    /// The test app's part of <c>dotnet test -p:CoverWeave=true</c> under Microsoft.Testing.Platform:
    /// its counters start afresh with each test session; when the session ends it starts the
    /// collector (out of this woven process), shows what it printed, lists the reports as the
    /// session's artifacts and gives the platform the run's line coverage and the threshold's
    /// verdict, whose failure makes the app, and so <c>dotnet test</c>, exit non-zero. The test apps
    /// of one <c>dotnet test</c> share a session (<see cref="CommandSession"/>); the last to finish
    /// gives the summary of all.
    /// </summary>
    internal sealed class CoverageAtSessionEnd : ITestSessionLifetimeHandler, IDataProducer, IOutputDeviceDataProducer
    {
        /// <summary>Set in a test app that <c>dotnet test</c> runs (a new one for each app).</summary>
        private const string ExecutionIdVariable = "TESTINGPLATFORM_DOTNETTEST_EXECUTIONID";

        private const string ProducerId = "coverweaver";

        private readonly IServiceProvider _services;
        private readonly TestAppSettings _settings;

        public CoverageAtSessionEnd(IServiceProvider services, TestAppSettings settings)
        {
            _services = services;
            _settings = settings;
        }

        public string Uid => "CoverWeaver.TestingPlatform";

        public string Version => typeof(CoverageAtSessionEnd).Assembly.GetName().Version?.ToString() ?? "0";

        public string DisplayName => "CoverWeaver";

        public string Description => "Line coverage of the woven code the tests ran: summary, reports and threshold (dotnet test -p:CoverWeave=true).";

        public Type[] DataTypesProduced => new[] { typeof(TestCoverageMessage), typeof(TestCoverageThresholdMessage), typeof(SessionFileArtifact) };

        public Task<bool> IsEnabledAsync() => Task.FromResult(true);

        public Task OnTestSessionStartingAsync(ITestSessionContext context)
        {
            if (!IsDiscovery())
            {
                // Each run starts from no counter files, so a run never counts an earlier one's hits.
                try
                {
                    if (Directory.Exists(_settings.CountersDirectory))
                    {
                        Directory.Delete(_settings.CountersDirectory, recursive: true);
                    }
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"CoverWeaver: could not clear {_settings.CountersDirectory} ({e.Message}); an earlier run's counts may be added to this one's.");
                }
            }

            return Task.CompletedTask;
        }

        public async Task OnTestSessionFinishingAsync(ITestSessionContext context)
        {
            if (IsDiscovery())
            {
                return;
            }

            // Under dotnet test the platform has an execution id (of this app alone); the command's
            // session is named by the process that started every app of it.
            var underDotnetTest = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ExecutionIdVariable));
            var session = underDotnetTest ? CommandSession.Id() : null;
            var resultFile = Path.Combine(Path.GetTempPath(), "coverweaver-" + Guid.NewGuid().ToString("N") + ".result");
            var (exit, output, error) = await CollectorProcess.RunAsync(
                _settings.Collector,
                new[] { "collect", _settings.Path, session ?? "app-" + Guid.NewGuid().ToString("N"), resultFile, session != null ? "command" : "alone" },
                context.CancellationToken).ConfigureAwait(false);
            var result = CollectorResult.Read(resultFile);
            TryDelete(resultFile);

            await ShowAsync(output, error, exit != 0, underDotnetTest, context).ConfigureAwait(false);
            await PublishAsync(result, exit, context.SessionUid).ConfigureAwait(false);
        }

        /// <summary>
        /// What the collector printed: as the platform's session message and error (shown when the
        /// app runs by itself, and by a <c>dotnet test</c> that forwards them); on a failure under
        /// <c>dotnet test</c> also on the app's own output, which <c>dotnet test</c> shows for an app
        /// that exits non-zero.
        /// </summary>
        private async Task ShowAsync(string output, string error, bool failed, bool underDotnetTest, ITestSessionContext context)
        {
            var device = _services.GetService(typeof(IOutputDevice)) as IOutputDevice;
            if (device != null && output.Length > 0)
            {
                await device.DisplayAsync(this, new SessionMessageOutputDeviceData(output), context.CancellationToken).ConfigureAwait(false);
            }

            if (device != null && error.Length > 0)
            {
                await device.DisplayAsync(this, new ErrorMessageOutputDeviceData(error), context.CancellationToken).ConfigureAwait(false);
            }

            if (failed && underDotnetTest)
            {
                Console.Out.WriteLine(output);
                Console.Error.WriteLine(error);
            }
        }

        private async Task PublishAsync(CollectorResult result, int? exit, SessionUid session)
        {
            if (!(_services.GetService(typeof(IMessageBus)) is IMessageBus bus))
            {
                return;
            }

            if (result.Complete && result.Total is { } total)
            {
                await bus.PublishAsync(this, new TestCoverageMessage(session, CoverageScope.Overall, CoverageMetric.Line, total.Covered, total.Total, ProducerId, null)).ConfigureAwait(false);
                foreach (var report in result.Reports)
                {
                    await bus.PublishAsync(this, new SessionFileArtifact(session, new FileInfo(report), "CoverWeaver " + Path.GetFileName(report), "Line coverage of the woven code this run's tests ran.")).ConfigureAwait(false);
                }
            }

            if (result.Complete && result.Threshold is { } threshold)
            {
                foreach (var failure in result.Failures)
                {
                    await bus.PublishAsync(this, Verdict(session, failure.Kind, failure.Name, failure.Percent, threshold.Percent, hasData: true)).ConfigureAwait(false);
                }

                if (result.Failures.Count == 0 && threshold.Stat == "total" && result.Total is { Total: > 0 } passed)
                {
                    await bus.PublishAsync(this, Verdict(session, "total", "", passed.Covered * 100.0 / passed.Total, threshold.Percent, hasData: true)).ConfigureAwait(false);
                }
            }
            else if (_settings.Threshold.Length > 0 && exit != 0 && exit != 2)
            {
                // The collection failed (its error is shown): a threshold asked for cannot be met
                // by coverage that could not be collected.
                var required = double.TryParse(_settings.Threshold.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) ? percent : 100;
                await bus.PublishAsync(this, Verdict(session, "total", "", 0, Math.Max(0, Math.Min(100, required)), hasData: false)).ConfigureAwait(false);
            }
        }

        /// <summary>The platform's threshold verdict for one figure, as <c>Threshold.Check</c> names it.</summary>
        private static TestCoverageThresholdMessage Verdict(SessionUid session, string kind, string name, double actual, double required, bool hasData)
        {
            switch (kind)
            {
                case "average":
                    return new TestCoverageThresholdMessage(session, CoverageScope.Overall, CoverageMetric.Line, CoverageAggregation.Average, actual, required, hasData, ProducerId, CoverageScopeLevel.Assembly, false, null);
                case "assembly":
                    return new TestCoverageThresholdMessage(session, new CoverageScope(CoverageScopeLevel.Assembly, name, null), CoverageMetric.Line, CoverageAggregation.None, actual, required, hasData, ProducerId, null, false, null);
                case "module":
                    var comma = name.IndexOf(", ", StringComparison.Ordinal);
                    var assembly = comma < 0 ? null : name.Substring(comma + 2);
                    return new TestCoverageThresholdMessage(session, new CoverageScope(CoverageScopeLevel.Type, name, assembly), CoverageMetric.Line, CoverageAggregation.None, actual, required, hasData, ProducerId, null, false, null);
                default:
                    return new TestCoverageThresholdMessage(session, CoverageScope.Overall, CoverageMetric.Line, CoverageAggregation.None, actual, required, hasData, ProducerId, null, !hasData, null);
            }
        }

        /// <summary>A run that only lists the tests runs no woven code: nothing to collect, and the counters are left alone.</summary>
        private bool IsDiscovery() =>
            _services.GetService(typeof(ICommandLineOptions)) is ICommandLineOptions options && options.IsOptionSet("list-tests");

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // A leftover file in the temp folder is harmless.
            }
        }
    }
}
