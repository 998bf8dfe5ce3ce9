using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CoverWeaver.Center.Api;
using CoverWeaver.Center.Gateway;
using CoverWeaver.Center.Pages;
using CoverWeaver.Center.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoverWeaver.Center
{
    /// <summary>
    /// A running coverage center: its store, its gateway pulling the targets, and its API and pages
    /// on 127.0.0.1. Disposing it stops the pulls, then the server, then closes the store.
    /// </summary>
    public sealed class CenterHost : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _pulling;

        private CenterHost(WebApplication app, CenterContext context, Uri address)
        {
            _app = app;
            Context = context;
            Address = address;
            _pulling = context.Scraper.RunAsync(context.Options.Interval, _stop.Token);
        }

        /// <summary>Where the center answers, e.g. <c>http://127.0.0.1:8480/</c>.</summary>
        public Uri Address { get; }

        internal CenterContext Context { get; }

        /// <summary>
        /// Opens the store (creating or migrating it), reads the targets file, delivers what the
        /// spool kept from before, and starts serving and pulling.
        /// </summary>
        /// <exception cref="InvalidDataException">The targets file or the store cannot be used; the message says why.</exception>
        public static async Task<CenterHost> StartAsync(CenterOptions options, Action<string> log, CancellationToken cancel = default)
        {
            var store = CoverageStores.Open(options.Database);
            try
            {
                var targets = new TargetSet(options.TargetsFile, () => store.Targets().Select(t => new TargetSpec(t.Service, t.Url, t.Token, t.DataDirectory, "api")).ToList(), log);
                targets.Load();
                var spool = new Spool(options.SpoolDirectory ?? DefaultSpool(options.Database));
                var scraper = new Scraper(targets.Current, new StoreSink(store), spool, options.PullTimeout, log);
                var context = new CenterContext(options, store, targets, scraper, log);
                await scraper.FlushAsync(cancel).ConfigureAwait(false);

                var builder = WebApplication.CreateSlimBuilder();
                builder.Logging.ClearProviders();
                builder.WebHost.ConfigureKestrel(kestrel =>
                {
                    kestrel.Listen(IPAddress.Loopback, options.Port);
                    kestrel.Limits.MaxRequestBodySize = ApiEndpoints.MaxBatchBytes;
                    kestrel.AddServerHeader = false;
                });
                var app = builder.Build();
                ApiEndpoints.Map(app, context);
                PageEndpoints.Map(app, context);
                await app.StartAsync(cancel).ConfigureAwait(false);
                var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                log($"CoverWeaver center on {bound}/ ({store.Description}; {(options.Token == null ? "writes from this machine without a token" : "writes need the token")}).");
                return new CenterHost(app, context, new Uri(bound.TrimEnd('/') + "/"));
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }

        /// <summary>Beside a SQLite file; in the working directory for PostgreSQL.</summary>
        private static string DefaultSpool(string database) =>
            CoverageStores.IsPostgres(database) ? Path.GetFullPath("coverweaver-center.spool") : Path.GetFullPath(database) + ".spool";

        /// <summary>Stops pulling, then serving, and closes the store; spooled batches stay for the next start.</summary>
        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            try
            {
                await _pulling.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
            Context.Scraper.Dispose();
            Context.Store.Dispose();
            _stop.Dispose();
        }
    }
}
